// The support desk through VS Code's own UI (code-server in Chromium, driven by Playwright, as a specialist
// would use it: the command palette, quick inputs, the panels' fields and buttons, the Run lens):
//   - a whole case: a call → a ticket → a new script → a run in the ticket's timeline → a bug → the fix →
//     fix ready → Verify fix → a closing act;
//   - a subject holding markup is shown as text, and no webview breaks its Content-Security-Policy;
//   - after a reload of the workbench, open panels come back with what was being typed;
//   - two windows on one desk, both changing it at once, lose nothing and see each other's changes;
//   - screenshots of every view and panel, light, dark and high contrast (test-artifacts/desk-*.png).
// The scenarios run in order on one VS Code and one desk: each starts where the one before stopped.
// The program the script reproduces a defect in is a shell script of the test's; "the fix" replaces it.

import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import type { Desk } from '../../shared/desk/store';
import { artifact } from '../helpers/artifacts';
import { readDesk } from '../helpers/desk';
import { openWorkbench } from './harness/codeServer';
import { answer, command, openVsCode, reloadWindow, showDesk, toast, webview, type Workbench } from './harness/workbench';

// What the pages' code below uses of the DOM (the tests' TypeScript has no DOM library).
declare const ReportingObserver: new (callback: () => void, options: { types: string[]; buffered: boolean }) => {
  observe(): void;
  takeRecords(): { body: { effectiveDirective: string; blockedURL: string } }[];
  disconnect(): void;
};
declare const document: { createElement(tag: 'img'): { onerror: () => void; src: string } };

const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const SUBJECT = 'Export crashes on an empty customer name';

/** The program as it ships (it crashes on an empty name) and as fixed. */
const PROGRAM = {
  broken: '#!/bin/sh\n[ -n "$1" ] || { echo "Traceback: empty customer name" >&2; exit 3; }\necho "report for $1"\n',
  fixed: '#!/bin/sh\necho "report for ${1:-(no name)}"\n',
};

/** The script, naming the program by its path (the extension host's PATH is the login shell's, not the test's). */
const script = (key: string, program: string): string =>
  [`ticket ${key}`, `title "${SUBJECT}"`, '', 'step "Export the report of a customer without a name"', `  run ${program} ""`, '  bug exit 3', '  bug stderr contains "Traceback"', ''].join('\n');

/** Resolves once the file holds `text` (now, or after a later write). */
function fileHolds(path: string, text: string): Promise<void> {
  return new Promise((resolve) => {
    const holds = (): boolean => existsSync(path) && readFileSync(path, 'utf8') === text;
    const watcher = watch(dirname(path), () => {
      if (!holds()) return;
      watcher.close();
      resolve();
    });
    if (holds()) {
      watcher.close();
      resolve();
    }
  });
}

/**
 * Resolves once `holds` is true of the desk (now, or after a later write). A write is a rename into the
 * desk's folder, so the folder's watcher sees each one; a check that fails waits for the next.
 */
function deskHolds(path: string, what: string, holds: (desk: Desk) => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const bound = setTimeout(() => {
      watcher.close();
      reject(new Error(`the desk never held ${what} (${timeoutMs} ms)`));
    }, timeoutMs);
    let checking = false;
    let again = false;
    const check = async (): Promise<void> => {
      if (checking) return void (again = true);
      checking = true;
      do {
        again = false;
        if (existsSync(path) && (await readDesk(path, holds))) {
          clearTimeout(bound);
          watcher.close();
          return resolve();
        }
      } while (again);
      checking = false;
    };
    const watcher = watch(dirname(path), () => void check().catch(reject));
    void check().catch(reject);
  });
}

/**
 * What broke the Content-Security-Policy of a webview's page since it was written: the page's own buffered
 * reports (ReportingObserver with `buffered`, so nothing needs to listen beforehand).
 */
function cspReports(frame: FrameLocator): Promise<string[]> {
  return frame.locator('body').evaluate(() => {
    const observer = new ReportingObserver(() => undefined, { types: ['csp-violation'], buffered: true });
    observer.observe();
    const reports = observer.takeRecords().map((r) => `${r.body.effectiveDirective} ${r.body.blockedURL}`);
    observer.disconnect();
    return reports;
  });
}

/** Puts an image from the network into a page by hand (what a policy must refuse); resolves once it is refused. */
function addRemoteImage(frame: FrameLocator): Promise<void> {
  return frame.locator('body').evaluate(
    (body) =>
      new Promise<void>((done) => {
        const img = document.createElement('img');
        img.onerror = () => done();
        img.src = 'https://example.invalid/x.png';
        body.append(img);
      }),
  );
}

