// Hostile text for every field of a document's data, and the checks that it stayed text: a small tag reader
// for the HTML, a reader of Markdown's structure outside code, and the list of fields a document does not print.

/** Each payload carries a marker that survives any escaping (letters and digits), so the test can find it. */
export const PAYLOADS: ((marker: string) => string)[] = [
  (m) => `<script>alert('${m}')</script>`,
  (m) => `"><img src=x onerror=alert('${m}')>`,
  (m) => `javascript:alert('${m}')`,
  (m) => `[${m}](javascript:alert(1)) ![x](https://evil.example/${m}.png)`,
  (m) => `]]></style></svg></table><script>${m}</script><!--`,
  (m) => `<a href="http://evil.example/${m}">| ${m} | # ${m}</a>`,
  (m) => '```\n</pre></code><b>' + m + '</b>\n````',
  (m) => `' onmouseover='alert(1)' {0} &amp; $${m}$ *${m}* _x_ <!-- ${m} -->`,
  (m) => `- ${m}\n# ${m}\n1. ${m}\n    | a | b |`,
  (m) => '`<i>' + m + '</i>` and ``<u>x</u>`` \\`',
];

export const marker = (i: number): string => `QX${String(i).padStart(4, '0')}Z`;
export const payload = (i: number): string => PAYLOADS[i % PAYLOADS.length](marker(i));

export type Path = readonly (string | number)[];

/** The path of every string in `value`. */
export function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

/** A deep copy of `value` with each string replaced by what `replace` gives for its path (undefined keeps it). */
export function replaceStrings<T>(value: T, replace: (path: Path, text: string) => string | undefined, path: Path = []): T {
  if (typeof value === 'string') return (replace(path, value) ?? value) as T;
  if (Array.isArray(value)) return value.map((v, i) => replaceStrings(v, replace, [...path, i])) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, replace, [...path, k])])) as T;
  return value;
}

export const pathText = (path: Path): string => path.join('.');

/**
 * Fields that choose how a document is laid out rather than being printed: what the subject is, a check's role,
 * an act's status; and a draft's number, which a draft does not show.
 */
export function printed(caseName: string, path: Path): boolean {
  const p = pathText(path);
  if (p === 'subject.kind' || /^run\.checks\.\d+\.role$/.test(p) || p === 'status') return false;
  if (caseName === 'closing-act.draft' && p === 'number') return false;
  return true;
}

/** The reference escaping the HTML must show a field in (written here again, not imported from the code under test). */
export function escapedHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const ALLOWED_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'h1', 'h2', 'h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'ol', 'li', 'strong', 'code', 'pre', 'figure', 'svg', 'g', 'text', 'rect']);
const ALLOWED_ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'scope', 'viewBox', 'width', 'height', 'role', 'aria-label', 'x', 'y', 'text-anchor']);
const VOID_TAGS = new Set(['meta']);
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z][a-zA-Z:-]*="[^"<>]*")*)\s*(\/?)>/y;
const ATTRIBUTE = /([a-zA-Z][a-zA-Z:-]*)="([^"]*)"/g;

/**
 * Problems with the HTML's markup: a `<` that starts no allowed tag, an attribute not allowed or holding a URL
 * or script, tags that do not nest. Empty when the markup is only what the renderer writes.
 */
export function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  if (!html.startsWith('<!doctype html>\n')) problems.push('no doctype');
  const body = html.slice('<!doctype html>'.length).replace(/(<style>)[\s\S]*?(<\/style>)/, '$1$2');
  const open: string[] = [];
  for (let at = body.indexOf('<'); at >= 0; at = body.indexOf('<', at + 1)) {
    TAG.lastIndex = at;
    const tag = TAG.exec(body);
    if (!tag) {
      problems.push(`a < that starts no tag: ${JSON.stringify(body.slice(at, at + 40))}`);
      continue;
    }
    const [, closing, name, attributes, selfClosing] = tag;
    if (!ALLOWED_TAGS.has(name)) problems.push(`tag <${name}>`);
    for (const [, attribute, value] of attributes.matchAll(ATTRIBUTE)) {
      if (!ALLOWED_ATTRIBUTES.has(attribute)) problems.push(`attribute ${attribute} on <${name}>`);
      if (/javascript:|https?:|\/\/|url\(/i.test(value)) problems.push(`attribute ${attribute}="${value}"`);
    }
    if (closing) {
      const expected = open.pop();
      if (expected !== name) problems.push(`</${name}> closes <${expected}>`);
    } else if (!selfClosing && !VOID_TAGS.has(name)) open.push(name);
  }
  if (open.length > 0) problems.push(`not closed: ${open.join(', ')}`);
  return problems;
}

export interface MarkdownParts {
  /** The text outside fenced code blocks, with code spans and backslash escapes taken out: what steers structure. */
  structure: string;
  /**
   * The text outside fences with only backslash escapes taken out: GFM splits table cells at the pipes left
   * here before it reads code spans, so a `|` in a code span must be escaped too.
   */
  cells: string;
  /** The content of each fenced code block. */
  fences: string[];
}

/** Splits Markdown as CommonMark reads it: fenced blocks (backtick fences), code spans, backslash escapes. */
export function markdownParts(md: string): MarkdownParts {
  const lines = md.split('\n');
  const outside: string[] = [];
  const fences: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const opening = /^(`{3,})[^`]*$/.exec(lines[i]);
    if (!opening) {
      outside.push(lines[i]);
      continue;
    }
    const content: string[] = [];
    for (i++; i < lines.length && !new RegExp(`^\`{${opening[1].length},}\\s*$`).test(lines[i]); i++) content.push(lines[i]);
    fences.push(content.join('\n') + '\n');
    outside.push('');
  }
  let structure = '';
  const text = outside.join('\n');
  for (let i = 0; i < text.length; ) {
    if (text[i] === '\\' && i + 1 < text.length) {
      structure += ' ';
      i += 2;
    } else if (text[i] === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = new RegExp(`(?<!\`)${run}(?!\`)`, 'g');
      close.lastIndex = i + run.length;
      const end = close.exec(text);
      if (!end) {
        structure += text.slice(i, i + run.length);
        i += run.length;
      } else {
        structure += ' ';
        i = end.index + run.length;
      }
    } else structure += text[i++];
  }
  return { structure, cells: text.replace(/\\./g, ' '), fences };
}
