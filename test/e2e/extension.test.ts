// The extension's own suite (test/vscode) inside a real VS Code: code-server's extension host, in Debian's
// Chromium (test/e2e/setup.sh installs both). Once in a trusted folder, once in Restricted Mode.

import { strict as assert } from 'node:assert';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SuiteResults } from '../vscode/index';
import { artifact } from '../helpers/artifacts';
import { ROOT } from '../helpers/golden';
import { runExtensionTests } from './harness/codeServer';
import { workspaceCopy } from './workspace';

/** Where the last figures of the suite are kept for `npm run bench` (activation time in a real VS Code). */
export const FIGURES_FILE = 'extension-figures.json';

async function runSuite(suite: 'trusted' | 'restricted'): Promise<SuiteResults> {
  const workspace = workspaceCopy();
  const resultsFile = join(workspace, '..', `${workspace.split('/').pop()}-results.json`);
  const console: string[] = [];
  const failureShot = artifact(`extension-${suite}-failure.png`);
  rmSync(failureShot, { force: true });
  try {
    const run = await runExtensionTests({
      workspace,
      trusted: suite === 'trusted',
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(ROOT, 'out', 'test', 'vscode', 'index.js'),
      env: { REPRO_E2E_SUITE: suite, REPRO_E2E_RESULTS: resultsFile },
      screenshotOnFailure: failureShot,
      onConsole: (line) => console.push(line),
    });
    let results: SuiteResults | undefined;
    try {
      results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
    } catch {
      // No results: the suite did not get to run; the exit code and the console say why.
    }
    const failures = results?.failures.map((f) => `${f.title}\n${f.error}`).join('\n\n');
    assert.ok(results, `the suite wrote no results (exit ${run.exitCode}${run.timedOut ? ', timed out' : ''}):\n${console.slice(-40).join('\n')}`);
    assert.equal(run.exitCode, 0, failures || console.slice(-40).join('\n'));
    assert.deepEqual(results.failures, []);
    return results;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(resultsFile, { force: true });
  }
}

describe('the extension inside a real VS Code (code-server)', function () {
  this.timeout(240000);

  it('in a trusted folder: activates, checks, completes, runs into the Testing API, cancels', async () => {
    const results = await runSuite('trusted');
    assert.ok(results.passes.length >= 10, results.passes.join('\n'));
    assert.ok(results.figures.activationMs > 0);
    writeFileSync(artifact(FIGURES_FILE), JSON.stringify(results.figures, null, 2));
  });

  it('in Restricted Mode: checks and completes, runs nothing', async () => {
    const results = await runSuite('restricted');
    assert.equal(results.passes.length, 5, results.passes.join('\n'));
  });
});
