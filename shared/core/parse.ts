// The parser: text → Script. Line-oriented (spec §2–3): the script part is a sequence of blank lines,
// comment lines and statements; the archive starts at the first `-- PATH --` line.
// Invariant: parsing never throws; it always returns a tree (or hands out every item) and puts every problem
// in `diagnostics`.

import type { Archive, ArchiveFile, Condition, Item, Script, ScriptFrame, Statement, Word } from './ast';
import { COMMAND_BY_NAME, COMMANDS } from './commands';
import { conditionProblems } from './conditions';
import { DiagnosticSink, quote, type Diagnostic } from './diagnostics';
import { ArgReader } from './grammar';
import { isBlank, LineScanner, reportProblems } from './scanner';
import { nearest } from './suggest';
import { computeLineStarts, lineContentEnd, lineOfOffset, type Span } from './text';

export interface ParseOptions {
  /** Where decoding replaced invalid UTF-8 (from `decodeUtf8`); reported outside archive file contents. */
  invalidUtf8?: readonly Span[];
}

/** How `parse` may save work: an editor parses after every keystroke, most often only to look near the cursor. */
export interface IncrementalOptions {
  /**
   * The tree of an earlier text that is the same as this one up to offset `same` (complete or a prefix tree).
   * Its items that end on a line before the first changed one are taken over as they are: a statement depends
   * on its own lines only, and offsets before the change do not move.
   */
  reuse?: { script: Script; same: number };
  /** Stop after the item on this line: a prefix tree, enough for whatever looks only backwards from there. */
  untilLine?: number;
}

const COMMAND_NAMES = COMMANDS.map((c) => c.name);

/** A script being read: its frame is known at once; its items are read on demand, in order. */
export interface Scan {
  frame: ScriptFrame;
  /** Syntax diagnostics; complete once `items` has run. */
  diagnostics: Diagnostic[];
  /** The first line of the archive (the line count when there is none). */
  archiveLine: number;
  /**
   * Reads the script part and hands each item to `visit` as soon as it is read. Nothing is kept: a caller that
   * does not keep the items (the streaming checker and formatter) works in memory bounded by one line, which is
   * what makes checking a 100k-line script cost ten times a 10k-line one, not more. `fromLine` must start an
   * item; reading stops after the item on `untilLine`.
   */
  items(visit: (item: Item) => void, fromLine?: number, untilLine?: number): void;
}

/** The whole tree, for callers that need it all at once (the language server, the runner). */
export function parse(text: string, options: ParseOptions & IncrementalOptions = {}): Script {
  const scanned = scan(text, options);
  const items: Item[] = [];
  const statements: Statement[] = [];
  const keep = (item: Item): void => {
    items.push(item);
    if (item.type === 'statement') statements.push(item);
  };
  let from = 0;
  const reuse = options.reuse && !options.invalidUtf8 && options.reuse.script.bom === scanned.frame.bom ? options.reuse : undefined;
  if (reuse) {
    const changedLine = lineOfOffset(reuse.script.lineStarts, reuse.same);
    for (const item of reuse.script.items) {
      if ((item.type === 'statement' ? item.lastLine : item.line) >= Math.min(changedLine, scanned.archiveLine)) break;
      // A `\` at the very end went on to nothing; a line added after it would join the statement.
      if ((item.type === 'statement' && item.danglingContinuation !== undefined) || (item.type === 'blank' && item.continued)) break;
      keep(item);
      from = (item.type === 'statement' ? item.lastLine : item.line) + 1;
    }
    // The syntax diagnostics of the items taken over (each lies on its item's lines).
    for (const d of reuse.script.diagnostics) if (d.range.start.line < from) scanned.diagnostics.push(d);
  }
  scanned.items(keep, from, options.untilLine);
  return { ...scanned.frame, items, statements, diagnostics: scanned.diagnostics };
}

