// The parser: text → Script. Line-oriented (spec §2–3): the script part is a sequence of blank lines,
// comment lines and statements; the archive starts at the first `-- PATH --` line.
// Invariant: parse never throws; it always returns a tree and puts every problem in `diagnostics`.

import type { Archive, ArchiveFile, Condition, Item, Script, Statement, Word } from './ast';
import { COMMAND_BY_NAME, COMMANDS } from './commands';
import { conditionProblems } from './conditions';
import { DiagnosticSink, quote } from './diagnostics';
import { ArgReader } from './grammar';
import { isBlank, LineScanner, type Problem } from './scanner';
import { nearest } from './suggest';
import { computeLineStarts, lineContentEnd, lineOfOffset, type Span } from './text';

export interface ParseOptions {
  /** Where decoding replaced invalid UTF-8 (from `decodeUtf8`); reported outside archive file contents. */
  invalidUtf8?: readonly Span[];
}

const COMMAND_NAMES = COMMANDS.map((c) => c.name);

export function parse(text: string, options: ParseOptions = {}): Script {
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

  const items: Item[] = [];
  const statements: Statement[] = [];
  for (let line = 0; line < archiveLine; ) {
    let pos = lineStart(line);
    const end = contentEnd(line);
    while (pos < end && isBlank(text.charCodeAt(pos))) pos++;
    if (pos === end) {
      items.push({ type: 'blank', line });
      line++;
    } else if (text.charCodeAt(pos) === 35) {
      items.push({ type: 'comment', line, comment: { start: pos, end, text: text.slice(pos, end), line } });
      line++;
    } else {
      const scanner = new LineScanner(text, lineStarts, archiveLine, contentEnd, line, pos);
      const statement = parseStatement(text, scanner, sink, line);
      if (statement) {
        items.push(statement);
        statements.push(statement);
      } else {
        // Only `\` continuations with nothing on them: blank lines in effect.
        for (let blank = line; blank <= scanner.line; blank++) items.push({ type: 'blank', line: blank });
      }
      line = scanner.line + 1;
    }
  }

  const archive = archiveLine < lineCount ? parseArchive(text, lineStarts, lineStart, archiveLine, contentEnd, sink) : undefined;
  reportInvalidUtf8(options.invalidUtf8 ?? [], lineStarts, statements, archive, sink);

  const firstLf = text.indexOf('\n');
  return {
    text,
    lineStarts,
    items,
    statements,
    archive,
    diagnostics: sink.items,
    eol: firstLf > 0 && text.charCodeAt(firstLf - 1) === 13 ? '\r\n' : '\n',
    bom,
  };
}

/** Undefined when the line holds nothing but continuations. */
function parseStatement(text: string, scanner: LineScanner, sink: DiagnosticSink, line: number): Statement | undefined {
  const before = sink.items.length;
  const report = (p: Problem): void => sink.report(p.code, p.id as never, p.span, p.args, p.suggestion === undefined ? undefined : { suggestion: p.suggestion });
  const conditions: Condition[] = [];
  while (scanner.skipBlanks() && scanner.peekChar() === 91) {
    const lexed = scanner.lexCondition();
    scanner.pos = lexed.end;
    lexed.problems.forEach(report);
    if (lexed.problems.length === 0) conditionProblems(lexed.token).forEach(report);
    conditions.push(lexed.token);
  }

  let name: Word;
  if (scanner.skipBlanks()) {
    const lexed = scanner.lexWord();
    scanner.pos = lexed.end;
    lexed.problems.forEach(report);
    name = lexed.token;
  } else if (conditions.length === 0) {
    return undefined;
  } else {
    // Conditions with nothing after them.
    const at = conditions[conditions.length - 1].end;
    name = { start: at, end: at, raw: '', parts: [''], value: '', quoted: false };
    const written = conditions.map((c) => text.slice(c.start, c.end)).join(' ');
    sink.report('RS002', 'missingArgument', { start: conditions[0].start, end: conditions[conditions.length - 1].end }, [quote(written), 'COMMAND', '[COND]… COMMAND ARG…']);
  }

  const spec = name.quoted || name.value === undefined ? undefined : COMMAND_BY_NAME.get(name.raw);
  const reader = new ArgReader(scanner, sink, name, spec?.usage ?? '');
  let node: Statement['node'] = { kind: 'unknown' };
  if (spec) {
    if (conditions.length > 0 && !spec.conditional) sink.report('RS002', 'conditionNotAllowed', conditions[0], [spec.name]);
    node = spec.read(reader);
  } else if (name.raw !== '' && sink.items.length === before) {
    sink.report('RS001', 'unknownCommand', name, [quote(name.raw)], suggestion(nearest(name.raw, COMMAND_NAMES)));
  }
  // Whatever a reader left (an unknown command's arguments) still belongs to the line.
  reader.rest();

  const words = reader.words;
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
  lineStarts: readonly number[],
  lineStart: (line: number) => number,
  firstLine: number,
  contentEnd: (line: number) => number,
  sink: DiagnosticSink,
): Archive {
  const files: ArchiveFile[] = [];
  for (let line = firstLine; line < lineStarts.length; line++) {
    const start = lineStart(line);
    const end = contentEnd(line);
    const name = markerName(text, start, end);
    if (name === undefined) continue;
    const inner = text.slice(start + 3, end - 3);
    const nameStart = start + 3 + (inner.length - inner.trimStart().length);
    const nameSpan = { start: nameStart, end: nameStart + name.length };
    if (name === '') sink.report('RS002', 'emptyArchiveName', { start, end });
    const contentStart = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    if (files.length > 0) files[files.length - 1].content.end = start;
    files.push({ name, nameSpan, line, content: { start: contentStart, end: text.length } });
  }
  return { start: lineStart(firstLine), line: firstLine, files };
}

/** Invalid bytes are an error in the script and in marker lines; file contents may hold any bytes. */
function reportInvalidUtf8(
  invalid: readonly Span[],
  lineStarts: readonly number[],
  statements: readonly Statement[],
  archive: Archive | undefined,
  sink: DiagnosticSink,
): void {
  for (const span of invalid) {
    if (archive && archive.files.some((f) => span.start >= f.content.start && span.start < f.content.end)) continue;
    sink.report('RS002', 'invalidUtf8', span);
    const line = lineOfOffset(lineStarts, span.start);
    const statement = statements.find((s) => s.line <= line && line <= s.lastLine);
    if (statement) statement.malformed = true;
  }
}
