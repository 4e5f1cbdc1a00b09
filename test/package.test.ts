// The .vsix `npm run package` builds (scripts/package.ts, the same function): exactly what the extension reads at
// run time, and nothing else. The list below is the contract; .vscodeignore is how vsce is told.
// Needs a current dist/ (esbuild.mjs, which `npm test` runs first).

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { packageVsix, vsixName, type Packaged } from '../scripts/package';
import { ROOT } from './helpers/golden';

/** Every file under a folder of the repository, as repository-relative POSIX paths. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(ROOT, folder, f)).isFile())
    .map((f) => posix.join(folder, f.split('\\').join('/')));
}

/** Every string in a JSON value (the manifest's paths are among them). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('the .vsix (npm run package)', function () {
  this.timeout(120_000);
  let dir: string;
  let packaged: Packaged;
  let files: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'repro-vsix-'));
    packaged = await packageVsix({ out: join(dir, vsixName()), quiet: true });
    files = packaged.entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds exactly the files the extension needs at run time', () => {
    const expected = [
      'package.json',
      // vsce names the details page readme.md, whatever the case of the file.
      'readme.md',
      'package.nls.json',
      'package.nls.ru.json',
      'l10n/bundle.l10n.ru.json',
      'dist/extension.js',
      'dist/server.js',
      'dist/sql-wasm.wasm',
      'dist/pgWorker.js',
      'language-configuration.json',
      'syntaxes/repro.tmLanguage.json',
      'snippets/repro.json',
      'client/media/panel.js',
      'client/media/panel.css',
      // The activity bar's icon and the walkthrough's pictures and first script; the examples it copies out.
      ...filesUnder('media'),
      ...filesUnder('examples'),
    ];
    assert.deepEqual([...files].sort(), [...expected].sort());
    // Besides the extension's folder, only vsce's own manifest and content types.
    assert.deepEqual(packaged.entries.filter((e) => !e.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  });

  it('leaves out sources, tests, the CLI, source maps and node_modules', () => {
    const unwanted = files.filter((f) => /(^|\/)(node_modules|src|out|test|scripts)\/|\.map$|\.ts$|^dist\/repro\.js$/.test(f));
    assert.deepEqual(unwanted, []);
  });

  it('holds every file the manifest names (main, icons, grammar, snippets, walkthrough media…)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; contributes: unknown };
    const named = [manifest.main, ...strings(manifest.contributes)]
      .map((s) => posix.normalize(s.replace(/^\.\//, '')))
      .filter((s) => /^[\w.-]+(\/[\w.-]+)*\.\w+$/.test(s) && existsSync(join(ROOT, s)) && statSync(join(ROOT, s)).isFile());
    assert.ok(named.includes('dist/extension.js') && named.includes('syntaxes/repro.tmLanguage.json'), `found: ${named}`);
    for (const path of named) assert.ok(files.includes(path), `${path} is named by package.json but not in the .vsix`);
  });

  it('is small (the code is bundled; the size is printed by npm run package)', () => {
    // About 0.8 MB today; a stray node_modules or source maps would take it far past this.
    assert.ok(packaged.bytes < 2_000_000, `${packaged.bytes} bytes`);
  });
});