export function scan(text: string, options: ParseOptions = {}): Scan {
  const lineStarts = computeLineStarts(text);
  const sink = new DiagnosticSink(lineStarts);
  const contentEnd = (line: number): number => lineContentEnd(text, lineStarts, line);
  const lineCount = lineStarts.length;
  const bom = text.charCodeAt(0) === 0xfeff;
  // The byte-order mark is not part of the first line.
  const lineStart = (line: number): number => lineStarts[line] + (line === 0 && bom ? 1 : 0);

  let archiveLine = lineCount;
  for (let line = 0; line < lineCount; line++) {
    if (markerName(text, lineStart(line), contentEnd(line)) !== undefined) {
      archiveLine = line;
      break;
    }
  }
  const archive = archiveLine < lineCount ? parseArchive(text, lineStart, archiveLine, lineCount, contentEnd, sink) : undefined;
  const invalid = reportInvalidUtf8(options.invalidUtf8 ?? [], archive, sink);
  const firstLf = text.indexOf('\n');
  const frame: ScriptFrame = { text, lineStarts, archive, eol: firstLf > 0 && text.charCodeAt(firstLf - 1) === 13 ? '\r\n' : '\n', bom };

  const items = (visit: (item: Item) => void, fromLine = 0, untilLine = archiveLine): void => {
    const scanner = new LineScanner(text, lineStarts, archiveLine, contentEnd);
    const reader = new ArgReader(scanner, sink);
    let nextInvalid = 0;
    for (let line = fromLine; line < archiveLine && line <= untilLine; ) {
      let pos = lineStart(line);
      const end = contentEnd(line);
      while (pos < end && isBlank(text.charCodeAt(pos))) pos++;
      if (pos === end) {
        visit({ type: 'blank', line });
        line++;
      } else if (text.charCodeAt(pos) === 35) {
        visit({ type: 'comment', line, comment: { start: pos, end, text: text.slice(pos, end), line } });
        line++;
      } else {
        scanner.reset(line, pos);
        const first = line;
        const statement = parseStatement(text, scanner, reader, sink, line);
        line = scanner.line + 1;
        if (statement) {
          // Invalid bytes make the line malformed too (the spans come in order, as the lines do).
          const lineEnd = line < lineCount ? lineStarts[line] : text.length;
          while (nextInvalid < invalid.length && invalid[nextInvalid] < lineEnd) {
            if (invalid[nextInvalid++] >= lineStarts[statement.line]) statement.malformed = true;
          }
          visit(statement);
        } else {
          // Only `\` continuations with nothing on them: blank lines in effect.
          for (let blank = first; blank < line; blank++) visit({ type: 'blank', line: blank, continued: true });
        }
      }
    }
  };
  return { frame, diagnostics: sink.items, archiveLine, items };
}

