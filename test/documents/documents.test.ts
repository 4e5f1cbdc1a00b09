// What each document must say, beyond its golden files: the states of an act, the summary first, the sections
// that say "none" rather than vanish.

import { strict as assert } from 'node:assert';
import { renderClosingAct, renderComplaintAnalysis, renderReproReport, type ReproReportData } from '../../shared/documents';
import { LANGUAGES, FORMATS } from './cases';
import { ACT_DRAFT, ACT_ISSUED, ACT_VOID, ANALYSIS_EMPTY, REPORT_BUG, REPORT_TICKET } from './fixtures';

const both = LANGUAGES.flatMap((lang) => FORMATS.map((format) => ({ lang, format })));

describe('documents: the closing act', () => {
  it('an issued act carries its number and date in the title', () => {
    assert.match(renderClosingAct(ACT_ISSUED, { lang: 'en', format: 'md' }), /^# Closing act No\. ACT-2026-0007 of 2026-04-15\n/);
    assert.match(renderClosingAct(ACT_ISSUED, { lang: 'ru', format: 'md' }), /^# Заключительный акт № ACT-2026-0007 от 2026-04-15\n/);
    assert.match(renderClosingAct(ACT_ISSUED, { lang: 'ru', format: 'html' }), /<title>Заключительный акт № ACT-2026-0007 от 2026-04-15<\/title>/);
  });
  it('a draft says so and shows no number, even if the data has one', () => {
    for (const options of both) {
      const out = renderClosingAct(ACT_DRAFT, options);
      assert.ok(!out.includes('ACT-2026-0099'), `${options.lang} ${options.format}`);
      assert.match(out, options.lang === 'ru' ? /ПРОЕКТ/ : /DRAFT/);
    }
  });
  it('a void act is marked void at the top', () => {
    const md = renderClosingAct(ACT_VOID, { lang: 'ru', format: 'md' });
    assert.match(md.split('\n').slice(0, 4).join('\n'), /АННУЛИРОВАН/);
    assert.match(renderClosingAct(ACT_VOID, { lang: 'en', format: 'html' }), /<p class="notice notice-void"><strong>VOID\.<\/strong>/);
  });
  it('a superseding act names the act it replaces', () => {
    assert.match(renderClosingAct(ACT_ISSUED, { lang: 'en', format: 'md' }), /This act replaces act No\. ACT-2026-0004\./);
    assert.match(renderClosingAct(ACT_ISSUED, { lang: 'ru', format: 'md' }), /Настоящий акт заменяет акт № ACT-2026-0004\./);
    assert.doesNotMatch(renderClosingAct(ACT_VOID, { lang: 'en', format: 'md' }), /replaces/);
  });
  it('both parties have lines for name, position, signature and date', () => {
    const html = renderClosingAct(ACT_ISSUED, { lang: 'ru', format: 'html' });
    for (const line of ['ФИО', 'Должность', 'Подпись', 'Дата']) assert.ok(html.includes(`<tr><th scope="row">${line}</th><td class="blank"></td><td class="blank"></td></tr>`), line);
    assert.ok(html.includes('<th scope="col">Исполнитель</th><th scope="col">Заказчик</th>'));
  });
  it('a verification that did not come out as expected says what was expected', () => {
    assert.match(renderClosingAct(ACT_VOID, { lang: 'en', format: 'md' }), /reproduced \(intermittent, 1\/5, 95% 4–62%\); expected: not reproduced/);
  });
});

describe('documents: the reproduction report', () => {
  it('opens with the outcome in words, with k/n', () => {
    const md = renderReproReport(REPORT_TICKET, { lang: 'ru', format: 'md' });
    assert.ok(md.indexOf('воспроизведена (периодически, 2/3)') < md.indexOf('## Шаги воспроизведения'));
    assert.match(renderReproReport(REPORT_BUG, { lang: 'en', format: 'md' }), /- \*\*Outcome:\*\* \*\*not reproduced \(never, 0\/3, 95% 0–56%\)\*\*/);
  });
  it('the steps are the script\'s step titles, in order', () => {
    assert.match(renderReproReport(REPORT_TICKET, { lang: 'en', format: 'md' }), /## Steps to reproduce\n\n1\. Create a customer with a non-ASCII name\n2\. Export the monthly report\n/);
  });
  it('bug checks are the expected and actual; expect checks are preconditions', () => {
    const md = renderReproReport(REPORT_TICKET, { lang: 'en', format: 'md' });
    const [symptoms, preconditions] = md.slice(md.indexOf('## Expected and actual')).split('### Preconditions');
    assert.match(symptoms, /`stderr ~ \/UnicodeEncodeError\/`/);
    assert.doesNotMatch(symptoms, /stdout contains "created"/);
    assert.match(preconditions, /`stdout contains "created"`/);
  });
  it('names the line where the runs diverged, with the line itself', () => {
    assert.match(renderReproReport(REPORT_TICKET, { lang: 'en', format: 'md' }), /at line 15: `run acme report export/);
    const past = { ...REPORT_TICKET, run: { ...REPORT_TICKET.run!, divergesAt: 999 } };
    assert.match(renderReproReport(past, { lang: 'en', format: 'md' }), /at line 999\.\n/);
  });
  it('without a run or a script, every section still says what there is', () => {
    const bare: ReproReportData = { ...REPORT_TICKET, run: undefined, script: undefined, history: [], tickets: [], bugs: [] };
    for (const options of both) {
      const out = renderReproReport(bare, options);
      assert.match(out, options.lang === 'ru' ? /запусков ещё не было/ : /not run yet/);
      assert.match(out, options.lang === 'ru' ? /Сценарий воспроизведения не привязан\./ : /No repro script is linked\./);
    }
  });
  it('an inconclusive run has no k/n and no fingerprint', () => {
    const run = { ...REPORT_TICKET.run!, outcome: 'inconclusive' as const, reproducedRuns: 0, conclusiveRuns: 0, fingerprints: [], divergesAt: null };
    const md = renderReproReport({ ...REPORT_TICKET, run }, { lang: 'ru', format: 'md' });
    assert.match(md, /- \*\*Результат:\*\* \*\*результат не определён\*\*\n/);
    assert.match(md, /отпечатка нет/);
  });
});

describe('documents: the complaint analysis', () => {
  it('an empty period says so in every section', () => {
    const md = renderComplaintAnalysis(ANALYSIS_EMPTY, { lang: 'en', format: 'md' });
    assert.equal((md.match(/Nothing in the period\./g) ?? []).length, 9);
    assert.match(md, /No ticket is overdue\./);
    assert.match(md, /\*\*Reopen rate:\*\* no ticket was resolved/);
    assert.doesNotMatch(renderComplaintAnalysis(ANALYSIS_EMPTY, { lang: 'en', format: 'html' }), /<svg/);
  });
});
