// The team desk on PostgreSQL through VS Code's own UI: two code-server windows (each its own server, user data
// and settings) on one desk, as two logins, a specialist (window A, password from PGPASSWORD) and a developer
// (window B, no password anywhere but what is typed), as a team sets it up (the README's roles, `repro desk
// init URL`):
//   - window B asks for the password (an input box that hides it) and opens the desk; after a reload the kept
//     password opens it; once the server refuses that one (it was changed) it is forgotten and asked again;
//     Forget the Team Desk Password forgets it;
//   - a note added in window A (the command palette, as a user would) appears in window B's open ticket live;
//   - the developer's window trying to issue a closing act is refused by the server, says so, and no act is made;
//   - the server crashes: both windows say the desk is offline; back, they show what the CLI wrote meanwhile;
//   - no password is in either window's settings.json or log.
// Screenshots of both windows in test-artifacts/team-desk-*.png.

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { DESK_ROLES } from '../../shared/desk/engines/postgres/access';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { artifact } from '../helpers/artifacts';
import { cliEnv, REPRO } from '../helpers/cli';
import { teamDatabase, teamRole, teamServer, TEST_PASSWORD } from '../helpers/desk';
import type { PostgresServer } from '../helpers/postgres';
import { answer, command, openVsCode, reloadWindow, showDesk, shown, toast, webview, type Workbench } from './harness/workbench';

const SUBJECT = 'Export crashes on an empty customer name';
const ORGANIZATION = 'Acme Logistics';
const SPECIALIST = 'e2e_anna';
const DEVELOPER = 'e2e_dmitry';
const OWNER = 'e2e_desk_owner';
/** The developer's password once the administrator has changed it. */
const CHANGED_PASSWORD = 'changed-secret-77';

/** No ~/.pgpass of the machine's can help a window. */
const NO_PGPASS = join(tmpdir(), 'repro-e2e-no-pgpass');

/** The URL as a user puts it in the setting: no password in it. */
const withoutPassword = (url: string): string => url.replace(`:${encodeURIComponent(TEST_PASSWORD)}@`, '@');

/** `repro ARGS…` as a process, with PGPASSWORD (as a terminal on the team's machine has it). */
async function repro(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [REPRO, ...args], { env: cliEnv({ PGPASSWORD: TEST_PASSWORD, PGPASSFILE: NO_PGPASS }) });
  return stdout;
}

/** Adds an internal note to a ticket through the command and its quick inputs. */
async function addNote(page: Page, key: string, text: string): Promise<void> {
  await command(page, 'Repro Desk: Add a Note…');
  await answer(page, 'Add a note to which ticket?', key, key);
  await answer(page, 'What kind of note?', undefined, 'Internal note');
  await answer(page, `Note on ${key}`, text);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a ticket's panel with Open Ticket by Key and resolves with its page. */
async function openTicket(page: Page, key: string): ReturnType<typeof webview> {
  await command(page, 'Repro Desk: Open Ticket by Key…');
  await answer(page, 'Open which ticket?', key, key);
  return webview(page, `${key}: ${SUBJECT}`);
}

/** The Tickets view has read the desk: SUP-1, resolved, is its one group. */
const ticketsShown = (page: Page) => page.locator('.pane-body .monaco-list-row', { hasText: /^\s*resolved\s*1\s*$/ }).first();

/** Answers the password question (its first words), once it is asked. */
async function typePassword(page: Page, question: string, password: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-message', { hasText: question }).waitFor({ state: 'visible' });
  await answer(page, question, password);
}

/** The connection's status bar item, which shows only while the desk is offline. */
const offlineItem = (page: Page) => page.locator('.statusbar-item', { hasText: 'Desk offline — reconnecting' });

/** Every log file under `folder` (the server's user data: the extension host's logs, the extension's own). */
function logFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.log'))
    .map((e) => join(e.parentPath, e.name));
}

