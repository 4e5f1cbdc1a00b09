// A second, independent LSP client: Debian's Neovim, headless (test/server/neovim/init.lua). It starts the
// server over stdio like any editor's configuration would, and gets the diagnostics `repro check` gives.

import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, REPRO } from '../helpers/cli';
import { ROOT } from '../helpers/golden';

const SCRIPT = 'step "Start"\n  rnu acme --version\n  run echo ${UNDEFINED}\n  expect stdout == @missing.txt\n';

describe('Neovim as the client (headless)', function () {
  this.timeout(30000);
  it('receives the server\'s diagnostics for a file, the same as repro check', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'repro-nvim-'));
    try {
      const file = join(folder, 'broken.repro');
      const out = join(folder, 'diagnostics.json');
      writeFileSync(file, SCRIPT);
      const nvim = spawn('nvim', ['--headless', '--clean', '-u', join(ROOT, 'test', 'server', 'neovim', 'init.lua'), file], {
        cwd: folder,
        env: { ...process.env, REPRO_NVIM_OUT: out, REPRO_SERVER: join(ROOT, 'dist', 'server.js') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      nvim.stdout.on('data', (chunk) => (output += chunk));
      nvim.stderr.on('data', (chunk) => (output += chunk));
      const code = await new Promise<number | null>((resolve, reject) => {
        nvim.once('error', (error) => reject(new Error(`nvim could not start (npm test installs it: test/setup.sh): ${error.message}`)));
        nvim.once('exit', resolve);
      });
      assert.equal(code, 0, output);
      const published = JSON.parse(readFileSync(out, 'utf8')) as { uri: string; diagnostics: { code: string; message: string; range: { start: { line: number; character: number } } }[]; error?: string };
      assert.equal(published.error, undefined);
      assert.equal(published.uri, `file://${file}`);
      const cli = JSON.parse(spawnSync(process.execPath, [REPRO, 'check', '--format', 'json', file], { env: cliEnv(), encoding: 'utf8' }).stdout) as { code: string; line: number; column: number; message: string }[];
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.message]),
        cli.map((d) => [d.code, d.line, d.column, d.message]),
      );
      assert.equal(cli.length, 4);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
