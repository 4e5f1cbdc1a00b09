// What a person does in the workbench, for the Playwright scenarios (screens.test.ts, desk.test.ts) and the
// desk's UI benchmark: open VS Code on a folder, run a command from the palette, answer a quick input, open a
// file, find a webview's page. Every helper waits for what the workbench shows (a selector, a placeholder),
// never for a fixed time.

import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { ROOT } from '../../helpers/golden';
import { workspaceCopy } from '../workspace';
import { launchBrowser, openWorkbench, startCodeServer, workbenchLoaded, workbenchUrl, type CodeServer, type CodeServerOptions } from './codeServer';

export interface Workbench {
  server: CodeServer;
  browser: Browser;
  page: Page;
  folder: string;
  /** Ends the browser and the server, and removes the folder (when the workbench made it). */
  close(): Promise<void>;
}

/**
 * The .vsix the scenarios install instead of loading this extension from source, when REPRO_E2E_VSIX names one
 * (`npm run package` writes repro-desk-<version>.vsix): any scenario can run against the package as it ships.
 */
export const VSIX_UNDER_TEST = process.env.REPRO_E2E_VSIX ? resolve(process.env.REPRO_E2E_VSIX) : undefined;

/**
 * A real VS Code on `folder` (default: a fresh copy of the test workspace) with this extension: loaded from
 * source (as the extension under development), or installed from `vsix` (default: REPRO_E2E_VSIX) into the
 * server's extensions folder, as a user installs it.
 */
export async function openVsCode(options: Partial<CodeServerOptions> & { trusted: boolean; readySelector?: string; vsix?: string }): Promise<Workbench> {
  const ownFolder = options.workspace === undefined;
  const folder = options.workspace ?? workspaceCopy();
  const vsix = options.vsix ?? VSIX_UNDER_TEST;
  const server = await startCodeServer({ ...options, workspace: folder, installVsix: vsix ?? options.installVsix });
  let browser: Browser | undefined;
  try {
    const launched = await launchBrowser();
    browser = launched.browser;
    // With a package installed there is no extension under development: the installed one is the only copy.
    const url = workbenchUrl(server, folder, vsix ? {} : { extensionDevelopmentPath: ROOT });
    await openWorkbench(launched.page, url, { readySelector: options.readySelector });
    const opened = browser;
    return {
      server,
      browser: opened,
      page: launched.page,
      folder,
      async close() {
        await opened.close();
        await server.stop();
        if (ownFolder) rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    await server.stop();
    throw error;
  }
}

/**
 * Reloads the window as a user does (Developer: Reload Window: the workbench saves its state, webviews' included,
 * before it goes) and resolves once it is back.
 */
export async function reloadWindow(page: Page): Promise<void> {
  await workbenchLoaded(page, async () => {
    const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
    await command(page, 'Developer: Reload Window');
    await navigated;
  });
}

/** Waits until an element has faded in (VS Code animates hovers and widgets in). */
export async function shown(page: Page, selector: string): Promise<void> {
  await page.locator(selector).first().waitFor({ state: 'visible' });
  await page.waitForFunction(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); return e && getComputedStyle(e).opacity === '1'; })()`);
}

const QUICK_INPUT = '.quick-input-widget';

/**
 * Opens the command palette at `title` and resolves with its row, not yet chosen (a benchmark times from the
 * choice). The palette is opened from the title bar's command center, which works wherever the keyboard is: a
 * webview that runs no script of its own (a document's preview) keeps the keys it gets, F1 included.
 */
export async function paletteRow(page: Page, title: string): Promise<Locator> {
  const widget = page.locator(QUICK_INPUT);
  const input = widget.locator('input.input').first();
  // The command itself, not the first row: recently used commands come first.
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
  // A webview that finishes loading just then takes the focus, and the palette closes as it loses it: open it
  // again (a user would too).
  for (let attempt = 1; ; attempt++) {
    await page.locator('.command-center .command-center-center').click();
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const shown = await Promise.race([row.waitFor({ state: 'visible' }).then(() => true), widget.waitFor({ state: 'hidden' }).then(() => false)]);
    if (shown) return row;
    if (attempt === 3) throw new Error(`the command palette closed three times before it showed ${title}`);
  }
}

/** Runs a workbench command through the command palette, as a user would. */
export async function command(page: Page, title: string): Promise<void> {
  await (await paletteRow(page, title)).click();
}

/**
 * Answers the quick input that asks `question` (its placeholder, or an input box's prompt): types `text` (if
 * any), waits until the focused item is `expect` (when given: the list follows what was typed), and presses Enter.
 */
export async function answer(page: Page, question: string, text?: string, expect?: string | RegExp): Promise<void> {
  const widget = page.locator(QUICK_INPUT);
  await widget.locator(`input[placeholder*=${JSON.stringify(question)}], input[aria-label*=${JSON.stringify(question)}]`).or(widget.locator('.quick-input-message', { hasText: question })).first().waitFor({ state: 'visible' });
  const input = widget.locator('input.input').first();
  if (text !== undefined) await input.fill(text);
  if (expect !== undefined) await widget.locator('.quick-input-list .monaco-list-row.focused', { hasText: expect }).waitFor({ state: 'visible' });
  // Pressed on the input itself: a webview that has just loaded may have taken the keyboard meanwhile.
  await input.press('Enter');
}

/** Opens a file of the folder with Quick Open and waits for its editor. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.locator('.command-center .command-center-center').click();
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[data-resource-name="${name.split('/').pop()}"]`).waitFor({ state: 'visible' });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible' });
}

/** Puts the cursor at a 1-based line and column with Go to Line. */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator(`${QUICK_INPUT} input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/**
 * The page inside the webview whose tab is active and titled `title` (a webview is two frames deep: the
 * workbench's host frame, then the content frame). Resolves once the tab is there.
 */
export async function webview(page: Page, title: string | RegExp): Promise<FrameLocator> {
  const tab = page.locator('.tabs-container .tab', { hasText: title });
  await tab.first().waitFor({ state: 'visible' });
  if (!(await tab.first().getAttribute('class'))?.includes('active')) await tab.first().click();
  // The visible host frame is the active editor's (hidden webviews keep their frames, out of sight).
  return page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
}

/** Shows the Repro Desk container (its activity bar icon) with its four views. */
export async function showDesk(page: Page): Promise<void> {
  const item = page.locator('.activitybar .action-item', { has: page.locator('a[aria-label^="Repro Desk"]') });
  // A click on the icon of the container already shown would hide the side bar.
  if (!(await item.getAttribute('class'))?.split(' ').includes('checked')) await item.click();
  await page.locator('.pane-header', { hasText: 'Documents' }).waitFor({ state: 'visible' });
}

/** The notification toast that says `text`. */
export function toast(page: Page, text: string | RegExp) {
  return page.locator('.notification-toast', { hasText: text });
}
