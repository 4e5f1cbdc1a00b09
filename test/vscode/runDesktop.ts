// The extension's suite on a desktop VS Code, through @vscode/test-electron (it downloads VS Code, so it needs
// the internet; these machines reach only npm and Debian, where test/e2e/extension.test.ts runs the same
// suite in code-server). Usage, after `node esbuild.mjs`:
//   node out/test/vscode/runDesktop.js [trusted|restricted]

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { ROOT } from '../helpers/golden';

async function main(suite: string): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'repro-e2e-'));
  cpSync(join(ROOT, 'test', 'vscode', 'workspace'), workspace, { recursive: true });
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'vscode', 'index.js'),
      extensionTestsEnv: { REPRO_E2E_SUITE: suite },
      launchArgs: [workspace, '--disable-extensions', ...(suite === 'trusted' ? ['--disable-workspace-trust'] : [])],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

const suite = process.argv[2] ?? 'trusted';
if (suite !== 'trusted' && suite !== 'restricted') {
  process.stderr.write(`runDesktop: unknown suite ${suite} (trusted or restricted)\n`);
  process.exit(2);
}
main(suite).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
