// The panels' webview script (client/media/panel.js) in a real browser (Debian's Chromium, headless), under the
// same skeleton and Content-Security-Policy the extension gives it, with VS Code's webview API stubbed: ticket
// text is shown as text (a `<script>` in a subject runs nothing and adds no element), drafts survive a re-render
// and a reload, the keys save and revert, a save refused by an edit conflict (made real on the desk by a second
// handle) shows both values and keeps the draft, and every message the script sends passes the extension's
// validator.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { skeletonHtml } from '../../client/src/desk/panels/html';
import { FIELDS, validateMessage, type PanelKind } from '../../client/src/desk/panels/messages';
import { panelLabels, panelStrings } from '../../client/src/desk/panels/strings';
import { bugPanelData, ticketPanelData, type PanelData } from '../../client/src/desk/panels/panelData';
import { refusal } from '../../client/src/desk/panels/refusals';
import { perform } from '../../shared/desk/operations';
import { BUG_RESOLUTIONS, TICKET_RESOLUTIONS } from '../../shared/desk/vocabulary';
import { launchBrowser } from '../e2e/harness/codeServer';
import { ROOT } from '../helpers/golden';
import { SCRIPT, scriptResult, testDesk, type TestDesk } from '../helpers/desk';

// The page's globals, as the callbacks that run in the browser see them (the tests' TypeScript has no DOM library).
declare const window: { dispatchEvent(event: unknown): void } & Record<string, unknown>;
declare const MessageEvent: new (type: string, init: { data: unknown }) => unknown;
declare const document: { body: { dataset: Record<string, string> }; activeElement: { id: string } | null; scripts: unknown[]; querySelectorAll(s: string): { htmlFor: string }[]; getElementById(id: string): unknown };

const ORIGIN = 'https://panel.test';
const XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>';

interface Posted {
  type: string;
  [name: string]: unknown;
}

let browser: Browser;
let page: Page;
let t: TestDesk;
let version = 0;
let dialogs: string[] = [];

/** The `state` message the extension sends (panel.ts post()), from real desk data. */
function stateMessage(data: PanelData, more: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'state',
    version: ++version,
    key: data.key,
    gone: false,
    data: { ...data, scripts: data.scripts.map((s) => ({ ...s, inWorkspace: s.path !== 'elsewhere.repro' })) },
    strings: panelStrings(),
    labels: panelLabels(),
    specs: FIELDS[data.kind],
    vocabulary: { ticketResolutions: TICKET_RESOLUTIONS, bugResolutions: BUG_RESOLUTIONS },
    trusted: true,
    readOnly: null,
    ...more,
  };
}

