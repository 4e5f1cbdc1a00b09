// The bar chart: lengths proportional to counts, zero and single categories, labels cut in the SVG but whole
// in the table beside it.

import { strict as assert } from 'node:assert';
import { barChart, barLength, CHART, truncateLabel } from '../../shared/documents/charts';
import { renderComplaintAnalysis } from '../../shared/documents';
import { ANALYSIS } from './fixtures';

/** The width of each bar, in order. */
const widths = (svg: string): number[] => [...svg.matchAll(/<rect class="bar" [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
/** The label text of each bar, in order (the first <text> of each row). */
const labels = (svg: string): string[] => [...svg.matchAll(/<g><title>[^<]*<\/title><text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('documents: bar charts', () => {
  it('bars are proportional to the counts, the largest one full width', () => {
    const w = widths(barChart('t', [{ label: 'a', value: 10 }, { label: 'b', value: 5 }, { label: 'c', value: 1 }]));
    assert.deepEqual(w, [CHART.barWidth, CHART.barWidth / 2, CHART.barWidth / 10]);
  });
  it('a zero count has no bar, but its row, label and count are there', () => {
    const svg = barChart('t', [{ label: 'a', value: 4 }, { label: 'none', value: 0 }]);
    assert.deepEqual(widths(svg), [CHART.barWidth, 0]);
    assert.deepEqual(labels(svg), ['a', 'none']);
    assert.match(svg, />0<\/text><\/g>/);
  });
  it('all counts zero: no bar is drawn, nothing divides by zero', () => {
    assert.deepEqual(widths(barChart('t', [{ label: 'a', value: 0 }, { label: 'b', value: 0 }])), [0, 0]);
    assert.equal(barLength(0, 0), 0);
    assert.equal(barLength(3, 0), 0);
  });
  it('a single category fills the width', () => {
    const svg = barChart('t', [{ label: 'only', value: 3 }]);
    assert.deepEqual(widths(svg), [CHART.barWidth]);
    assert.match(svg, new RegExp(`viewBox="0 0 ${CHART.width} ${CHART.rowHeight + 2 * CHART.padding}"`));
  });
  it('the height grows with the number of bars', () => {
    const svg = barChart('t', Array.from({ length: 5 }, (_, i) => ({ label: String(i), value: i })));
    assert.match(svg, new RegExp(`height="${5 * CHART.rowHeight + 2 * CHART.padding}"`));
  });
  it('a chart is named for screen readers and escapes its title and labels', () => {
    const svg = barChart('<b>"t"</b>', [{ label: '<script>x</script>', value: 1 }]);
    assert.match(svg, /^<svg class="bar-chart" [^>]*role="img" aria-label="&lt;b&gt;&quot;t&quot;&lt;\/b&gt;">/);
    assert.ok(svg.includes('&lt;script&gt;x&lt;/script&gt;'));
    assert.doesNotMatch(svg, /<script|<b>/);
    assert.equal((svg.match(/<svg/g) ?? []).length, (svg.match(/<\/svg>/g) ?? []).length);
  });

  it('a long label is cut with an ellipsis, counted in characters, not UTF-16 units', () => {
    assert.equal(truncateLabel('short'), 'short');
    assert.equal(truncateLabel('x'.repeat(CHART.labelChars)), 'x'.repeat(CHART.labelChars));
    const cut = truncateLabel('😀'.repeat(40));
    assert.equal([...cut].length, CHART.labelChars);
    assert.ok(cut.endsWith('…'));
    assert.equal(truncateLabel('abcdef ghijk', 8), 'abcdef…');
  });
  it('in the complaint analysis, a long product name is cut in the chart and whole in the table', () => {
    const name = 'Модуль интеграции с бухгалтерией предприятия (редакция 3.0)';
    const html = renderComplaintAnalysis(ANALYSIS, { lang: 'ru', format: 'html' });
    const chart = html.slice(html.indexOf('<h2>Заявки по продуктам</h2>'));
    const svg = chart.slice(0, chart.indexOf('</svg>'));
    assert.ok(labels(svg).includes(truncateLabel(name)));
    assert.ok(truncateLabel(name).endsWith('…'));
    assert.ok(chart.includes(`<tr><td>${name}</td><td class="num">1</td>`));
    const md = renderComplaintAnalysis(ANALYSIS, { lang: 'ru', format: 'md' });
    assert.ok(md.includes(`| ${name} |`));
    assert.doesNotMatch(md, /<svg/);
  });
  it('the HTML of the analysis has a chart per distribution, each balanced', () => {
    const html = renderComplaintAnalysis(ANALYSIS, { lang: 'en', format: 'html' });
    // 8 ticket distributions, the top bugs and the bugs' reproducibility.
    assert.equal((html.match(/<svg /g) ?? []).length, 10);
    assert.equal((html.match(/<\/svg>/g) ?? []).length, 10);
    assert.equal((html.match(/<figure class="chart">/g) ?? []).length, (html.match(/<\/figure>/g) ?? []).length);
  });
});