/** Switches the color theme with its picker, as a user would. */
async function theme(page: Page, name: string): Promise<void> {
  await command(page, 'Preferences: Color Theme');
  await answer(page, 'Select Color Theme', name, name);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Adds an internal note to a ticket through the command and its quick inputs. */
async function addNote(page: Page, deskPath: string, key: string, text: string): Promise<void> {
  await command(page, 'Repro Desk: Add a Note…');
  await answer(page, 'Add a note to which ticket?', key, key);
  await answer(page, 'What kind of note?', undefined, 'Internal note');
  await answer(page, `Note on ${key}`, text);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  // The command writes after its last question closes: wait for the write, not for the box.
  await deskHolds(deskPath, `the note "${text}"`, (d) => d.get("SELECT 1 FROM note WHERE body = ?", [text]) !== undefined);
}

/** Selects a value in one of a panel's choice fields and applies it (Enter, as the hint says). */
async function choose(panel: FrameLocator, field: string, value: string): Promise<void> {
  await panel.locator(`#field-${field}`).selectOption(value);
  await panel.locator(`#field-${field}`).press('Enter');
}

/** A panel's status, as its badge shows it, once it is `status`. */
async function statusIs(panel: FrameLocator, label: string): Promise<void> {
  await panel.locator('#badge-status', { hasText: label }).waitFor({ state: 'visible' });
}

describe('the support desk through the VS Code UI (screenshots in test-artifacts/)', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  let page: Page;
  let folder: string;
  let deskPath: string;
  let bin: string;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'repro-e2e-desk-ui-'));
    deskPath = join(folder, 'desk', 'desk.sqlite');
    bin = join(folder, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'acme-report'), PROGRAM.broken);
    chmodSync(join(bin, 'acme-report'), 0o755);
    workbench = await openVsCode({
      trusted: true,
      // The script is typed in one go (as pasted): the editor adds no indentation of its own to it.
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'editor.autoIndent': 'none' },
      machineSettings: { 'repro.desk.path': deskPath },
    });
    page = workbench.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    // Where it stood: the workbench, and the text of every webview (the panels' pages are not in the screenshot's DOM).
    const name = `failed-desk-${this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 50)}`;
    await page.screenshot({ path: artifact(`${name}.png`) });
    const texts = await Promise.all(page.frames().map(async (f) => `== ${f.url().slice(0, 100)}\n${await f.evaluate('document.body?.innerText ?? ""').catch(() => '')}`));
    writeFileSync(artifact(`${name}.txt`), texts.join('\n\n'));
  });

  after(async () => {
    await workbench?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a whole case: call, ticket, script, run, bug, fix, fix ready, verify fix, closing act', async () => {
    // The empty desk welcomes with what to do first.
    await showDesk(page);
    await page.locator('.welcome-view-content', { hasText: 'The desk is empty' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('desk-welcome-light.png') });

    // Register the call by keyboard: inbound, a new organization, a new contact, the channel, what it was about,
    // and a new ticket.
    await command(page, 'Repro Desk: Register a Call…');
    await answer(page, 'Inbound or outbound call?', undefined, 'inbound');
    await answer(page, 'Organization', 'Acme Logistics', 'New organization: Acme Logistics');
    await answer(page, 'Who called', 'Ivan Petrov', 'New contact: Ivan Petrov');
    await answer(page, 'Channel', 'phone', 'phone');
    await answer(page, 'What the call was about', SUBJECT);
    await answer(page, 'What is the call about?', undefined, 'New ticket');
    await toast(page, 'Call registered on SUP-1.').locator('.monaco-button', { hasText: 'Open Ticket' }).click();
    const ticket = await webview(page, `SUP-1: ${SUBJECT}`);
    await statusIs(ticket, 'new');
    await ticket.locator('.timeline .entry-call').first().waitFor({ state: 'visible' });

    // A script for the ticket, from the template, written and saved.
    await command(page, 'Repro Desk: New Repro Script for a Ticket…');
    await answer(page, 'New repro script for which ticket?', undefined, 'SUP-1');
    await page.locator('.tab.active[data-resource-name="SUP-1.repro"]').waitFor({ state: 'visible' });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(script('SUP-1', join(bin, 'acme-report')));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    await fileHolds(join(workbench.folder, 'repro', 'SUP-1.repro'), script('SUP-1', join(bin, 'acme-report')));

    // Run it with its lens: the run is recorded on the ticket and shows in the panel.
    await page.locator('.codelens-decoration a', { hasText: /^\s*Run\s*$/ }).first().click();
    const panel = await webview(page, `SUP-1: ${SUBJECT}`);
    await panel.locator('.timeline .entry-run .entry-what', { hasText: 'reproduced' }).waitFor({ state: 'visible' });
    await panel.locator('.script .outcome-reproduced', { hasText: '1 of 1' }).waitFor({ state: 'visible' });
    await choose(panel, 'status', 'reproducing');
    await statusIs(panel, 'reproducing');

    // A bug from the ticket, and a developer for it (added to the staff on the way): the ticket is escalated.
    await command(page, 'Repro Desk: Link Ticket to a Bug…');
    await answer(page, 'Link which ticket to a bug?', undefined, 'SUP-1');
    await answer(page, 'Link SUP-1 to which bug?', undefined, 'New bug from this ticket');
    await answer(page, 'Title of the bug');
    await command(page, 'Repro Desk: Assign a Developer…');
    await answer(page, 'Assign a developer to which bug?', undefined, 'BUG-1');
    await answer(page, 'Developer for BUG-1', 'daria', 'Add daria to the staff');
    await answer(page, 'Full name of daria', 'Daria Developer');
    await answer(page, 'Role of Daria Developer', 'developer', 'developer');
    const escalated = await webview(page, `SUP-1: ${SUBJECT}`);
    await statusIs(escalated, 'escalated');

    // The developer fixes it: resolved as fixed in the bug panel, opened from the ticket's.
    await escalated.locator('.bug-link', { hasText: 'BUG-1' }).click();
    const bug = await webview(page, /^BUG-1: /);
    await bug.locator('#field-status').selectOption('resolved');
    await bug.locator('#field-resolution').selectOption('fixed');
    await bug.locator('#row-status button.save').click();
    await statusIs(bug, 'resolved');
    assert.equal(await readDesk(deskPath, (d) => d.get<{ status: string }>("SELECT status FROM ticket WHERE key = 'SUP-1'")?.status), 'fix-ready');

    // The fixed program ships; Verify fix runs the script expecting the defect gone, and marks the bug verified.
    writeFileSync(join(bin, 'acme-report'), PROGRAM.fixed);
    await bug.locator('#verify-fix').click();
    await toast(page, 'The fix of BUG-1 holds').locator('.monaco-button', { hasText: 'Mark Verified' }).click();
    await statusIs(await webview(page, /^BUG-1: /), 'verified');

    // The customer is told; the ticket is resolved; a closing act is issued (after the confirmation) and saved.
    const resolved = await webview(page, `SUP-1: ${SUBJECT}`);
    await statusIs(resolved, 'fix ready');
    await resolved.locator('#field-status').selectOption('resolved');
    await resolved.locator('#field-resolution').selectOption('fixed');
    await resolved.locator('#row-status button.save').click();
    await statusIs(resolved, 'resolved');
    await command(page, 'Repro Desk: Issue a Closing Act…');
    await answer(page, 'Closing act for which organization?', undefined, 'Acme Logistics');
    await answer(page, 'Which tickets does the act cover?');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Issue Act' }).click();
    await answer(page, 'Keep the document?');
    await toast(page, /Saved documents\/ACT-\d{4}-0001\.html/).waitFor({ state: 'visible' });
    const act = await webview(page, /ACT-\d{4}-0001/);
    await act.locator('h1', { hasText: /Closing act No\. ACT-\d{4}-0001/ }).waitFor({ state: 'visible' });

    const year = new Date().getFullYear();
    assert.ok(existsSync(join(workbench.folder, 'documents', `ACT-${year}-0001.html`)));
    const desk = await readDesk(deskPath, (d) => ({
      ticket: d.get<{ status: string; resolution: string }>("SELECT status, resolution FROM ticket WHERE key = 'SUP-1'"),
      bug: d.get<{ status: string; reproducibility: string }>("SELECT status, reproducibility FROM bug WHERE key = 'BUG-1'"),
      runs: d.all<{ outcome: string; expected: string | null }>('SELECT outcome, expected FROM run ORDER BY id'),
      acts: d.all<{ number: string; status: string }>("SELECT number, status FROM document WHERE kind = 'closing-act'"),
    }));
    assert.deepEqual(desk, {
      ticket: { status: 'resolved', resolution: 'fixed' },
      // One reproduction measures nothing (spec §4), and a verification does not count for the defect.
      bug: { status: 'verified', reproducibility: 'have-not-tried' },
      runs: [
        { outcome: 'reproduced', expected: 'reproduced' },
        { outcome: 'not-reproduced', expected: 'not-reproduced' },
      ],
      acts: [{ number: `ACT-${year}-0001`, status: 'issued' }],
    });
  });

  it('a subject holding markup is shown as text; no webview breaks its Content-Security-Policy', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await command(page, 'Repro Desk: New Ticket…');
    await answer(page, 'Subject of the new ticket', XSS);
    await answer(page, 'Priority', undefined, 'normal');
    const panel = await webview(page, 'SUP-2: ');
    assert.equal(await panel.locator('#title').textContent(), `SUP-2: ${XSS}`);
    assert.equal(await panel.locator('#app img, #app script').count(), 0);
    await page.locator('.tabs-container .tab', { hasText: 'SUP-2: <script>' }).waitFor({ state: 'visible' });
    await showDesk(page);
    await page.locator('.pane-body .monaco-list-row', { hasText: XSS }).first().waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('desk-markup-as-text.png') });
    assert.deepEqual(dialogs, []);
    assert.deepEqual(await cspReports(panel), [], 'the page broke no policy');

    // The reports are real: a remote image put into the page by hand is refused, and reported.
    await addRemoteImage(panel);
    assert.deepEqual(await cspReports(panel), ['img-src https://example.invalid/x.png']);
  });

  it('after a reload of the workbench, open panels come back with what was being typed', async () => {
    const steps = (): Promise<string | null | undefined> => readDesk(deskPath, (d) => d.get<{ steps: string | null }>("SELECT steps FROM ticket WHERE key = 'SUP-1'")?.steps);
    const saved = await steps();
    const before = await webview(page, `SUP-1: ${SUBJECT}`);
    await before.locator('#field-steps').fill('1. Open the customer card\n2. Clear the name');
    await before.locator('#row-steps.dirty').waitFor({ state: 'visible' });
    await reloadWindow(page);
    const after = await webview(page, `SUP-1: ${SUBJECT}`);
    await after.locator('#row-steps.dirty').waitFor({ state: 'visible' });
    assert.equal(await after.locator('#field-steps').inputValue(), '1. Open the customer card\n2. Clear the name');
    assert.equal(await steps(), saved, 'a draft is not saved');
    await page.locator('.tabs-container .tab', { hasText: 'SUP-2: ' }).waitFor({ state: 'visible' });
  });

  it('two windows on one desk, changing it at once, lose nothing and see each other\'s changes', async () => {
    const context = await workbench.browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const second = await context.newPage();
      await openWorkbench(second, page.url());
      const notes = (window: string): string[] => [1, 2, 3].map((n) => `Called back from window ${window}, try ${n}`);
      const add = async (on: Page, window: string): Promise<void> => {
        for (const text of notes(window)) await addNote(on, deskPath, 'SUP-1', text);
      };
      await Promise.all([add(page, 'A'), add(second, 'B')]);
      const bodies = await readDesk(deskPath, (d) => d.all<{ body: string }>("SELECT body FROM note WHERE body LIKE 'Called back from window %' ORDER BY id").map((n) => n.body));
      assert.deepEqual([...bodies].sort(), [...notes('A'), ...notes('B')].sort());
      // Each window shows the other's notes too (it re-reads the desk when another process writes it).
      for (const [on, other] of [[page, 'B'], [second, 'A']] as const) {
        await command(on, 'Repro Desk: Open Ticket by Key…');
        await answer(on, 'Open which ticket?', 'SUP-1', 'SUP-1');
        const panel = await webview(on, `SUP-1: ${SUBJECT}`);
        for (const text of notes(other)) await panel.locator('.timeline .entry-text', { hasText: text }).waitFor({ state: 'visible' });
      }
    } finally {
      await context.close();
    }
  });

  const looks = [['light', 'Light Modern', 'vscode-light'], ['dark', 'Dark Modern', 'vscode-dark'], ['high-contrast', 'Dark High Contrast', 'vscode-high-contrast']] as const;
  for (const [look, themeName, bodyClass] of looks) {
    it(`every view and panel, ${look} (screenshots)`, async () => {
      await theme(page, themeName);
      await showDesk(page);
      await page.screenshot({ path: artifact(`desk-views-${look}.png`) });
      await command(page, 'Repro Desk: Open Ticket by Key…');
      await answer(page, 'Open which ticket?', 'SUP-1', 'SUP-1');
      const ticket = await webview(page, `SUP-1: ${SUBJECT}`);
      await ticket.locator('#title').waitFor({ state: 'visible' });
      // The page follows the theme: VS Code marks its body with the theme's kind, which panel.css reads.
      await ticket.locator(`body.${bodyClass}`).waitFor({ state: 'attached' });
      await page.screenshot({ path: artifact(`desk-ticket-${look}.png`) });
      await ticket.locator('#section-timeline').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`desk-ticket-timeline-${look}.png`) });
      await ticket.locator('.bug-link', { hasText: 'BUG-1' }).click();
      const bug = await webview(page, /^BUG-1: /);
      await bug.locator('#title').waitFor({ state: 'visible' });
      await page.screenshot({ path: artifact(`desk-bug-${look}.png`) });
      await showDesk(page);
      await page.locator('.pane-body .monaco-list-row', { hasText: /ACT-\d{4}-0001/ }).click();
      const act = await webview(page, /ACT-\d{4}-0001/);
      await act.locator('h1').first().waitFor({ state: 'visible' });
      await page.screenshot({ path: artifact(`desk-closing-act-${look}.png`) });
      for (const frame of [ticket, bug]) assert.deepEqual(await cspReports(frame), []);
    });
  }
});