/** Opens the panel page as VS Code would, with `saved` as what getState() returns (a restored webview's state). */
async function openPage(kind: PanelKind, saved?: unknown): Promise<void> {
  const html = skeletonHtml({ kind, cspSource: ORIGIN, scriptUri: `${ORIGIN}/panel.js`, styleUri: `${ORIGIN}/panel.css`, lang: 'en', nonce: 'n0nce' });
  await page.route(`${ORIGIN}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: html });
    if (name === 'panel.js' || name === 'panel.css') return route.fulfill({ contentType: name.endsWith('.js') ? 'text/javascript' : 'text/css', body: readFileSync(join(ROOT, 'client', 'media', name)) });
    // Anything else (the `x` of an injected <img src=x>) would be a request the page must never make.
    return route.fulfill({ status: 404, body: '' });
  });
  await page.addInitScript((state) => {
    const w = window as unknown as Record<string, unknown>;
    w.__posted = [];
    w.__state = state;
    let acquired = false;
    w.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi may be called once');
      acquired = true;
      return {
        postMessage: (m: unknown) => (w.__posted as unknown[]).push(JSON.parse(JSON.stringify(m))),
        getState: () => w.__state,
        setState: (s: unknown) => (w.__state = JSON.parse(JSON.stringify(s))),
      };
    };
  }, saved ?? null);
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => ((window as unknown as { __posted: Posted[] }).__posted ?? []).some((m) => m.type === 'ready'));
}

const posted = (): Promise<Posted[]> => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
const savedState = (): Promise<{ kind: string; key: string; drafts: Record<string, string>; bases: Record<string, string> }> => page.evaluate(() => (window as unknown as { __state: never }).__state);

/**
 * Sends a message as the extension does, dispatched at once (so that the script has handled it when this
 * resolves), and for a `state` waits for the script to say it drew it.
 */
async function send(message: Record<string, unknown>): Promise<Posted> {
  await page.evaluate((m) => window.dispatchEvent(new MessageEvent('message', { data: m })), message);
  if (message.type !== 'state') return { type: 'sent' };
  const handle = await page.waitForFunction((v) => (window as unknown as { __posted: Posted[] }).__posted.find((m) => m.type === 'rendered' && m.version === v), message.version);
  return (await handle.jsonValue()) as Posted;
}

async function lastOf(type: string): Promise<Posted | undefined> {
  return (await posted()).filter((m) => m.type === type).pop();
}

describe('the panels\' webview script (in Chromium)', function () {
  this.timeout(60_000);

  before(async () => {
    ({ browser, page } = await launchBrowser());
  });
  after(async () => browser?.close());

  beforeEach(async () => {
    t = await testDesk();
    await perform(t.desk, 'addStaff', { login: 'anna', name: 'Anna', role: 'specialist' });
    await perform(t.desk, 'createTicket', { subject: XSS, description: 'first line', priority: 'high' });
    await perform(t.desk, 'createBug', { title: `Bug ${XSS}`, tickets: ['SUP-1'] });
    const { result, details } = scriptResult(1, 1);
    await perform(t.desk, 'recordRun', { path: 'crash.repro', content: SCRIPT, tickets: ['SUP-1'], result, details });
    await perform(t.desk, 'linkScript', 'elsewhere.repro', SCRIPT, { ticket: 'SUP-1' });
    dialogs = [];
    page = await browser.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  afterEach(async () => {
    // Whatever the script said in the test is what the extension accepts.
    const kind = (await page.evaluate(() => document.body.dataset.kind)) as PanelKind;
    for (const message of await posted()) {
      const checked = validateMessage(kind, message);
      assert.ok(checked.ok, `${JSON.stringify(message)}: ${checked.ok ? '' : checked.reason}`);
    }
    await page.close();
    t.dispose();
  });

  it('shows a subject holding markup as text: no script runs, no element is made from it', async () => {
    await openPage('ticket');
    const rendered = await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    assert.equal(rendered.title, `SUP-1: ${XSS}`);
    assert.deepEqual([rendered.scripts, rendered.images], [0, 0], 'no element made from data');
    assert.equal(await page.evaluate(() => document.scripts.length), 1, 'only the nonce\'d script in the page');
    assert.equal(await page.inputValue('#field-subject'), XSS);
    assert.equal(await page.textContent('#section-bugs .bug-link'), `BUG-1: Bug ${XSS}`);
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  it('lists scripts with their outcome, Run and Open; a script not in the workspace cannot run', async () => {
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    const rows = page.locator('ul.scripts > li.script');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? '', /crash\.repro.*reproduced, \d+ of \d+ conclusive runs reproduced, 95% \d+–\d+%/);
    assert.equal(await rows.nth(1).locator('button.run').isDisabled(), true);
    assert.match((await rows.nth(1).locator('.script-missing').textContent()) ?? '', /Not in this workspace: elsewhere\.repro/);
    await rows.nth(0).locator('button.run').click();
    assert.deepEqual(await lastOf('runScript'), { type: 'runScript', path: 'crash.repro' });
    await rows.nth(0).locator('button.open-script').click();
    assert.deepEqual(await lastOf('openScript'), { type: 'openScript', path: 'crash.repro' });
    assert.ok((await page.locator('ol.timeline > li.entry-run').count()) === 1);
  });

  it('Enter saves a single-line field, Ctrl+Enter a multi-line one, Escape reverts; an empty subject is refused here', async () => {
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    await page.fill('#field-subject', 'Export fails');
    await page.press('#field-subject', 'Enter');
    assert.deepEqual(await lastOf('edit'), { type: 'edit', field: 'subject', value: 'Export fails', base: XSS });

    await page.fill('#field-description', 'line 1\nline 2');
    await page.press('#field-description', 'Enter');
    assert.equal((await posted()).filter((m) => m.type === 'edit').length, 1, 'Enter alone is a new line in a multi-line field');
    await page.press('#field-description', 'Control+Enter');
    assert.deepEqual(await lastOf('edit'), { type: 'edit', field: 'description', value: 'line 1\nline 2\n', base: 'first line' });

    await page.fill('#field-steps', 'typed');
    assert.equal(await page.isVisible('#row-steps button.revert'), true);
    await page.press('#field-steps', 'Escape');
    assert.equal(await page.inputValue('#field-steps'), '');
    assert.equal((await savedState()).drafts.steps, undefined);
    assert.equal((await savedState()).bases.steps, undefined, 'a reverted field has no base left');

    const before = (await posted()).length;
    await page.fill('#field-subject', '  ');
    await page.press('#field-subject', 'Enter');
    assert.equal(await page.textContent('#note-subject'), 'This field is required.');
    assert.equal((await posted()).slice(before).filter((m) => m.type === 'edit').length, 0);
  });

  it('keeps what the user is typing over a re-render from the desk, and drops the draft once it is saved', async () => {
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    await page.fill('#field-description', 'half typed');
    assert.equal((await savedState()).drafts.description, 'half typed');
    // Another window changes the ticket: the panel is sent the new data.
    await perform(t.desk, 'updateTicket', 'SUP-1', { description: 'changed elsewhere', priority: 'urgent' });
    const rendered = await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    assert.equal(await page.inputValue('#field-description'), 'half typed', 'the draft wins');
    assert.equal(await page.inputValue('#field-priority'), 'urgent', 'the other fields show the desk');
    assert.deepEqual(rendered.drafts, { description: 'half typed' });
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-description', 'focus stays in the field');

    await send({ type: 'result', target: 'description', ok: true });
    await perform(t.desk, 'updateTicket', 'SUP-1', { description: 'half typed' });
    const after = await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    assert.deepEqual(after.drafts, {});
    assert.deepEqual((await savedState()).drafts, {});
  });

  it('shows a refusal next to its field and keeps the draft', async () => {
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    await page.fill('#field-reportedVersion', '2.9');
    await page.press('#field-reportedVersion', 'Enter');
    await send({ type: 'result', target: 'reportedVersion', ok: false, message: 'a version belongs to a product: give the product first' });
    assert.equal(await page.textContent('#note-reportedVersion'), 'a version belongs to a product: give the product first');
    assert.equal(await page.getAttribute('#row-reportedVersion', 'class'), 'field field-text dirty invalid');
    assert.equal(await page.inputValue('#field-reportedVersion'), '2.9');
  });

  /** What the extension does with an edit the page sent (panel.ts): the step on the desk, its refusal back to the page. */
  async function deliver(edit: Posted): Promise<void> {
    const field = edit.field as string;
    try {
      await perform(t.desk, 'updateTicket', 'SUP-1', { [field]: edit.value }, edit.base === undefined ? {} : { [field]: edit.base });
      await send({ type: 'result', target: field, ok: true });
    } catch (error) {
      const refused = refusal(error, t.path);
      await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
      await send({ type: 'result', target: field, ok: false, message: refused.reason, conflict: refused.conflict });
    }
  }

  it('a save someone else\'s change got to first shows both values and keeps the draft; keep mine saves over theirs', async () => {
    await perform(t.desk, 'addStaff', { login: 'boris', name: 'Boris Ivanov', role: 'specialist' });
    const boris = await t.reopen({ user: 'boris' });
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    await page.fill('#field-subject', 'Export fails on an empty name');
    assert.equal((await savedState()).bases.subject, XSS, 'the base is what the field held when typing began');
    // Boris saves the subject from his window; Anna's panel is sent the new data and keeps her draft.
    await perform(boris, 'updateTicket', 'SUP-1', { subject: 'Export crashes (Boris)' });
    t.desk.refresh();
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    assert.equal(await page.inputValue('#field-subject'), 'Export fails on an empty name');
    await page.press('#field-subject', 'Enter');
    const edit = (await lastOf('edit'))!;
    assert.deepEqual(edit, { type: 'edit', field: 'subject', value: 'Export fails on an empty name', base: XSS }, 'the base of the draft, not the desk\'s new value');
    await deliver(edit);

    assert.equal(await page.textContent('#conflict-subject-theirs'), 'Export crashes (Boris)');
    assert.equal(await page.textContent('#conflict-subject-yours'), 'Export fails on an empty name');
    assert.match((await page.textContent('#conflict-subject-what')) ?? '', /^Boris Ivanov \(boris\) changed it at .+\. Which value should the desk keep\?$/);
    assert.equal(await page.textContent('#note-subject'), 'Not saved: someone else changed this field while you were editing it.');
    assert.equal(await page.inputValue('#field-subject'), 'Export fails on an empty name', 'the draft is kept');
    assert.equal((await savedState()).drafts.subject, 'Export fails on an empty name');

    // Keep mine: saved again, this time over Boris's value knowingly.
    await page.click('#keep-mine-subject');
    const again = (await lastOf('edit'))!;
    assert.deepEqual(again, { type: 'edit', field: 'subject', value: 'Export fails on an empty name', base: 'Export crashes (Boris)' });
    await deliver(again);
    assert.equal(t.desk.get<{ subject: string }>("SELECT subject FROM ticket WHERE key = 'SUP-1'")!.subject, 'Export fails on an empty name');
    assert.equal(await page.locator('#conflict-subject').count(), 0);
    assert.deepEqual((await savedState()).drafts, {});
    assert.deepEqual((await savedState()).bases, {});
  });

  it('take theirs drops the draft and shows the desk\'s value; a field nobody else touched saves as usual', async () => {
    const boris = await t.reopen({ user: 'boris' });
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    await page.selectOption('#field-priority', 'urgent');
    await page.fill('#field-environment', 'Debian 12');
    await perform(boris, 'updateTicket', 'SUP-1', { priority: 'low' });
    t.desk.refresh();
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    await page.press('#field-environment', 'Control+Enter');
    await deliver((await lastOf('edit'))!);
    assert.equal(await page.locator('#conflict-environment').count(), 0, 'Boris did not change the environment');
    await page.press('#field-priority', 'Enter');
    await deliver((await lastOf('edit'))!);
    assert.deepEqual([await page.textContent('#conflict-priority-theirs'), await page.textContent('#conflict-priority-yours')], ['low', 'urgent']);
    assert.match((await page.textContent('#conflict-priority-what')) ?? '', /^boris changed it at /, 'a login the staff list does not name is shown as it is');
    await page.click('#take-theirs-priority');
    assert.equal(await page.inputValue('#field-priority'), 'low');
    assert.equal(await page.locator('#conflict-priority').count(), 0);
    assert.deepEqual((await savedState()).drafts, {});
    assert.deepEqual(t.desk.get<{ environment: string; priority: string }>("SELECT environment, priority FROM ticket WHERE key = 'SUP-1'"), { environment: 'Debian 12', priority: 'low' });
  });

  it('brings drafts back after a reload (the webview state) and from a restored panel (the serializer)', async () => {
    await openPage('ticket', { kind: 'ticket', key: 'SUP-1', drafts: { steps: 'from getState' }, bases: { steps: 'steps as they were' } });
    const rendered = await send(stateMessage(ticketPanelData(t.desk, 'SUP-1'), { restoredDrafts: { actual: 'from the serializer', steps: 'older' }, restoredBases: { actual: 'actual as it was' } }));
    assert.equal(await page.inputValue('#field-steps'), 'from getState', 'the webview\'s own state is the newer');
    assert.equal(await page.inputValue('#field-actual'), 'from the serializer');
    assert.deepEqual(rendered.drafts, { actual: 'from the serializer', steps: 'from getState' });
    // What each field held when its draft began comes back with it: a save after a restart is still checked.
    assert.deepEqual((await savedState()).bases, { actual: 'actual as it was', steps: 'steps as they were' });
    await page.press('#field-actual', 'Control+Enter');
    assert.deepEqual(await lastOf('edit'), { type: 'edit', field: 'actual', value: 'from the serializer', base: 'actual as it was' });
  });

  it('offers only the status moves of the workflow, and asks for a resolution when resolving', async () => {
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    const options = await page.locator('#field-status option').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { value: string }).value));
    assert.deepEqual(options, ['new', 'triaged', 'reproducing', 'waiting', 'resolved', 'cancelled']);
    await page.selectOption('#field-status', 'resolved');
    await page.press('#field-status', 'Enter');
    assert.equal(await page.textContent('#note-status'), 'Choose a resolution.');
    assert.equal(await lastOf('changeStatus'), undefined);
    await page.selectOption('#field-resolution', 'workaround');
    await page.click('#row-status button.save');
    assert.deepEqual(await lastOf('changeStatus'), { type: 'changeStatus', status: 'resolved', resolution: 'workaround', base: 'new' });
  });

  it('every label names its control, and notes, links and the timeline are reachable by keyboard', async () => {
    await openPage('ticket');
    await send(stateMessage(ticketPanelData(t.desk, 'SUP-1')));
    const orphans = await page.evaluate(() => [...document.querySelectorAll('label')].filter((l) => !document.getElementById(l.htmlFor)).map((l) => l.htmlFor));
    assert.deepEqual(orphans, []);
    for (const field of Object.keys(FIELDS.ticket)) assert.equal(await page.locator(`#field-${field}`).count(), 1, field);
    await page.fill('#note-body', 'Called back');
    await page.selectOption('#note-visibility', 'public');
    await page.press('#note-body', 'Control+Enter');
    assert.deepEqual(await lastOf('addNote'), { type: 'addNote', body: 'Called back', visibility: 'public' });
    await page.fill('#link-bug-key', 'bug-2');
    await page.press('#link-bug-key', 'Enter');
    assert.deepEqual(await lastOf('linkBug'), { type: 'linkBug', key: 'bug-2' });
    await page.focus('#section-bugs .bug-link');
    await page.keyboard.press('Enter');
    assert.deepEqual(await lastOf('openBug'), { type: 'openBug', key: 'BUG-1' });
  });

  it('the bug panel: its tickets open their panels, Verify fix and the report are one click', async () => {
    await openPage('bug');
    const rendered = await send(stateMessage(bugPanelData(t.desk, 'BUG-1')));
    assert.equal(rendered.title, `BUG-1: Bug ${XSS}`);
    assert.equal(rendered.images, 0);
    for (const field of Object.keys(FIELDS.bug)) assert.equal(await page.locator(`#field-${field}`).count(), 1, field);
    assert.equal(await page.textContent('ul.tickets .ticket-link'), `SUP-1: ${XSS}`);
    await page.click('ul.tickets .ticket-link');
    assert.deepEqual(await lastOf('openTicket'), { type: 'openTicket', key: 'SUP-1' });
    await page.click('#verify-fix');
    assert.deepEqual(await lastOf('verifyFix'), { type: 'verifyFix' });
    await page.click('#generate-report');
    assert.deepEqual(await lastOf('generateReport'), { type: 'generateReport' });
    await page.selectOption('#field-status', 'resolved');
    await page.selectOption('#field-resolution', 'fixed');
    await page.fill('#field-fixedIn', '2.10');
    await page.press('#field-fixedIn', 'Enter');
    assert.deepEqual(await lastOf('changeStatus'), { type: 'changeStatus', status: 'resolved', resolution: 'fixed', fixedIn: '2.10', base: 'unconfirmed' });
  });

  it('a key gone from the desk shows a message, not a broken page', async () => {
    await openPage('ticket');
    const rendered = await send({ ...stateMessage(ticketPanelData(t.desk, 'SUP-1')), data: undefined, gone: true, key: 'SUP-9' });
    assert.equal(rendered.title, 'SUP-9');
    assert.equal(await page.textContent('#banner-gone'), 'SUP-9 is not in the desk (any more).');
  });
});
