// Handing a bug to a real Redmine 5.0 through VS Code's own UI (code-server in Chromium), as a specialist does:
//   - the bug panel's "Hand to developers' tracker" asks for the API key (an input box that hides it), hands the
//     bug over and says so; Redmine holds the issue with the report and the script;
//   - a developer resolves it in Redmine with a comment; Pull from Developers' Tracker resolves the bug, and
//     the comment appears in the open panel's timeline under the developer's name;
//   - the key is in neither the settings nor a log;
//   - with repro.tracker.pullMinutes set, a comment made in Redmine arrives by itself.
// Screenshots in test-artifacts/tracker-*.png.

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { artifact } from '../helpers/artifacts';
import { cliEnv, REPRO } from '../helpers/cli';
import { startRedmine, type RedmineServer } from '../helpers/redmine';
import type { FrameLocator, Page } from 'playwright-core';
import { answer, command, openVsCode, toast, webview, type Workbench } from './harness/workbench';

const TITLE = 'Export crashes on ё in a customer name';

/** Opens BUG-1's panel, presses its "Hand to developers' tracker" and gives KEY when asked; resolves with the panel and the issue's number. */
async function handOver(page: Page, key: string): Promise<{ panel: FrameLocator; id: number }> {
  await command(page, 'Repro Desk: Open Bug by Key…');
  await answer(page, 'Open which bug?', 'BUG-1', 'BUG-1');
  const panel = await webview(page, `BUG-1: ${TITLE}`);
  await panel.locator('#hand-to-tracker').click();
  const question = 'Your API key for the tracker at';
  await page.locator('.quick-input-widget .quick-input-message', { hasText: question }).waitFor({ state: 'visible' });
  assert.equal(await page.locator('.quick-input-widget input.input').first().getAttribute('type'), 'password', 'what is typed is hidden');
  await answer(page, question, key);
  const said = toast(page, /BUG-1 is handed over as #\d+/);
  await said.waitFor({ state: 'visible' });
  return { panel, id: Number(/#(\d+)/.exec((await said.textContent()) ?? '')![1]) };
}

/** A desk file with BUG-1 and the tracker configured, made with the command line as a specialist would. */
async function deskWithBug(redmine: RedmineServer): Promise<{ path: string; repro: (...args: string[]) => Promise<string> }> {
  const path = join(mkdtempSync(join(tmpdir(), 'repro-e2e-tracker-')), 'desk.sqlite');
  const repro = async (...args: string[]): Promise<string> =>
    (await promisify(execFile)(process.execPath, [REPRO, ...args], { env: cliEnv({ REPRO_DESK_DB: path, REPRO_DESK_USER: 'anna' }) })).stdout;
  await repro('desk', 'init');
  await repro('bug', 'create', '--title', TITLE, '--severity', 'critical');
  await repro('tracker', 'config', '--kind', 'redmine', '--url', redmine.url, '--project', redmine.project);
  return { path, repro };
}

describe("handing a bug to the developers' tracker in VS Code (a real Redmine; screenshots in test-artifacts/tracker-*)", function () {
  this.timeout(300_000);
  let redmine: RedmineServer;
  let vscode: Workbench;
  let repro: (...args: string[]) => Promise<string>;

  before(async () => {
    redmine = await startRedmine();
    const desk = await deskWithBug(redmine);
    repro = desk.repro;
    vscode = await openVsCode({ trusted: true, settings: { 'workbench.colorTheme': 'Default Light Modern' }, machineSettings: { 'repro.desk.path': desk.path } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await vscode?.page.screenshot({ path: artifact(`failed-tracker-${this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 40)}.png`) });
  });

  after(async () => {
    await vscode?.close();
    await redmine?.stop();
  });

  it("the bug panel's button asks for the API key (hidden as typed) and hands the bug over; Redmine holds it", async () => {
    const { page } = vscode;
    const { id } = await handOver(page, redmine.adminKey);
    await page.screenshot({ path: artifact('tracker-handed-over.png') });
    const { json } = await redmine.api('GET', `/issues/${id}.json?include=attachments`);
    assert.equal(json.issue.subject, `BUG-1: ${TITLE}`);
    assert.equal(json.issue.priority.name, 'High');
    assert.match(json.issue.description, /^h1\. Reproduction report: BUG-1$/m);
    assert.deepEqual(json.issue.attachments.map((a: { filename: string }) => a.filename), ['BUG-1-report.html']);
  });

  it("a developer resolves it in Redmine with a comment; Pull from Developers' Tracker resolves the bug and shows the comment by its author", async () => {
    const { page } = vscode;
    const external = JSON.parse(await repro('bug', 'show', 'BUG-1', '--json')).externalKey as string;
    const statuses = (await redmine.api('GET', '/issue_statuses.json')).json.issue_statuses as { id: number; name: string }[];
    const comment = 'Fixed: names are read as UTF-8 now';
    const done = await redmine.api('PUT', `/issues/${external.slice(1)}.json`, { issue: { status_id: statuses.find((s) => s.name === 'Resolved')!.id, notes: comment } }, redmine.developerKey);
    assert.equal(done.status, 204, done.text);
    await command(page, "Repro Desk: Pull from Developers' Tracker");
    await toast(page, 'bugs checked: 1, changed: 1, resolved: 1; new comments: 1').waitFor({ state: 'visible' });
    const panel = await webview(page, `BUG-1: ${TITLE}`);
    const entry = panel.locator('.timeline .entry', { hasText: comment });
    await entry.waitFor({ state: 'visible' });
    const developer = (await redmine.api('GET', `/users/${redmine.developerId}.json`)).json.user;
    assert.match((await entry.textContent()) ?? '', new RegExp(`${developer.firstname} ${developer.lastname}`));
    await page.screenshot({ path: artifact('tracker-pulled.png') });
    assert.equal(JSON.parse(await repro('bug', 'show', 'BUG-1', '--json')).status, 'resolved');
  });

  it('the API key is in neither the settings nor a log', () => {
    const files = readdirSync(vscode.server.userDataDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && (e.name.endsWith('.log') || e.name === 'settings.json'))
      .map((e) => join(e.parentPath, e.name));
    assert.ok(files.some((f) => f.endsWith('settings.json')), 'the settings were looked at');
    for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(redmine.adminKey), `${file} holds the API key`);
  });
});

describe('the tracker on a timer: repro.tracker.pullMinutes (a real Redmine)', function () {
  this.timeout(300_000);
  let redmine: RedmineServer;
  let vscode: Workbench;

  before(async () => {
    redmine = await startRedmine();
    const desk = await deskWithBug(redmine);
    // Every 1.2 s, for the test's sake.
    vscode = await openVsCode({ trusted: true, settings: { 'repro.tracker.pullMinutes': 0.02 }, machineSettings: { 'repro.desk.path': desk.path } });
  });

  after(async () => {
    await vscode?.close();
    await redmine?.stop();
  });

  it("once a key is kept, a developer's comment in Redmine appears in the open panel with no command run", async () => {
    const { panel, id } = await handOver(vscode.page, redmine.adminKey);
    const comment = 'Released in the nightly build';
    assert.equal((await redmine.api('PUT', `/issues/${id}.json`, { issue: { notes: comment } }, redmine.developerKey)).status, 204);
    await panel.locator('.timeline .entry', { hasText: comment }).waitFor({ state: 'visible' });
  });
});
