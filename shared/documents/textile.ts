// Textile as Redmine renders it (its RedCloth3), for a bug handed to a tracker whose text formatting is Textile
// (Redmine's default). As with Markdown (markdown.ts), text from the data must stay text: a customer's subject
// `*urgent*`, `"x":javascript:…`, `!image.png!`, `|cell|` or `h1. Title` shows as those characters. Every
// character Textile reads as structure is written as a numeric character reference (`&#42;`), which Redmine
// keeps as an entity and the browser shows as the character; code goes into `<pre>` and `@…@`, whose
// contents Redmine escapes itself.

import { strong, type Block, type Document, type Inline } from './document';

/**
 * What starts or ends inline structure (emphasis `* _ + - ^ ~ %`, links `"`, images `!`, code `@`, tables `|`,
 * attributes `( ) [ ] { }`, entities `&`, HTML `< >`, footnotes and lists `#`, `=` of `==notextile==`).
 */
const TEXTILE_SPECIAL = /[&<>*_+\-^~%"!@|()[\]{}#=]/g;

/** Line breaks and the blanks around them: a field is one line in a table cell or a list item. */
const LINE_BREAKS = /\s*(?:\r\n|\r|\n|\u2028|\u2029)\s*/g;

/** A field as inline Textile that renders as exactly its characters (line breaks become spaces). */
export function escapeTextile(text: string): string {
  // A `:` before `//` too: Redmine makes a link of any http://… in the text, and would take an escape after it into the link.
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(TEXTILE_SPECIAL, (c, at: number, whole: string) =>
      // Inside a word (SUP-1042, snake_case) `-` and `_` open nothing: kept, so keys and names read as written.
      (c === '-' || c === '_') && WORD.test(whole[at - 1] ?? '') && WORD.test(whole[at + 1] ?? '') ? c : `&#${c.codePointAt(0)};`,
    )
    .replace(/:(?=\/\/)/g, '&#58;');
}

const WORD = /[\p{L}\p{N}]/u;

/** Inline code: `@` delimits it, so a text holding `@` goes into `<code>`, whose text Redmine escapes. */
function textileCode(text: string): string {
  const body = text.replace(LINE_BREAKS, ' ').trim();
  if (!body) return '';
  return /[@<]/.test(body) ? `<code>${body.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>` : `@${body}@`;
}

function inline(text: Inline): string {
  if (typeof text === 'string') return escapeTextile(text);
  if (Array.isArray(text)) return (text as readonly Inline[]).map(inline).join('');
  const span = text as Exclude<Inline, string | readonly Inline[]>;
  if (span.style === 'code') return textileCode(span.text);
  const inner = escapeTextile(span.text).trim();
  return inner ? `*${inner}*` : '';
}

const line = (text: Inline): string => inline(text).trim();

/** A table row; an empty cell holds a space, since `||` would read as one cell. */
const row = (cells: readonly string[], head = false): string => `|${cells.map((c) => `${head ? '_. ' : ''}${c || ' '}`).join('|')}|`;

type Writers = { [K in Block['kind']]: (block: Extract<Block, { kind: K }>) => string };

const TEXTILE: Writers = {
  heading: (b) => `h${b.level}. ${line(b.text)}`,
  paragraph: (b) => line(b.text),
  notice: (b) => `bq. ${line(b.text)}`,
  fields: (b) => b.rows.map(([label, value]) => `* *${line(label)}:* ${line(value)}`).join('\n'),
  list: (b) => b.items.map((item) => `${b.ordered ? '#' : '*'} ${line(item)}`).join('\n'),
  table: (b) => [row(b.head.map((h) => line(h)), true), ...b.rows.map((r) => row(r.map((cell) => line(cell))))].join('\n'),
  // `<pre>` keeps the text as it is; only `<`, `>` and `&` need care, and a `</pre>` inside cannot end it.
  code: (b) => `<pre>${b.text.replace(/\r\n?/g, '\n').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n$/, '')}</pre>`,
  chart: () => '',
  signatures: (b) =>
    [row(['', ...b.parties.map((p) => line(p.role))], true), row(['', ...b.parties.map((p) => line(strong(p.name)))]), ...b.lines.map((l) => row([line(l), ...b.parties.map(() => ' ')]))].join('\n'),
};

export function toTextile(doc: Document): string {
  return (
    doc.blocks
      .map((b) => (TEXTILE[b.kind] as (block: Block) => string)(b))
      .filter((text) => text !== '')
      .join('\n\n') + '\n'
  );
}
