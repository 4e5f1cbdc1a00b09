// Markdown that cannot be steered by the data in it. A customer's subject such as `<script>`, `| x |`,
// `[click](javascript:…)` or `# Title` must show as the text it is, in any CommonMark/GFM renderer, so every
// field goes through `escapeMarkdown` (or into a code span or fence sized to what it holds).

/**
 * Characters that start or end inline structure: emphasis, code, links, raw HTML and entities, table cells,
 * headings, strike-through, math (GitHub renders `$…$`). Backslash-escaping any ASCII punctuation is valid
 * CommonMark, so escaping one needlessly only costs a backslash.
 */
const INLINE_SPECIAL = /[\\`*_[\]<>|#~&$]/g;
/**
 * What starts a block when it begins a line (and a field may: a list item's text, a paragraph): a bullet, a
 * thematic break or setext underline (`---`, `===`), an ordered list marker (`1.`, `2)`) before a blank.
 */
const BLOCK_START = /^(\s*)([-+=](?=[-+=\s]|$)|\d{1,9}[.)](?=\s|$))/;

/** Line breaks and the blanks around them: a field is one line in a table cell or a list item. */
const LINE_BREAKS = /[^\S\r\n\u2028\u2029]*(?:\r\n|\r|\n|\u2028|\u2029)\s*/g;

function oneLine(text: string): string {
  return text.replace(LINE_BREAKS, ' ');
}

/**
 * A field as inline Markdown text that renders as exactly its characters (line breaks become spaces). Blanks
 * at its ends are kept (a field may be one piece of a line); the writer trims the line it makes.
 */
export function escapeMarkdown(text: string): string {
  const escaped = oneLine(text).replace(INLINE_SPECIAL, '\\$&');
  // `1. x` or `- x` at the start of a list item would open a nested list; `1\. x` and `\- x` do not.
  return escaped.replace(BLOCK_START, (_, blanks: string, marker: string) => (/\d/.test(marker) ? `${blanks}${marker.slice(0, -1)}\\${marker.slice(-1)}` : `${blanks}\\${marker}`));
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  for (const run of text.match(new RegExp(`\\${char}+`, 'g')) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * A code span that holds `text` verbatim: delimited by one backtick more than the longest run inside, padded
 * when the text begins or ends with a backtick or a blank (CommonMark strips one blank from each side). In a
 * table cell, `|` is escaped even here: GFM splits cells before it reads code spans.
 */
export function codeSpan(text: string, inTable = false): string {
  let body = oneLine(text);
  if (body.trim() === '') return '';
  if (inTable) body = body.replace(/\|/g, '\\|');
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any run of backticks in the text, so nothing closes it early. */
export function codeFence(text: string, info: string): string {
  let body = text.replace(/\r\n?/g, '\n');
  if (!body.endsWith('\n')) body += '\n';
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${info}\n${body}${fence}`;
}

const width = (cell: string): number => [...cell].length;
/** Columns are padded up to this width; a longer cell sticks out rather than widening every row. */
const MAX_PADDED_WIDTH = 48;

function pad(cell: string, columnWidth: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, columnWidth - width(cell)));
  return right ? fill + cell : cell + fill;
}

/**
 * A GFM table of cells already written as inline Markdown; columns padded so the source reads as a table too.
 * `numeric` columns are right-aligned.
 */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const widths = head.map((h, i) => Math.min(MAX_PADDED_WIDTH, Math.max(3, width(h), ...rows.map((r) => width(r[i] ?? '')))));
  const line = (cells: readonly string[]): string => `| ${widths.map((w, i) => pad(cells[i] ?? '', w, numeric.includes(i))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric.includes(i) ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ')} |`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}
