// Two people editing the same ticket, through VS Code's own UI (code-server in Chromium, driven by Playwright):
// Anna types in the ticket's panel while Boris changes the same fields from a terminal (`repro ticket update`,
// another process and another login). Her save is refused: the panel shows both values and who changed them
// when, and keeps what she typed; "Keep mine" saves hers over his knowingly, "Take theirs" drops her draft. What
// she typed survives a reload of the window, and the save after it is still checked against what she began from.
// Screenshot: test-artifacts/desk-conflict.png.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { artifact } from '../helpers/artifacts';
import { cliEnv, REPRO } from '../helpers/cli';
import { readDesk } from '../helpers/desk';
import { answer, command, openVsCode, reloadWindow, webview, type Workbench } from './harness/workbench';

const SUBJECT = 'Export crashes on an empty customer name';
const MINE = 'The export stops with "Traceback: empty customer name" when the customer card has no name.';
const THEIRS = 'Crashes on export (reported by phone).';

describe('two people editing one ticket: the second save is refused with both values, nothing typed is lost', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  let page: Page;
  let folder: string;
  let deskPath: string;

  /** `repro …` in a terminal, as `user` (the embedded desk records REPRO_DESK_USER). */
  const repro = (user: string, ...args: string[]): string => {
    const done = spawnSync(process.execPath, [REPRO, ...args, '--db', deskPath], { env: cliEnv({ REPRO_DESK_USER: user }), encoding: 'utf8' });
    assert.equal(done.status, 0, `repro ${args.join(' ')}: ${done.stderr}`);
    return done.stdout;
  };
  const ticket = (): Promise<{ description: string; priority: string }> => readDesk(deskPath, (d) => d.get<{ description: string; priority: string }>("SELECT description, priority FROM ticket WHERE key = 'SUP-1'")!);

  /** The ticket's panel, opened by key from the palette. */
  async function openTicket(): Promise<FrameLocator> {
    await command(page, 'Repro Desk: Open Ticket by Key…');
    await answer(page, 'Open which ticket?', 'SUP-1', 'SUP-1');
    const panel = await webview(page, `SUP-1: ${SUBJECT}`);
    await panel.locator('#title').waitFor({ state: 'visible' });
    return panel;
  }

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'repro-e2e-conflict-'));
    deskPath = join(folder, 'desk.sqlite');
    repro('anna', 'desk', 'init');
    repro('anna', 'staff', 'add', 'anna', '--name', 'Anna Petrova', '--role', 'specialist');
    repro('anna', 'staff', 'add', 'boris', '--name', 'Boris Ivanov', '--role', 'specialist');
    repro('anna', 'ticket', 'create', '--subject', SUBJECT, '--description', 'Export crashes.', '--priority', 'normal');
    workbench = await openVsCode({ trusted: true, settings: { 'workbench.colorTheme': 'Default Light Modern' }, machineSettings: { 'repro.desk.path': deskPath }, env: { REPRO_DESK_USER: 'anna' } });
    page = workbench.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed') return;
    // Where it stood: the workbench, and the text of every webview (the panels' pages are not in the screenshot's DOM).
    await page.screenshot({ path: artifact('failed-desk-conflict.png') });
    const texts = await Promise.all(page.frames().map(async (f) => `== ${f.url().slice(0, 100)}\n${await f.evaluate('document.body?.innerText ?? ""').catch(() => '')}`));
    writeFileSync(artifact('failed-desk-conflict.txt'), texts.join('\n\n'));
  });

  after(async () => {
    await workbench?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows theirs and yours with who changed it; keep mine saves over theirs', async () => {
    const panel = await openTicket();
    await panel.locator('#field-description').fill(MINE);
    await panel.locator('#row-description.dirty').waitFor({ state: 'visible' });

    // Meanwhile Boris rewrites the description from his terminal; Anna's panel draws his change, keeping her text.
    repro('boris', 'ticket', 'update', 'SUP-1', '--description', THEIRS);
    await panel.locator('.timeline .entry-change', { hasText: 'boris' }).first().waitFor({ state: 'visible' });
    assert.equal(await panel.locator('#field-description').inputValue(), MINE);

    await panel.locator('#row-description button.save').click();
    const conflict = panel.locator('#conflict-description');
    await conflict.waitFor({ state: 'visible' });
    assert.equal(await panel.locator('#conflict-description-theirs').textContent(), THEIRS);
    assert.equal(await panel.locator('#conflict-description-yours').textContent(), MINE);
    assert.match((await panel.locator('#conflict-description-what').textContent()) ?? '', /^Boris Ivanov \(boris\) changed it at .+\. Which value should the desk keep\?$/);
    assert.equal(await panel.locator('#note-description').textContent(), 'Not saved: someone else changed this field while you were editing it.');
    assert.equal(await panel.locator('#field-description').inputValue(), MINE, 'what she typed is kept');
    assert.equal((await ticket()).description, THEIRS);
    await conflict.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('desk-conflict.png') });

    await panel.locator('#keep-mine-description').click();
    await panel.locator('#note-description', { hasText: 'Saved.' }).waitFor({ state: 'visible' });
    assert.equal(await conflict.count(), 0);
    assert.equal((await ticket()).description, MINE);
    const log = await readDesk(deskPath, (d) => d.all<{ new_value: string; by: string }>("SELECT new_value, by FROM change_log WHERE field = 'description' ORDER BY id"));
    assert.deepEqual(log, [{ new_value: THEIRS, by: 'boris' }, { new_value: MINE, by: 'anna' }]);
  });

  it('what was typed survives a reload; the save after it is still checked, and take theirs drops it', async () => {
    let panel = await openTicket();
    await panel.locator('#field-priority').selectOption('urgent');
    await panel.locator('#row-priority.dirty').waitFor({ state: 'visible' });
    repro('boris', 'ticket', 'update', 'SUP-1', '--priority', 'low');
    await reloadWindow(page);
    panel = await webview(page, `SUP-1: ${SUBJECT}`);
    await panel.locator('#row-priority.dirty').waitFor({ state: 'visible' });
    assert.equal(await panel.locator('#field-priority').inputValue(), 'urgent');

    await panel.locator('#field-priority').press('Enter');
    await panel.locator('#conflict-priority').waitFor({ state: 'visible' });
    assert.deepEqual([await panel.locator('#conflict-priority-theirs').textContent(), await panel.locator('#conflict-priority-yours').textContent()], ['low', 'urgent']);
    await panel.locator('#take-theirs-priority').click();
    await panel.locator('#row-priority:not(.dirty)').waitFor({ state: 'visible' });
    assert.equal(await panel.locator('#field-priority').inputValue(), 'low');
    assert.equal(await panel.locator('#conflict-priority').count(), 0);
    assert.equal((await ticket()).priority, 'low');
  });
});