/** Resolves with the log file under `folder` that holds `text`, once one does (now, or after a later write). */
function logHolding(folder: string, text: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const find = (): string | undefined => logFiles(folder).find((file) => readFileSync(file, 'utf8').includes(text));
    const done = (file: string): void => {
      clearTimeout(bound);
      watcher.close();
      resolve(file);
    };
    const bound = setTimeout(() => {
      watcher.close();
      reject(new Error(`no log under ${folder} held "${text}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const watcher = watch(folder, { recursive: true }, () => {
      const file = find();
      if (file) done(file);
    });
    const file = find();
    if (file) done(file);
  });
}

describe('the team desk in two VS Code windows, two logins (PostgreSQL; screenshots in test-artifacts/team-desk-*)', function () {
  this.timeout(300_000);
  let pg: PostgresServer;
  let urlOf: (login: string) => string;
  let a: Workbench;
  let b: Workbench;

  /** What the desk holds, read as its owner (another process than both windows). */
  async function onDesk<T>(read: (desk: TeamDesk) => T): Promise<T> {
    const desk = await TeamDesk.open(urlOf(OWNER));
    try {
      return read(desk);
    } finally {
      desk.close();
    }
  }

  before(async () => {
    pg = await teamServer();
    const database = await teamDatabase(OWNER);
    urlOf = database.url;
    await teamRole(SPECIALIST, DESK_ROLES.specialist);
    await teamRole(DEVELOPER, DESK_ROLES.developer);
    // As the README says: the administrator makes the schema; a specialist opens the first ticket and resolves it.
    await repro('desk', 'init', withoutPassword(urlOf(OWNER)));
    await repro('ticket', 'create', '--subject', SUBJECT, '--org', ORGANIZATION, '--db', withoutPassword(urlOf(SPECIALIST)));
    await repro('ticket', 'status', 'SUP-1', 'resolved', '--resolution', 'answered', '--db', withoutPassword(urlOf(SPECIALIST)));
    const settings = { 'workbench.colorTheme': 'Default Light Modern' };
    [a, b] = await Promise.all([
      openVsCode({ trusted: true, settings, machineSettings: { 'repro.desk.path': withoutPassword(urlOf(SPECIALIST)) }, env: { PGPASSWORD: TEST_PASSWORD, PGPASSFILE: NO_PGPASS } }),
      openVsCode({ trusted: true, settings, machineSettings: { 'repro.desk.path': withoutPassword(urlOf(DEVELOPER)) }, env: { PGPASSFILE: NO_PGPASS } }),
    ]);
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    const name = `failed-team-desk-${this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 40)}`;
    await a?.page.screenshot({ path: artifact(`${name}-a.png`) });
    await b?.page.screenshot({ path: artifact(`${name}-b.png`) });
  });

  after(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('window B, with no password anywhere, asks for it (hidden as typed), and the desk opens; window A needs none', async () => {
    await showDesk(b.page);
    const question = `Password of ${DEVELOPER} for the team desk`;
    await b.page.locator('.quick-input-widget .quick-input-message', { hasText: question }).waitFor({ state: 'visible' });
    assert.equal(await b.page.locator('.quick-input-widget input.input').first().getAttribute('type'), 'password', 'what is typed is hidden');
    await b.page.screenshot({ path: artifact('team-desk-password-prompt.png') });
    await answer(b.page, question, TEST_PASSWORD);
    await ticketsShown(b.page).waitFor({ state: 'visible' });
    assert.match(readFileSync(await logHolding(b.server.userDataDir, 'opened in'), 'utf8'), new RegExp(`desk postgresql://${DEVELOPER}@\\S+ opened in \\d+ ms as ${DEVELOPER}`));

    // Window A had PGPASSWORD: it opens without a question.
    await showDesk(a.page);
    await ticketsShown(a.page).waitFor({ state: 'visible' });
    assert.equal(await a.page.locator('.quick-input-widget').isVisible(), false);
  });

  it('the kept password opens the desk after a reload; refused once changed, it is forgotten and asked again; Forget forgets it', async () => {
    await reloadWindow(b.page);
    await showDesk(b.page);
    await ticketsShown(b.page).waitFor({ state: 'visible' });
    assert.equal(await b.page.locator('.quick-input-widget').isVisible(), false, 'no question: the kept password was used');

    await pg.psql(`ALTER ROLE ${DEVELOPER} PASSWORD '${CHANGED_PASSWORD}'`);
    // Reloaded with the Explorer shown: views restored on a desk that waits for a password would keep their
    // progress bar until it is typed, and the reload is over only when no view shows one.
    await command(b.page, 'View: Show Explorer');
    await reloadWindow(b.page);
    await showDesk(b.page);
    await typePassword(b.page, 'refused that password', CHANGED_PASSWORD);
    await ticketsShown(b.page).waitFor({ state: 'visible' });

    await command(b.page, 'Repro Desk: Forget the Team Desk Password');
    await toast(b.page, 'The team desk password is forgotten.').waitFor({ state: 'visible' });
    await typePassword(b.page, `Password of ${DEVELOPER} for the team desk`, CHANGED_PASSWORD);
    await ticketsShown(b.page).waitFor({ state: 'visible' });
  });

  it("a note added in window A appears in window B's open ticket, live; its author is A's login", async () => {
    const panel = await openTicket(b.page, 'SUP-1');
    const note = 'Called the customer back: the export works with a placeholder name';
    await addNote(a.page, 'SUP-1', note);
    await panel.locator('.timeline .entry-text', { hasText: note }).waitFor({ state: 'visible' });
    await a.page.screenshot({ path: artifact('team-desk-window-a.png') });
    await b.page.screenshot({ path: artifact('team-desk-window-b.png') });
    assert.deepEqual(await onDesk((d) => d.all('SELECT by FROM note WHERE body = ?', [note])), [{ by: SPECIALIST }]);
  });

  it("the developer's window may not issue a closing act: the server refuses, the window says so, no act is made", async () => {
    await command(b.page, 'Repro Desk: Issue a Closing Act…');
    await answer(b.page, 'Closing act for which organization?', undefined, ORGANIZATION);
    await answer(b.page, 'Which tickets does the act cover?');
    await b.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Issue Act' }).click();
    await toast(b.page, `your login ${DEVELOPER} may not do that on the team desk`).waitFor({ state: 'visible' });
    await shown(b.page, '.notification-toast');
    await b.page.screenshot({ path: artifact('team-desk-developer-refused.png') });
    assert.deepEqual(await onDesk((d) => d.all("SELECT number FROM document WHERE kind = 'closing-act'")), []);
  });

  it('the server crashes: both windows say the desk is offline; back, they show what the CLI wrote meanwhile', async () => {
    const panels = { a: await openTicket(a.page, 'SUP-1'), b: await openTicket(b.page, 'SUP-1') };
    await pg.crash();
    await Promise.all([offlineItem(a.page).waitFor({ state: 'visible' }), offlineItem(b.page).waitFor({ state: 'visible' })]);
    await b.page.screenshot({ path: artifact('team-desk-offline.png') });
    await pg.restart();
    // Written as soon as the server is back: before the windows have reconnected (read by their catch-up) or
    // after (told by the server), each must show it.
    const note = 'Written from a terminal while the editors were offline';
    await repro('note', 'add', 'SUP-1', '--body', note, '--db', withoutPassword(urlOf(SPECIALIST)));
    for (const [page, panel] of [[a.page, panels.a], [b.page, panels.b]] as const) {
      await panel.locator('.timeline .entry-text', { hasText: note }).waitFor({ state: 'visible' });
      await offlineItem(page).waitFor({ state: 'hidden' });
    }
    await b.page.screenshot({ path: artifact('team-desk-back-online.png') });
  });

  it("after all of it, no password is in either window's settings.json or log", async () => {
    for (const window of [a, b]) {
      const userData = window.server.userDataDir;
      const files = [join(userData, 'User', 'settings.json'), join(userData, 'Machine', 'settings.json'), ...logFiles(dirname(userData))];
      assert.ok(files.some((f) => f.endsWith('.log') && readFileSync(f, 'utf8').includes('desk online again')), 'the extension\'s log is among them');
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const password of [TEST_PASSWORD, CHANGED_PASSWORD]) assert.ok(!text.includes(password), `${file} holds a password`);
      }
    }
  });
});
