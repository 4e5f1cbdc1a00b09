// Invariants of the design that no type checker enforces.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTICS } from '../shared/core/diagnostics';
import { COMMANDS } from '../shared/core/commands';
import { ROOT } from './helpers/golden';

/** What the pure core may import: itself, and libraries that do no I/O. */
const CORE_MAY_IMPORT = [/^\.\.?\//, /^@vscode\/l10n$/, /^semver\//, /^vscode-languageserver-types$/];

describe('architecture', () => {
  it('shared/core (and its features) imports no vscode, LSP connection, file system or process', () => {
    const dir = join(ROOT, 'shared', 'core');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes(join('features', 'completion.ts')), 'the features are scanned too');
    for (const file of files) {
      // Comments may name what the code must not touch; only code counts.
      const source = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [, module] of source.matchAll(/(?:from|import|require\()\s*'([^']+)'/g)) {
        assert.ok(CORE_MAY_IMPORT.some((allowed) => allowed.test(module)), `${file} imports ${module}`);
      }
      assert.doesNotMatch(source, /\bprocess\.|\brequire\(/, `${file} touches the process`);
    }
  });
  it('the diagnostic table holds exactly the codes of spec §6', () => {
    const spec = ['RS001', 'RS002', 'RS003', 'RS004', 'RS005', 'RS006', 'RS007', 'RS008', 'RS009', 'RS010', 'RS011', 'RS012', 'RS013', 'RS101', 'RS102', 'RS103', 'RS104', 'RS105', 'RS106'];
    assert.deepEqual(Object.keys(DIAGNOSTICS), spec);
    for (const [code, entry] of Object.entries(DIAGNOSTICS)) assert.equal(entry.severity, code.startsWith('RS0') ? 'error' : 'warning', code);
  });
  it('message ids are unique across codes, so a message names its code unambiguously', () => {
    const ids = Object.values(DIAGNOSTICS).flatMap((d) => Object.keys(d.messages));
    assert.equal(new Set(ids).size, ids.length);
  });
  it('the command table holds every command and directive of spec §3, each once', () => {
    const names = COMMANDS.map((c) => c.name).sort();
    assert.deepEqual(names, ['allow-network', 'bug', 'capture', 'cd', 'env', 'expect', 'http', 'mask', 'port', 'requires', 'run', 'seed', 'set', 'sleep', 'step', 'stop', 'ticket', 'timeout', 'title', 'wait']);
  });
});
