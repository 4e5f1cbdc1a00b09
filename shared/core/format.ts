// The formatter (spec §6b): one style, idempotent. A blank line before each step, two spaces before the
// commands of a step, header values aligned, one space between words. Comments and the archive are kept
// byte for byte, and so is every line with a syntax error (its meaning is not yet known, so respacing it
// could change what the author meant).
// Invariant: format(parse(format(x))) === format(x), and the formatted text has the same diagnostics.

import type { Item, Script, Statement } from './ast';
import { markerName } from './parse';
import { lineContentEnd, lineOfOffset } from './text';

/** Header values start at this column (0-based), like a tab stop; a longer name is followed by one space. */
export const HEADER_VALUE_COLUMN = 8;
const STEP_INDENT = '  ';
const CONTINUATION_INDENT = '    ';

export function format(script: Script): string {
  const out: string[] = [];
  const items = script.items;
  const attached = attachedToStep(items);
  let inStep = false;
  let inHeader = true;
  let blankPending = false;

  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.type === 'blank') {
      blankPending = out.length > 0;
      continue;
    }
    const isStep = item.type === 'statement' && item.spec?.name === 'step';
    const opensStepBlock = (attached[i] || isStep) && !(i > 0 && attached[i - 1]);
    if ((opensStepBlock || blankPending) && out.length > 0) out.push('');
    blankPending = false;

    if (item.type === 'comment') {
      out.push((inStep && !attached[i] ? STEP_INDENT : '') + item.comment.text);
      continue;
    }
    if (isStep) inStep = true;
    const directive = inHeader && item.spec?.kind === 'directive';
    if (item.spec?.kind === 'command') inHeader = false;
    out.push(renderStatement(script, item, inStep && !isStep ? STEP_INDENT : '', directive));
  }

  let result = (script.bom ? '\uFEFF' : '') + out.join(script.eol);
  if (out.length > 0) result += script.eol;
  if (script.archive) {
    // Exactly one blank line separates the script from its archive, which follows byte for byte.
    if (out.length > 0) result += script.eol;
    result += script.text.slice(script.archive.start);
  }
  return result;
}

/** Comment lines directly above a `step` (no blank between) belong to it: they move with its blank line. */
function attachedToStep(items: readonly Item[]): boolean[] {
  const attached = new Array<boolean>(items.length).fill(false);
  for (let i = items.length - 2; i >= 0; i--) {
    const next = items[i + 1];
    const nextIsStep = next.type === 'statement' && next.spec?.name === 'step';
    attached[i] = items[i].type === 'comment' && (nextIsStep || attached[i + 1]);
  }
  return attached;
}

function renderStatement(script: Script, statement: Statement, indent: string, directive: boolean): string {
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
  const lines: string[][] = [];
  let currentLine = -1;
  for (const token of tokens) {
    const line = lineOfOffset(lineStarts, token.start);
    if (line !== currentLine) {
      lines.push([]);
      currentLine = line;
    }
    lines[lines.length - 1].push(text.slice(token.start, token.end));
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
