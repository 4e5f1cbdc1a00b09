// Horizontal bar charts as inline SVG: drawn from numbers alone (no script, no font to fetch), identical on
// every machine, and printable. A bar's length is proportional to its count against the largest one; labels
// are cut to fit the label column (the table beside the chart has them whole, and so does each bar's tooltip).

import type { Bar } from './document';
import { escapeHtml } from './html';

export const CHART = {
  width: 640,
  /** The label column, right-aligned against the bars. */
  labelWidth: 240,
  /** The longest bar; the rest of the width holds its count. */
  barWidth: 340,
  rowHeight: 22,
  barHeight: 14,
  padding: 4,
  /** Characters of a label shown before it is cut with an ellipsis (about what fits labelWidth at 12px). */
  labelChars: 28,
} as const;

/** A label as the chart shows it: whole, or cut to `max` characters (not UTF-16 units) ending in `…`. */
export function truncateLabel(label: string, max: number = CHART.labelChars): string {
  const chars = [...label.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : chars.slice(0, max - 1).join('').trimEnd() + '…';
}

/** A bar's length: proportional to the largest count, so the longest bar is always the full width. */
export function barLength(value: number, largest: number): number {
  if (!(largest > 0) || !(value > 0)) return 0;
  return Math.round((value / largest) * CHART.barWidth * 10) / 10;
}

/** An SVG bar chart of `bars`, in their order, titled `title` (read out by screen readers). */
export function barChart(title: string, bars: readonly Bar[]): string {
  const { width, labelWidth, rowHeight, barHeight, padding } = CHART;
  const height = bars.length * rowHeight + 2 * padding;
  const largest = Math.max(0, ...bars.map((b) => b.value));
  const rows = bars.map((bar, i) => {
    const top = padding + i * rowHeight;
    const baseline = top + rowHeight / 2 + 4;
    const length = barLength(bar.value, largest);
    return [
      `<g><title>${escapeHtml(`${bar.label}: ${bar.value}`)}</title>`,
      `<text x="${labelWidth - 8}" y="${baseline}" text-anchor="end">${escapeHtml(truncateLabel(bar.label))}</text>`,
      `<rect class="bar" x="${labelWidth}" y="${top + (rowHeight - barHeight) / 2}" width="${length}" height="${barHeight}"/>`,
      `<text x="${labelWidth + length + 6}" y="${baseline}">${bar.value}</text></g>`,
    ].join('');
  });
  return [
    `<svg class="bar-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<title>${escapeHtml(title)}</title>`,
    ...rows,
    '</svg>',
  ].join('\n');
}
