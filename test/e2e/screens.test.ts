// What a person sees, in a real VS Code (code-server in Chromium, driven by Playwright): the Problems panel of
// a broken script, a hover, completion, a run's result, and Restricted Mode refusing to run. Each scenario
// saves a screenshot in test-artifacts/ and asserts what the screenshot should show.

import { strict as assert } from 'node:assert';
import { artifact } from '../helpers/artifacts';
import { command, goTo, openFile, openVsCode, shown, type Workbench } from './harness/workbench';

/**
 * One VS Code for the scenarios of a `describe`, opened before them and closed after; a scenario that fails
 * leaves a screenshot of where it stood.
 */
function vsCodeForEach(trusted: boolean): () => Workbench {
  let workbench: Workbench | undefined;
  before(async () => (workbench = await openVsCode({ trusted })));
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !workbench) return;
    await workbench.page.screenshot({ path: artifact(`failed-${this.currentTest.title.replace(/[^\w]+/g, '-').slice(0, 60)}.png`) });
  });
  after(async () => workbench?.close());
  return () => workbench!;
}

describe('what a person sees in VS Code (screenshots in test-artifacts/)', function () {
  this.timeout(180000);

  describe('in a trusted folder', () => {
    const workbench = vsCodeForEach(true);

    it('the Problems panel lists a broken script\'s mistakes', async () => {
      const { page } = workbench();
      await openFile(page, 'broken.repro');
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'visible' });
      await command(page, 'View: Focus Problems');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.filter({ hasText: 'RS001' }).waitFor({ state: 'visible' });
      assert.equal(await rows.filter({ hasText: /RS00\d/ }).count(), 4);
      await page.screenshot({ path: artifact('problems.png') });
    });

    it('a hover explains a command from the command table', async () => {
      const { page } = workbench();
      await openFile(page, 'crash.repro');
      await goTo(page, 10, 4);
      await command(page, 'Show or Focus Hover');
      await shown(page, '.monaco-hover:not(.hidden)');
      const hover = page.locator('.monaco-hover:not(.hidden)').first();
      assert.match(await hover.innerText(), /bug SUBJECT MATCHER[\s\S]*Example/);
      await page.screenshot({ path: artifact('hover.png') });
      await page.keyboard.press('Escape');
    });

    it('completion offers the subjects after bug', async () => {
      const { page } = workbench();
      // Typed into fixed.repro: the Run scenario below runs crash.repro, which no typing may have touched.
      await openFile(page, 'fixed.repro');
      await goTo(page, 4, 100);
      await page.keyboard.press('Enter');
      await page.keyboard.type('bug ');
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.suggest-widget.visible');
      await widget.locator('.monaco-list-row', { hasText: 'stderr' }).first().waitFor({ state: 'visible' });
      await shown(page, '.suggest-widget.visible');
      const labels = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
      for (const subject of ['exit', 'stdout', 'stderr']) assert.ok(labels.includes(subject), `${subject} in ${labels}`);
      await page.screenshot({ path: artifact('completion.png') });
      await page.keyboard.press('Escape');
      await command(page, 'File: Revert File');
      await page.locator('.tabs-container .tab.dirty').waitFor({ state: 'detached' });
    });

    it('the Run lens runs the script: the outcome in the status bar and the Testing view', async () => {
      const { page } = workbench();
      await openFile(page, 'crash.repro');
      await page.locator('.codelens-decoration a', { hasText: /^\s*Run\s*$/ }).first().click();
      await page.locator('[id="workbench.parts.statusbar"] .statusbar-item', { hasText: 'reproduced' }).waitFor({ state: 'visible' });
      await page.locator('.notification-toast', { hasText: 'Running' }).waitFor({ state: 'detached' });
      await command(page, 'Testing: Focus on Test Explorer View');
      const script = page.locator('.test-explorer .monaco-list-row', { hasText: 'The report tool crashes on an empty name' });
      await script.locator('.monaco-tl-twistie').click();
      await page.locator('.test-explorer .monaco-list-row', { hasText: 'Run the report' }).waitFor({ state: 'visible' });
      await page.screenshot({ path: artifact('run-result.png') });
    });
  });

  describe('in Restricted Mode', () => {
    const workbench = vsCodeForEach(false);

    it('Run (its keybinding) refuses with a message, and no lens offers it', async () => {
      const { page } = workbench();
      await openFile(page, 'crash.repro');
      await page.keyboard.press('Control+Alt+R');
      await page.locator('.notification-toast', { hasText: 'Restricted Mode: repro scripts do not run' }).waitFor({ state: 'visible' });
      assert.equal(await page.locator('.codelens-decoration a', { hasText: 'Run' }).count(), 0);
      await page.screenshot({ path: artifact('restricted-mode.png') });
    });
  });
});
