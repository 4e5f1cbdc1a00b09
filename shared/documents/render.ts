// The two writers of a Document: a table of block writers per format. Text reaches the output only through
// `markdownInline` and `htmlInline`, which escape it; builders hand over data, never markup.

import { barChart } from './charts';
import { strong, type Block, type Document, type Inline } from './document';
import { escapeHtml, htmlPage } from './html';
import { codeFence, codeSpan, escapeMarkdown, markdownTable } from './markdown';
import { toTextile } from './textile';
import type { DocumentFormat } from './types';

type Writers = { [K in Block['kind']]: (block: Extract<Block, { kind: K }>) => string };

/** What a person signs on in Markdown, which has no lines to draw: underscores, escaped so they stay text. */
const SIGNATURE_LINE = escapeMarkdown('_'.repeat(20));

function markdownInline(text: Inline, inTable = false): string {
  if (typeof text === 'string') return escapeMarkdown(text);
  if (Array.isArray(text)) return (text as readonly Inline[]).map((part) => markdownInline(part, inTable)).join('');
  const span = text as Exclude<Inline, string | readonly Inline[]>;
  if (span.style === 'code') return codeSpan(span.text, inTable);
  const inner = escapeMarkdown(span.text).trim();
  return inner ? `**${inner}**` : '';
}

/** Inline text that makes (or ends) a line: trimmed, since blanks there are either lost or make a code block. */
const markdownLine = (text: Inline, inTable = false): string => markdownInline(text, inTable).trim();

const MARKDOWN: Writers = {
  heading: (b) => `${'#'.repeat(b.level)} ${markdownLine(b.text)}`,
  paragraph: (b) => markdownLine(b.text),
  notice: (b) => `> ${markdownLine(b.text)}`,
  fields: (b) => b.rows.map(([label, value]) => `- **${markdownLine(label)}:** ${markdownLine(value)}`).join('\n'),
  list: (b) => b.items.map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${markdownLine(item)}`).join('\n'),
  table: (b) => markdownTable(b.head.map((h) => markdownLine(h)), b.rows.map((row) => row.map((cell) => markdownLine(cell, true))), b.numeric),
  code: (b) => codeFence(b.text, b.language),
  chart: () => '',
  signatures: (b) =>
    markdownTable(
      ['', ...b.parties.map((p) => markdownLine(p.role))],
      [['', ...b.parties.map((p) => markdownLine(strong(p.name)))], ...b.lines.map((line) => [markdownLine(line), ...b.parties.map(() => SIGNATURE_LINE)])],
    ),
};

function htmlInline(text: Inline): string {
  if (typeof text === 'string') return escapeHtml(text);
  if (Array.isArray(text)) return (text as readonly Inline[]).map(htmlInline).join('');
  const span = text as Exclude<Inline, string | readonly Inline[]>;
  const tag = span.style === 'code' ? 'code' : 'strong';
  return `<${tag}>${escapeHtml(span.text)}</${tag}>`;
}

function columnClass(block: Extract<Block, { kind: 'table' }>, column: number): string {
  if (block.numeric?.includes(column)) return ' class="num"';
  return block.nowrap?.includes(column) ? ' class="nowrap"' : '';
}

const HTML: Writers = {
  heading: (b) => `<h${b.level}>${htmlInline(b.text)}</h${b.level}>`,
  paragraph: (b) => `<p>${htmlInline(b.text)}</p>`,
  notice: (b) => `<p class="notice notice-${b.tone}">${htmlInline(b.text)}</p>`,
  fields: (b) => `<table class="fields"><tbody>\n${b.rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${htmlInline(value)}</td></tr>`).join('\n')}\n</tbody></table>`,
  list: (b) => {
    const tag = b.ordered ? 'ol' : 'ul';
    return `<${tag}>\n${b.items.map((item) => `<li>${htmlInline(item)}</li>`).join('\n')}\n</${tag}>`;
  },
  table: (b) =>
    [
      b.compact ? '<table class="compact">' : '<table>',
      `<thead><tr>${b.head.map((h, i) => `<th scope="col"${columnClass(b, i)}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
      ...b.rows.map((row) => `<tr>${row.map((cell, i) => `<td${columnClass(b, i)}>${htmlInline(cell)}</td>`).join('')}</tr>`),
      '</tbody>',
      '</table>',
    ].join('\n'),
  code: (b) => `<pre class="code"><code class="language-${b.language}">${escapeHtml(b.text.replace(/\r\n?/g, '\n'))}</code></pre>`,
  chart: (b) => `<figure class="chart">\n${barChart(b.title, b.bars)}\n</figure>`,
  signatures: (b) =>
    [
      '<table class="signatures">',
      `<thead><tr><th></th>${b.parties.map((p) => `<th scope="col">${escapeHtml(p.role)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
      `<tr><th></th>${b.parties.map((p) => `<td><strong>${escapeHtml(p.name)}</strong></td>`).join('')}</tr>`,
      ...b.lines.map((line) => `<tr><th scope="row">${escapeHtml(line)}</th>${b.parties.map(() => '<td class="blank"></td>').join('')}</tr>`),
      '</tbody>',
      '</table>',
    ].join('\n'),
};

function write(writers: Writers, block: Block): string {
  return (writers[block.kind] as (b: Block) => string)(block);
}

export function toMarkdown(doc: Document): string {
  return (
    doc.blocks
      .map((b) => write(MARKDOWN, b))
      .filter((text) => text !== '')
      .join('\n\n') + '\n'
  );
}

export function toHtml(doc: Document): string {
  return htmlPage(doc.lang, doc.title, doc.blocks.map((b) => write(HTML, b)).join('\n'));
}

const FORMATS: Record<DocumentFormat, (doc: Document) => string> = { md: toMarkdown, html: toHtml, textile: toTextile };

export function renderDocument(doc: Document, format: DocumentFormat): string {
  return FORMATS[format](doc);
}
