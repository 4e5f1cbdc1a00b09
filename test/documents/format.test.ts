// Dates, numbers and outcomes as the documents write them, and the documents' purity: no I/O, no clock.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDate, formatDateTime, formatDecimal, formatPercent, runSummary, vocabularyText } from '../../shared/documents/format';
import { documentText } from '../../shared/documents/language';
import { ROOT } from '../helpers/golden';

describe('documents: formatting', () => {
  const en = documentText('en');
  const ru = documentText('ru');

  it('dates are YYYY-MM-DD in UTC, whatever the zone they were written in', () => {
    assert.equal(formatDate('2026-03-04T14:07:55.000Z'), '2026-03-04');
    assert.equal(formatDate('2026-03-01T01:30:00+03:00'), '2026-02-28');
    assert.equal(formatDate('2026-03-01T01:30:00+0300'), '2026-02-28');
    assert.equal(formatDate('2026-03-01'), '2026-03-01');
    assert.equal(formatDate('2026-03-01 23:59'), '2026-03-01');
  });
  it('date-times are YYYY-MM-DD HH:MM UTC', () => {
    assert.equal(formatDateTime('2026-03-04T14:07:55.999Z'), '2026-03-04 14:07 UTC');
    assert.equal(formatDateTime('2026-03-04T23:30:00-01:00'), '2026-03-05 00:30 UTC');
    assert.equal(formatDateTime('2026-03-04'), '2026-03-04');
  });
  it('text that is not a date is shown as it is', () => {
    assert.equal(formatDate('yesterday'), 'yesterday');
    assert.equal(formatDateTime('2026-13-45T99:99Z'), '2026-13-45T99:99Z');
    assert.equal(formatDate(''), '');
  });
  it('decimals take the language separator; not-a-number is a dash', () => {
    assert.equal(formatDecimal(2.4166, 'en'), '2.4');
    assert.equal(formatDecimal(2.4166, 'ru'), '2,4');
    assert.equal(formatDecimal(Number.NaN, 'ru'), '—');
    assert.equal(formatPercent(en, 0.125, 'en'), '12.5%');
    assert.equal(formatPercent(ru, 0.125, 'ru'), '12,5 %');
  });
  it('the outcome in words with k/n, in both languages', () => {
    assert.equal(runSummary(en, { outcome: 'reproduced', reproducedRuns: 3, conclusiveRuns: 3 }), 'reproduced (always, 3/3, 95% 44–100%)');
    assert.equal(runSummary(ru, { outcome: 'reproduced', reproducedRuns: 3, conclusiveRuns: 3 }), 'воспроизведена (всегда, 3/3, 95% 44–100%)');
    assert.equal(runSummary(ru, { outcome: 'reproduced', reproducedRuns: 2, conclusiveRuns: 5 }), 'воспроизведена (периодически, 2/5, 95% 12–77%)');
    assert.equal(runSummary(ru, { outcome: 'not-reproduced', reproducedRuns: 0, conclusiveRuns: 4 }), 'не воспроизведена (никогда, 0/4, 95% 0–49%)');
    assert.equal(runSummary(en, { outcome: 'reproduced', reproducedRuns: 1, conclusiveRuns: 1 }), 'reproduced (1/1, 95% 21–100%)', 'one run measures nothing: no word');
    assert.equal(runSummary(ru, { outcome: 'inconclusive', reproducedRuns: 0, conclusiveRuns: 0 }), 'результат не определён');
    assert.equal(runSummary(en, { outcome: 'reproduced', reproducedRuns: 1, conclusiveRuns: 2 }), 'reproduced (intermittent, 1/2, 95% 9–91%)');
  });
  it('vocabulary values read as their labels, in the language; unknown ones as written', () => {
    assert.equal(vocabularyText(en, 'waiting'), 'waiting for customer');
    assert.equal(vocabularyText(ru, 'waiting'), 'ожидает ответа заказчика');
    assert.equal(vocabularyText(ru, 'have-not-tried'), 'не проверялась');
    assert.equal(vocabularyText(ru, ''), 'не указано');
    assert.equal(vocabularyText(ru, 'something-new'), 'something-new');
  });
  it('a value named like an Object property is just a value', () => {
    for (const value of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      assert.equal(ru(value), value);
      assert.equal(vocabularyText(ru, value), value);
    }
  });
  it('placeholders in arguments are not expanded again', () => {
    assert.equal(en('Closing act No. {0}', '{0}{1}'), 'Closing act No. {0}{1}');
    assert.equal(ru('Closing act No. {0}', '{0}'), 'Заключительный акт № {0}');
  });
});

describe('documents: purity', () => {
  const dir = join(ROOT, 'shared', 'documents');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  /** What the documents may import: each other, the two tables they show (which import nothing), and the pure
   * reproduction rate (statistics and its text, which import only the table). */
  const ALLOWED = [/^\.\/[a-zA-Z]+$/, /^\.\.\/desk\/vocabulary$/, /^\.\.\/runner\/(results|rateText|stats)$/];

  it('imports only its own files and the vocabulary and outcome tables', () => {
    assert.ok(files.includes('index.ts') && files.includes('render.ts'));
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [, module] of source.matchAll(/(?:from|import)\s*'([^']+)'/g)) assert.ok(ALLOWED.some((a) => a.test(module)), `${file} imports ${module}`);
      // language.ts reads the Russian bundle, a JSON file that ships with the code; nothing else is required.
      for (const [, module] of source.matchAll(/require\(\s*'([^']+)'/g)) assert.equal(`${file} ${module}`, 'language.ts ../../l10n/bundle.l10n.ru.json');
      assert.doesNotMatch(source, /\bprocess\.|Date\.now|new Date\(\)|Math\.random|performance\.|\bfs\b|toLocale|Intl\./, file);
    }
  });
  it('the tables it imports import nothing themselves', () => {
    for (const file of ['desk/vocabulary.ts', 'runner/results.ts']) assert.doesNotMatch(readFileSync(join(ROOT, 'shared', file), 'utf8'), /^import (?!type)/m, file);
  });
});
