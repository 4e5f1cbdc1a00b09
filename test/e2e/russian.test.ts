// The extension in Russian, in a real VS Code whose display language is Russian: the manifest's words (views,
// commands, the welcome), the runtime's and the language server's diagnostics. Screenshot:
// test-artifacts/russian.png.
//
// VS Code runs in a language only when a language pack for it is installed, and Microsoft's packs come from the
// Marketplace, which these machines cannot reach. So the test gives VS Code the smallest real pack: Russian
// translations of none of VS Code's own strings. VS Code then runs in Russian (extensions get their Russian
// strings, the language server starts in Russian) while VS Code's own words stay English. A user installs
// Microsoft's pack (MS-CEINTL.vscode-language-pack-ru) and sees all of it in Russian.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifact } from '../helpers/artifacts';
import { command, openFile, openVsCode, type Workbench } from './harness/workbench';

describe('the extension in Russian (screenshot in test-artifacts/)', function () {
  this.timeout(180_000);
  let dir: string;
  let workbench: Workbench;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'repro-e2e-ru-'));
    const translations = join(dir, 'main.i18n.json');
    writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
    workbench = await openVsCode({ trusted: true, locale: 'ru', languagePacks: { ru: translations }, machineSettings: { 'repro.desk.path': join(dir, 'desk.sqlite') } });
  });
  after(async () => {
    await workbench?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('views, welcome, commands and diagnostics speak Russian', async () => {
    const { page } = workbench;
    await openFile(page, 'broken.repro');
    await command(page, 'View: Focus Problems');
    // The language server's message for RS001, in Russian.
    await page.locator('.markers-panel .monaco-list-row', { hasText: /RS001/ }).filter({ hasText: /[а-яё]/ }).first().waitFor({ state: 'visible' });
    await page.locator('.activitybar .action-item a[aria-label^="Repro Desk"]').click();
    for (const view of ['Обращения', 'Заявки', 'Ошибки', 'Документы']) await page.locator('.pane-header', { hasText: view }).waitFor({ state: 'visible' });
    // The empty desk's welcome, from package.nls.ru.json.
    await page.locator('.welcome-view-content').filter({ hasText: /[а-яё]/ }).first().waitFor({ state: 'visible' });
    // A command's title, as the palette lists it.
    await page.locator('.command-center .command-center-center').click();
    await page.locator('.quick-input-widget input.input').first().fill('>Repro Desk: Зарегистрировать');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Repro Desk: Зарегистрировать' }).first().waitFor({ state: 'visible' });
    await page.screenshot({ path: artifact('russian.png') });
    await page.keyboard.press('Escape');
  });
});
