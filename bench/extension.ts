// The extension as users get it: the size of each bundle, and activation time in a real VS Code (code-server,
// as the end-to-end tests run it): from activate() to the language server answering `initialize`.

import { readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { SuiteResults } from '../test/vscode/index';
import { runExtensionTests } from '../test/e2e/harness/codeServer';
import { workspaceCopy } from '../test/e2e/workspace';
import { fixed, table } from './measure';

const ROOT = join(__dirname, '..');
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/repro.js'];
const ACTIVATIONS = 5;

function bundleSizes(): string {
  const rows: (string | number)[][] = [['bundle', 'KB', 'gzip KB']];
  for (const bundle of BUNDLES) {
    const bytes = readFileSync(join(ROOT, bundle));
    rows.push([bundle, fixed(statSync(join(ROOT, bundle)).size / 1024, 1), fixed(gzipSync(bytes).length / 1024, 1)]);
  }
  return table(rows);
}

async function activation(): Promise<number> {
  const workspace = workspaceCopy();
  const resultsFile = join(tmpdir(), `repro-bench-activation-${process.pid}.json`);
  try {
    const run = await runExtensionTests({
      workspace,
      trusted: true,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'vscode', 'index.js'),
      env: { REPRO_E2E_SUITE: 'activation', REPRO_E2E_RESULTS: resultsFile },
    });
    if (run.exitCode !== 0) throw new Error(`the activation run failed (exit ${run.exitCode})`);
    return (JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults).figures.activationMs;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(resultsFile, { force: true });
  }
}

export async function runExtensionBenchmark(): Promise<string> {
  const out = [bundleSizes()];
  try {
    const times: number[] = [];
    for (let i = 0; i < ACTIVATIONS; i++) times.push(await activation());
    times.sort((a, b) => a - b);
    out.push(`activation in code-server (VS Code 1.100.3), ${ACTIVATIONS} fresh windows: median ${fixed(times[Math.floor(times.length / 2)], 0)} ms (min ${fixed(times[0], 0)}, max ${fixed(times[times.length - 1], 0)})`);
  } catch (error) {
    out.push(`activation: not measured: ${(error as Error).message} (bash test/e2e/setup.sh installs a real VS Code)`);
  }
  return out.join('\n');
}
