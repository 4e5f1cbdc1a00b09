// The extension's test suite inside a real VS Code extension host. The same module is what both runners load:
// code-server in Chromium here (test/e2e/extension.test.ts) and @vscode/test-electron on a desktop
// (test/vscode/runDesktop.ts). REPRO_E2E_SUITE picks the spec (trusted | restricted); each spec asserts the
// host is what it needs instead of skipping itself. REPRO_E2E_RESULTS, when set, receives the passes, the
// failures and the figures measured (activation time) as JSON: the exit code is all a runner gets otherwise.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { figures } from './host';

export interface SuiteResults {
  suite: string;
  passes: string[];
  failures: { title: string; error: string }[];
  figures: Record<string, number>;
}

export async function run(): Promise<void> {
  const suite = process.env.REPRO_E2E_SUITE ?? 'trusted';
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, reporter: 'spec', color: false });
  mocha.addFile(join(__dirname, `${suite}.spec.js`));
  const results: SuiteResults = { suite, passes: [], failures: [], figures };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => results.passes.push(test.fullTitle()));
    runner.on('fail', (test, error: Error) => results.failures.push({ title: test.fullTitle(), error: error?.stack ?? String(error) }));
  });
  if (process.env.REPRO_E2E_RESULTS) writeFileSync(process.env.REPRO_E2E_RESULTS, JSON.stringify(results, null, 2));
  if (results.failures.length > 0 || results.passes.length === 0) throw new Error(`${results.failures.length} of the extension's tests failed`);
}
