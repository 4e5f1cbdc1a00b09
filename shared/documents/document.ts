// A document as a short list of blocks, built once per document and language, then written as Markdown or
// as HTML (render.ts). The two formats cannot disagree on what a document says, and every piece of text
// reaches the page through one writer per format, which escapes it: a builder never writes markup.

/** Text inside a block: plain (escaped on output), emphasized, or code (monospace: checks, paths, hashes). */
export type Inline = string | Span | readonly Inline[];

export interface Span {
  text: string;
  style: 'strong' | 'code';
}

export const strong = (text: string): Span => ({ text, style: 'strong' });
export const code = (text: string): Span => ({ text, style: 'code' });

/** One bar of a chart: a label a person reads and a count. */
export interface Bar {
  label: string;
  value: number;
}

/** A signing party: its role in the act (provider, customer) and its name. */
export interface Signatory {
  role: string;
  name: string;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: Inline }
  | { kind: 'paragraph'; text: Inline }
  /** A framed statement that changes how the whole document is read (a draft, a void act). */
  | { kind: 'notice'; tone: 'draft' | 'void' | 'note'; text: Inline }
  /** Label–value pairs: the facts at the top of a document. */
  | { kind: 'fields'; rows: readonly (readonly [string, Inline])[] }
  | { kind: 'list'; ordered: boolean; items: readonly Inline[] }
  /**
   * `numeric` lists the columns that hold numbers (right-aligned), `nowrap` those whose values must not break
   * (keys and dates: `SUP-` above `1042` misleads); a `compact` table is only as wide as it needs.
   */
  | { kind: 'table'; head: readonly string[]; rows: readonly (readonly Inline[])[]; numeric?: readonly number[]; nowrap?: readonly number[]; compact?: boolean }
  /** Verbatim text (a script, a transcript), shown as it is. */
  | { kind: 'code'; language: 'repro' | 'text'; text: string }
  /** A bar chart (HTML only: the table that always follows it carries the same numbers into Markdown). */
  | { kind: 'chart'; title: string; bars: readonly Bar[] }
  /** Blank lines to sign on, one column per party. */
  | { kind: 'signatures'; parties: readonly Signatory[]; lines: readonly string[] };

export interface Document {
  lang: string;
  title: string;
  blocks: Block[];
}
