// The onboarding walkthrough through VS Code's own UI (code-server in Chromium, driven by Playwright): a new
// specialist opens it on an empty folder and does each step as it says, with its buttons, the editor and the
// desk's quick inputs; after each, the walkthrough page shows that step checked (its button's aria-checked,
// which VS Code sets from the step's completion event), and no step is checked before its work is done.
// Screenshot: test-artifacts/walkthrough.png.

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { artifact } from '../helpers/artifacts';
import { readDesk } from '../helpers/desk';
import { answer, command, goTo, openVsCode, toast, type Workbench } from './harness/workbench';

const STEPS = ['openExamples', 'writeScript', 'runScript', 'registerCall', 'recordRun', 'issueReport'] as const;
type Step = (typeof STEPS)[number];

/** A step's row in the walkthrough page (its id ends with the step's own). */
const stepRow = (page: Page, step: Step) => page.locator(`button.getting-started-step[data-step-id$="#${step}"]`);

/** Shows the walkthrough: opened from the palette, as a user finds it, then back to its tab. */
async function showWalkthrough(page: Page): Promise<void> {
  const tab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough: Repro Desk' });
  if ((await tab.count()) > 0) {
    await tab.click();
  } else {
    await command(page, 'Welcome: Open Walkthrough...');
    await answer(page, 'Select a walkthrough to open', 'Get Started with Repro Desk', 'Get Started with Repro Desk');
  }
  await stepRow(page, 'openExamples').waitFor({ state: 'visible' });
}

/** Expands a step and clicks the button its description holds. */
async function clickStepButton(page: Page, step: Step, button: string): Promise<void> {
  await stepRow(page, step).click();
  // The step's picture is a webview that takes the keyboard when it loads: wait for it, or it takes it from the
  // quick input the button opens. (Each picture's root has the id step-<its file name>.)
  const picture = `step-${step.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  await page.frameLocator('.getting-started-media iframe').frameLocator('#active-frame').locator(`svg#${picture}`).waitFor({ state: 'attached' });
  await page.locator(`.step-description-container[x-step-description-for$="#${step}"] .monaco-button`, { hasText: button }).click();
}

/** Shows the walkthrough and waits until it shows `step` checked. */
async function completed(page: Page, step: Step): Promise<void> {
  await showWalkthrough(page);
  await stepRow(page, step).and(page.locator('[aria-checked="true"]')).waitFor({ state: 'visible' });
}

/** The steps the page shows checked, in order. */
async function checked(page: Page): Promise<Step[]> {
  const done: Step[] = [];
  for (const step of STEPS) if ((await stepRow(page, step).getAttribute('aria-checked')) === 'true') done.push(step);
  return done;
}

