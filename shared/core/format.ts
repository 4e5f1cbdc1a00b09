// The formatter (spec §6b): one style, idempotent. A blank line before each step, two spaces before the
// commands of a step, header values aligned, one space between words. Comments and the archive are kept
// byte for byte, and so is every line with a syntax error (its meaning is not yet known, so respacing it
// could change what the author meant).
// Invariant: format(parse(format(x))) === format(x), and the formatted text has the same diagnostics.

import type { CommentLine, Item, Script, ScriptFrame, Statement } from './ast';
import { markerName, scan, type ParseOptions, type Scan } from './parse';
import { lineContentEnd, lineOfOffset } from './text';

/** Header values start at this column (0-based), like a tab stop; a longer name is followed by one space. */
export const HEADER_VALUE_COLUMN = 8;
const STEP_INDENT = '  ';
const CONTINUATION_INDENT = '    ';

export function format(script: Script): string {
  const formatter = new Formatter(script);
  for (const item of script.items) formatter.add(item);
  return formatter.finish();
}

/** The same text as `format(parse(text))`, in one pass that keeps no tree (see `validateText`). */
export function formatText(text: string, options: ParseOptions = {}): string {
  return formatScan(scan(text, options));
}

/** Formats a script being read (its frame is at hand before: the CLI looks at the archive first). */
export function formatScan(scanned: Scan): string {
  const formatter = new Formatter(scanned.frame);
  scanned.items((item) => formatter.add(item));
  return formatter.finish();
}

/** Formats items as they come. Comment lines wait until the next line shows whether they belong to a step. */
class Formatter {
  private readonly out: string[] = [];
  private inStep = false;
  private inHeader = true;
  /** The author left a blank line here (several count as one). */
  private blankPending = false;
  /** The lines just written are comments that belong to the step that comes next. */
  private stepCommented = false;
  private comments: CommentLine[] = [];

  constructor(private readonly frame: ScriptFrame) {}

  add(item: Item): void {
    if (item.type === 'comment') {
      this.comments.push(item);
      return;
    }
    const isStep = item.type === 'statement' && item.spec?.name === 'step';
    this.flushComments(isStep);
    if (item.type === 'blank') {
      this.blankPending = this.out.length > 0;
      return;
    }
    this.separate(isStep && !this.stepCommented);
    this.stepCommented = false;
    if (isStep) this.inStep = true;
    const directive = this.inHeader && item.spec?.kind === 'directive';
    if (item.spec?.kind === 'command') this.inHeader = false;
    this.out.push(renderStatement(this.frame, item, this.inStep && !isStep ? STEP_INDENT : '', directive));
  }

  finish(): string {
    this.flushComments(false);
    const { eol, bom, archive, text } = this.frame;
    let result = (bom ? '\uFEFF' : '') + this.out.join(eol);
    if (this.out.length > 0) result += eol;
    if (archive) {
      // Exactly one blank line separates the script from its archive, which follows byte for byte.
      if (this.out.length > 0) result += eol;
      result += text.slice(archive.start);
    }
    return result;
  }

  /** One blank line before a step's block (its comments, then the step), and where the author left one. */
  private separate(opensStepBlock: boolean): void {
    if ((opensStepBlock || this.blankPending) && this.out.length > 0) this.out.push('');
    this.blankPending = false;
  }

  /** Comment lines directly above a `step` (no blank between) belong to it and move with its blank line. */
  private flushComments(beforeStep: boolean): void {
    this.comments.forEach((line, i) => {
      this.separate(beforeStep && i === 0);
      this.out.push((this.inStep && !beforeStep ? STEP_INDENT : '') + line.comment.text);
    });
    this.stepCommented = beforeStep && this.comments.length > 0;
    this.comments = [];
  }
}

function renderStatement(script: ScriptFrame, statement: Statement, indent: string, directive: boolean): string {
  const { text, lineStarts } = script;
  const lineStart = statement.line === 0 && script.bom ? 1 : lineStarts[statement.line];
  const tokens = [...statement.conditions, statement.name, ...statement.words];
  const lastToken = tokens[tokens.length - 1];
  // As written, to the end of the line of the last word or comment. A final `\` that continues into nothing
  // is dropped with the blanks before it (unless they follow a word ending in `\`, which they protect).
  const verbatim = (): string => {
    if (statement.danglingContinuation !== undefined) {
      const kept = text.slice(lineStart, statement.danglingContinuation);
      const trimmed = kept.replace(/[ \t\uFEFF]+$/, '');
      const result = trimmed.endsWith('\\') ? kept : trimmed;
      // Without its `\`, the line must not turn into an archive marker.
      return markerName(result, 0, result.length) === undefined ? result : text.slice(lineStart, statement.danglingContinuation + 1);
    }
    const lastLine = lineOfOffset(lineStarts, Math.max(lastToken.end, statement.comment?.end ?? 0));
    return text.slice(lineStart, lineContentEnd(text, lineStarts, lastLine));
  };
  if (statement.malformed) return verbatim();

  // Tokens grouped by the physical line they sit on, so that `\` continuations stay where the author put them.
  // Tokens come in order, so the line only ever moves forward (no search per token).
  const lines: string[][] = [[]];
  let currentLine = statement.line;
  for (const token of tokens) {
    if (currentLine < statement.lastLine && lineStarts[currentLine + 1] <= token.start) {
      while (currentLine < statement.lastLine && lineStarts[currentLine + 1] <= token.start) currentLine++;
      lines.push([]);
    }
    lines[lines.length - 1].push('raw' in token ? token.raw : text.slice(token.start, token.end));
  }
  const comment = statement.comment;
  const commentOnOwnLine = comment !== undefined && comment.line !== currentLine;
  // A word ending in `\` at the end of a line would become a continuation once trailing blanks go.
  const endsInBackslash = lines.some((words, i) => words[words.length - 1].endsWith('\\') && !(i === lines.length - 1 && comment && !commentOnOwnLine));
  if (endsInBackslash) return verbatim();

  const first = lines[0];
  let head: string;
  if (directive && statement.conditions.length === 0 && first.length > 1) {
    head = first[0].padEnd(HEADER_VALUE_COLUMN - 1) + ' ' + first.slice(1).join(' ');
  } else head = indent + first.join(' ');
  const rendered = [head, ...lines.slice(1).map((words) => indent + CONTINUATION_INDENT + words.join(' '))];
  if (comment) {
    if (commentOnOwnLine) rendered.push(indent + CONTINUATION_INDENT + comment.text);
    else rendered[rendered.length - 1] += ' ' + comment.text;
  }
  return rendered.join(' \\' + script.eol);
}
