// The extension as it ships: packaged by `npm run package`'s own function, installed from the .vsix into a real
// VS Code (code-server, as a user installs it; nothing loaded from this folder), and used. Each scenario needs a
// file that only the package can supply: the language server's bundle (Problems of a broken script), the desk's
// SQLite WebAssembly (the Tickets view lists the desk), the panels' page script and style (a ticket panel).
// The other scenarios (screens, desk) run against a package too with REPRO_E2E_VSIX=repro-desk-<version>.vsix.

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { perform } from '../../shared/desk/operations';
import { Desk } from '../../shared/desk/store';
import { packageVsix, vsixName } from '../../scripts/package';
import { artifact } from '../helpers/artifacts';
import { workspaceCopy } from './workspace';
import { answer, command, openFile, openVsCode, webview, type Workbench } from './harness/workbench';

const SUBJECT = 'Invoice totals are off by one cent';

describe('the extension installed from its .vsix', function () {
  this.timeout(180_000);
  let dir: string;
  let folder: string;
  let workbench: Workbench;
  let page: Page;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'repro-e2e-vsix-'));
    const { path } = await packageVsix({ out: join(dir, vsixName()), quiet: true });
    // A desk with one ticket, written as another process would (the extension reads it through the package's wasm).
    const deskPath = join(dir, 'desk', 'desk.sqlite');
    const desk = await Desk.open(deskPath);
    try {
      await perform(desk, 'createTicket', { subject: SUBJECT });
    } finally {
      desk.close();
    }
    folder = workspaceCopy();
    workbench = await openVsCode({ trusted: true, vsix: path, workspace: folder, machineSettings: { 'repro.desk.path': deskPath } });
    page = workbench.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    await page.screenshot({ path: artifact(`failed-vsix-${this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 50)}.png`) });
  });

  after(async () => {
    await workbench?.close();
    for (const path of [dir, folder]) if (path) rmSync(path, { recursive: true, force: true });
  });

  it('is installed in the extensions folder (and not loaded from the repository)', () => {
    const installed = readdirSync(workbench.server.extensionsDir).filter((name) => name.startsWith('repro-desk.repro-desk-'));
    assert.equal(installed.length, 1, `extensions: ${readdirSync(workbench.server.extensionsDir)}`);
    const root = join(workbench.server.extensionsDir, installed[0]);
    for (const file of ['dist/extension.js', 'dist/server.js', 'dist/sql-wasm.wasm', 'client/media/panel.js']) assert.ok(existsSync(join(root, file)), file);
    assert.ok(!existsSync(join(root, 'node_modules')) && !existsSync(join(root, 'client', 'src')));
  });

  it('its language server lists a broken script\'s mistakes in Problems', async () => {
    await openFile(page, 'broken.repro');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible' });
    await command(page, 'View: Focus Problems');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'RS001' }).waitFor({ state: 'visible' });
    assert.equal(await rows.filter({ hasText: /RS00\d/ }).count(), 4);
  });

  it('its desk views read the desk (SQLite in WebAssembly)', async () => {
    await page.locator('.activitybar .action-item a[aria-label^="Repro Desk"]').click();
    await page.locator('.pane-header', { hasText: 'Documents' }).waitFor({ state: 'visible' });
    await page.locator('.pane-body .monaco-list-row', { hasText: 'SUP-1' }).first().waitFor({ state: 'visible' });
  });

  it('a ticket panel shows, with its page script and style', async () => {
    await command(page, 'Repro Desk: Open Ticket by Key…');
    await answer(page, 'Open which ticket?', 'SUP-1', 'SUP-1');
    const panel = await webview(page, `SUP-1: ${SUBJECT}`);
    // panel.js renders the page (the title among it); panel.css lays the badges out in a row.
    await panel.locator('#title', { hasText: SUBJECT }).waitFor({ state: 'visible' });
    assert.equal(await panel.locator('.badges').first().evaluate((e) => getComputedStyle(e).display), 'flex');
    await page.screenshot({ path: artifact('vsix-ticket.png') });
  });
});

// What the page's code above uses of the DOM (the tests' TypeScript has no DOM library).
declare function getComputedStyle(element: unknown): { display: string };
