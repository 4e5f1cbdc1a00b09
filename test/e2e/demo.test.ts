// The README's main command (`npm start`, which runs out/scripts/demo.js) as a new user meets it, on a machine
// without the desktop `code`: it prepares the demo workspace and desk with the real `repro`, serves them in
// code-server and prints the URL; the page at that URL shows the tickets, the runs recorded and the report;
// Ctrl-C ends it cleanly. Screenshot: test-artifacts/demo.png.

import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { artifact } from '../helpers/artifacts';
import { readDesk } from '../helpers/desk';
import { ROOT } from '../helpers/golden';
import { launchBrowser, openWorkbench } from './harness/codeServer';

/** Resolves with the first line of the process's stdout that matches `pattern` (its first group). */
function lineOf(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = pattern.exec(seen);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the demo ended (${code}) before it printed ${pattern}:\n${seen}`)));
  });
}

describe('the demo (npm start) on a machine without the desktop VS Code', function () {
  this.timeout(240_000);
  let dir: string;
  let demo: ChildProcess | undefined;
  let browser: Browser | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'repro-demo-'));
  });
  after(async () => {
    await browser?.close();
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prepares the workspace and the desk, serves them, shows the tickets and the report, and stops on Ctrl-C', async () => {
    // No `code` on this PATH, whatever the machine has: the demo takes code-server.
    const path = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !existsSync(join(d, 'code'))).join(delimiter);
    demo = spawn(process.execPath, [join(ROOT, 'out', 'scripts', 'demo.js'), '--dir', dir], { env: { ...process.env, PATH: path }, stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await lineOf(demo, /^open: (\S+)$/m);

    // The desk holds what the job did: four tickets from calls, each with five recorded runs, a bug, a report.
    const desk = await readDesk(join(dir, 'desk.sqlite'), (d) => ({
      tickets: d.all<{ key: string; runs: number }>('SELECT key, (SELECT count(*) FROM run_ticket WHERE ticket_id = ticket.id) AS runs FROM ticket ORDER BY key'),
      documents: d.all<{ kind: string }>('SELECT kind FROM document'),
    }));
    assert.deepEqual(desk.tickets, [
      { key: 'SUP-1001', runs: 1 },
      { key: 'SUP-1002', runs: 1 },
      { key: 'SUP-1003', runs: 1 },
      { key: 'SUP-1004', runs: 1 },
    ]);
    assert.deepEqual(desk.documents, [{ kind: 'repro-report' }]);
    assert.ok(existsSync(join(dir, 'workspace', 'documents', 'SUP-1001-report.html')));

    const launched = await launchBrowser();
    browser = launched.browser;
    const { page } = launched;
    await openWorkbench(page, url);
    await page.locator('.activitybar .action-item a[aria-label^="Repro Desk"]').click();
    for (const key of ['SUP-1001', 'SUP-1002', 'SUP-1003', 'SUP-1004']) {
      await page.locator('.pane-body .monaco-list-row', { hasText: key }).first().waitFor({ state: 'visible' });
    }
    await page.locator('.pane-body .monaco-list-row', { hasText: 'BUG-1' }).waitFor({ state: 'visible' });
    await page.locator('.pane-body .monaco-list-row', { hasText: /REP-\d{4}-0001 — SUP-1001/ }).waitFor({ state: 'visible' });
    await page.mouse.move(800, 450); // no tooltip over the views in the picture
    await page.screenshot({ path: artifact('demo.png') });

    const exited = new Promise<number | null>((resolve) => demo!.once('exit', resolve));
    demo.kill('SIGINT');
    assert.equal(await exited, 0);
  });
});