/** Undefined when the line holds nothing but continuations. */
function parseStatement(text: string, scanner: LineScanner, reader: ArgReader, sink: DiagnosticSink, line: number): Statement | undefined {
  const before = sink.items.length;
  let conditions = NO_CONDITIONS;
  while (scanner.skipBlanks() && scanner.peekChar() === 91) {
    const condition = scanner.lexCondition();
    scanner.pos = scanner.tokenEnd;
    reportProblems(sink, scanner.tokenProblems);
    if (scanner.tokenProblems.length === 0) reportProblems(sink, conditionProblems(condition));
    conditions = [...conditions, condition];
  }

  let name: Word;
  /** A name that is not even a well-formed word is not also called an unknown command. */
  let nameMalformed = false;
  if (scanner.skipBlanks()) {
    name = scanner.lexWord();
    scanner.pos = scanner.tokenEnd;
    nameMalformed = scanner.tokenProblems.length > 0;
    reportProblems(sink, scanner.tokenProblems);
  } else if (conditions.length === 0) {
    return undefined;
  } else {
    // Conditions with nothing after them.
    const at = conditions[conditions.length - 1].end;
    name = { start: at, end: at, raw: '', value: '', quoted: false };
    const written = conditions.map((c) => text.slice(c.start, c.end)).join(' ');
    sink.report('RS002', 'missingArgument', { start: conditions[0].start, end: conditions[conditions.length - 1].end }, [quote(written), 'COMMAND', '[COND]… COMMAND ARG…']);
  }

  const spec = name.quoted || name.value === undefined ? undefined : COMMAND_BY_NAME.get(name.raw);
  reader.reset(name, spec?.usage ?? '');
  let node: Statement['node'] = { kind: 'unknown' };
  if (spec) {
    if (conditions.length > 0 && !spec.conditional) sink.report('RS002', 'conditionNotAllowed', conditions[0], [spec.name]);
    node = spec.read(reader);
  } else if (name.raw !== '' && !nameMalformed) {
    sink.report('RS001', 'unknownCommand', name, [quote(name.raw)], suggestion(nearest(name.raw, COMMAND_NAMES)));
  }
  // Whatever a reader left (an unknown command's arguments) still belongs to the line.
  reader.rest();

  // A copy of exact length: the reader's array grew with spare room, and there is one per line.
  const words = reader.words.slice();
  const last = words.length > 0 ? words[words.length - 1] : name;
  const statement: Statement = {
    type: 'statement',
    start: conditions.length > 0 ? conditions[0].start : name.start,
    end: last.end,
    line,
    lastLine: scanner.line,
    conditions,
    name,
    words,
    spec,
    node,
    malformed: sink.items.length > before,
  };
  if (scanner.comment) statement.comment = scanner.comment;
  if (scanner.danglingContinuation !== undefined) statement.danglingContinuation = scanner.danglingContinuation;
  return statement;
}

/** Most lines have no conditions: they share this empty list. */
const NO_CONDITIONS: readonly Condition[] = Object.freeze([]);

function suggestion(word: string | undefined): { suggestion: string } | undefined {
  return word === undefined ? undefined : { suggestion: word };
}

/** The name of a `-- PATH --` marker line, or undefined when the line is not one (the txtar rule). */
export function markerName(text: string, start: number, end: number): string | undefined {
  if (end - start < 6 || !text.startsWith('-- ', start) || !text.startsWith(' --', end - 3)) return undefined;
  return text.slice(start + 3, end - 3).trim();
}

function parseArchive(
  text: string,
  lineStart: (line: number) => number,
  firstLine: number,
  lineCount: number,
  contentEnd: (line: number) => number,
  sink: DiagnosticSink,
): Archive {
  const files: ArchiveFile[] = [];
  for (let line = firstLine; line < lineCount; line++) {
    const start = lineStart(line);
    const end = contentEnd(line);
    const name = markerName(text, start, end);
    if (name === undefined) continue;
    const inner = text.slice(start + 3, end - 3);
    const nameStart = start + 3 + (inner.length - inner.trimStart().length);
    const nameSpan = { start: nameStart, end: nameStart + name.length };
    if (name === '') sink.report('RS002', 'emptyArchiveName', { start, end });
    const contentStart = line + 1 < lineCount ? lineStart(line + 1) : text.length;
    if (files.length > 0) files[files.length - 1].content.end = start;
    files.push({ name, nameSpan, line, content: { start: contentStart, end: text.length } });
  }
  return { start: lineStart(firstLine), line: firstLine, files };
}

/**
 * Invalid bytes are an error in the script and in marker lines; file contents may hold any bytes. Returns the
 * offsets reported, in order.
 */
function reportInvalidUtf8(invalid: readonly Span[], archive: Archive | undefined, sink: DiagnosticSink): number[] {
  const reported: number[] = [];
  for (const span of invalid) {
    if (archive && archive.files.some((f) => span.start >= f.content.start && span.start < f.content.end)) continue;
    sink.report('RS002', 'invalidUtf8', span);
    reported.push(span.start);
  }
  return reported.sort((a, b) => a - b);
}