describe('the onboarding walkthrough, each step done as a user would (screenshot test-artifacts/walkthrough.png)', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  let page: Page;
  let home: string;
  let deskPath: string;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'repro-e2e-walkthrough-'));
    deskPath = join(home, 'desk', 'desk.sqlite');
    workbench = await openVsCode({
      trusted: true,
      // An empty folder: a new specialist has nothing yet.
      workspace: mkdtempSync(join(home, 'examples-')),
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'editor.autoIndent': 'none' },
      machineSettings: { 'repro.desk.path': deskPath },
    });
    page = workbench.page;
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await page.screenshot({ path: artifact('failed-walkthrough-trusted.png') });
  });

  after(async () => {
    await workbench?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('from nothing to a reproduced, recorded, reported error: every step shows as completed', async () => {
    await showWalkthrough(page);
    assert.deepEqual(await checked(page), [], 'nothing is done on an empty folder');

    // 1. The examples, copied into the folder the user names (here: the one open).
    await clickStepButton(page, 'openExamples', 'Open Example Workspace');
    await answer(page, 'Folder for the example workspace', workbench.folder);
    await completed(page, 'openExamples');
    assert.ok(readdirSync(workbench.folder).some((name) => name.endsWith('.repro')));

    // 2. The first script, with its mistake: the squiggle, then the quick fix the diagnostic offers.
    assert.deepEqual(await checked(page), ['openExamples'], 'opening the script is not writing it');
    await clickStepButton(page, 'writeScript', 'Write a First Script');
    await page.locator('.tab.active[data-resource-name="first.repro"]').waitFor({ state: 'visible' });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible' });
    await goTo(page, 7, 14);
    await page.keyboard.press('Control+.');
    // Chosen by keyboard (a click lands on the widget's pointer block while it fades in).
    await page.locator('.action-widget .monaco-list-row.focused', { hasText: 'Change to contains' }).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+S');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached' });
    await completed(page, 'writeScript');

    // 3. The run (the walkthrough's button runs the script being written, as its Run lens would).
    assert.deepEqual(await checked(page), ['openExamples', 'writeScript']);
    await clickStepButton(page, 'runScript', 'Run the Script');
    await completed(page, 'runScript');

    // 4. The call, with a new ticket.
    assert.deepEqual(await checked(page), ['openExamples', 'writeScript', 'runScript'], 'a run of a script that names no ticket is not recorded');
    await clickStepButton(page, 'registerCall', 'Register a Call');
    await answer(page, 'Inbound or outbound call?', undefined, 'inbound');
    await answer(page, 'Organization', 'Acme Logistics', 'New organization: Acme Logistics');
    await answer(page, 'Who called', 'Ivan Petrov', 'New contact: Ivan Petrov');
    await answer(page, 'Channel', 'phone', 'phone');
    await answer(page, 'What the call was about', 'The report counts the letters of a name wrong');
    await answer(page, 'What is the call about?', undefined, 'New ticket');
    await toast(page, 'Call registered on SUP-1.').waitFor({ state: 'visible' });
    await completed(page, 'registerCall');

    // 5. The script names the ticket, and runs again: the run is recorded on it.
    assert.deepEqual(await checked(page), ['openExamples', 'writeScript', 'runScript', 'registerCall']);
    // From the Explorer: Quick Open closes when the walkthrough's picture (a webview) loads and takes the focus.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'first.repro' }).click();
    await page.locator('.tab.active[data-resource-name="first.repro"]').waitFor({ state: 'visible' });
    await page.locator('.monaco-editor .view-lines').first().click();
    await goTo(page, 4, 1);
    await page.keyboard.insertText('ticket SUP-1\n');
    await page.keyboard.press('Control+S');
    await showWalkthrough(page);
    await clickStepButton(page, 'recordRun', 'Run the Script Again');
    await completed(page, 'recordRun');
    assert.deepEqual(await readDesk(deskPath, (d) => d.all<{ outcome: string }>('SELECT outcome FROM run')), [{ outcome: 'reproduced' }]);

    // 6. The reproduction report of the ticket, saved in documents/.
    assert.deepEqual(await checked(page), ['openExamples', 'writeScript', 'runScript', 'registerCall', 'recordRun']);
    await clickStepButton(page, 'issueReport', 'Generate Report');
    await answer(page, 'Report on which ticket or bug?', 'SUP-1', 'SUP-1');
    await answer(page, 'Keep the document?');
    await toast(page, 'Saved documents/SUP-1-report.html').waitFor({ state: 'visible' });
    assert.ok(existsSync(join(workbench.folder, 'documents', 'SUP-1-report.html')));
    await completed(page, 'issueReport');

    assert.deepEqual(await checked(page), [...STEPS]);
    await page.screenshot({ path: artifact('walkthrough.png') });
  });
});

describe('the onboarding walkthrough in Restricted Mode', function () {
  this.timeout(300_000);
  let workbench: Workbench;

  before(async () => (workbench = await openVsCode({ trusted: false, workspace: mkdtempSync(join(tmpdir(), 'repro-e2e-walkthrough-untrusted-')) })));
  after(async () => {
    const folder = workbench?.folder;
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('its button writes nothing and says why', async () => {
    const page = workbench.page;
    await showWalkthrough(page);
    await clickStepButton(page, 'openExamples', 'Open Example Workspace');
    await toast(page, 'Restricted Mode: repro scripts do not run until you trust this folder.').waitFor({ state: 'visible' });
    assert.deepEqual(readdirSync(workbench.folder), []);
    assert.deepEqual(await checked(page), []);
  });
});
