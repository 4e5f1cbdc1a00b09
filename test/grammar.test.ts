// The TextMate grammar: generated from the tables (a golden file), and it colors a real script as meant, run
// through the same engine as VS Code (vscode-textmate with Oniguruma).

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { textmateGrammar } from '../shared/core/textmate';
import { assertGolden, ROOT } from './helpers/golden';

const GRAMMAR = join(ROOT, 'syntaxes', 'repro.tmLanguage.json');

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR),
  });
  return (await registry.loadGrammar('source.repro'))!;
}

/** Each token's text and its scopes, line by line. */
function tokens(grammar: textmate.IGrammar, text: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  let state = textmate.INITIAL;
  for (const line of text.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim()) out.push([piece, t.scopes.map((s) => s.replace(/\.repro$/, ''))]);
    }
    state = result.ruleStack;
  }
  return out;
}

describe('grammar', () => {
  it('syntaxes/repro.tmLanguage.json is generated from the tables', () => {
    assertGolden(GRAMMAR, JSON.stringify(textmateGrammar(), null, 2) + '\n');
  });
  it('colors commands, directives, conditions, strings, variables, regexes, comments and the archive', async () => {
    const grammar = await loadGrammar();
    const script = [
      '# A title',
      'ticket  SUP-1042',
      'mask    /\\d{4}-\\d\\d/ "<date>"',
      'step "Export"',
      '  [linux] run acme --db ${DB} # note',
      '  bug stderr ~ /Unicode #\\d+/i',
      '  capture ID stdout /id: (\\d+)/',
      '  http GET http://127.0.0.1:${PORT}/x --header "A: b"',
      '-- data.txt --',
      'run not a command',
    ].join('\n');
    const found = tokens(grammar, script);
    const expect = (text: string, scope: string): void => {
      const token = found.find(([t, scopes]) => t === text && scopes.includes(scope));
      assert.ok(token, `${text} should be ${scope}; got ${JSON.stringify(found.filter(([t]) => t === text))}`);
    };
    expect('#', 'comment.line.number-sign');
    expect(' A title', 'comment.line.number-sign');
    expect('ticket', 'keyword.other.directive');
    expect('SUP-1042', 'constant.other.ticket');
    expect('mask', 'keyword.other.directive');
    expect('{4}-', 'string.regexp');
    expect('\\d', 'constant.character.escape.regexp');
    expect('step', 'keyword.control.command');
    expect('linux', 'entity.name.tag.condition');
    expect('run', 'keyword.control.command');
    expect('--db', 'variable.parameter.flag');
    expect('DB', 'variable.other');
    expect(' note', 'comment.line.number-sign');
    expect('A: b', 'string.quoted.double');
    expect('stderr', 'support.type.subject');
    expect('~', 'keyword.operator.matcher');
    expect('Unicode #', 'string.regexp');
    expect('i', 'keyword.other.flag.regexp');
    expect('GET', 'support.constant.http-method');
    expect('data.txt', 'entity.name.section.archive');
    expect('run not a command', 'string.unquoted.archive');
  });
});
