// What is at a position of a script: the statement, the word, and what the grammar expects there. Completion,
// hover and definition all start from here.

import type { ArchiveFile, Script, Statement, Word } from '../ast';
import { offsetAt, type Position } from '../text';

/** The statement whose lines hold `line`, if any. Statements are in order: a binary search. */
export function statementAtLine(script: Script, line: number): Statement | undefined {
  const statements = script.statements;
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = statements[mid];
    if (line < s.line) high = mid - 1;
    else if (line > s.lastLine) low = mid + 1;
    else return s;
  }
  return undefined;
}

/** The word of `statement` (its name or an argument) that holds `offset`, ends at it included. */
export function wordAt(statement: Statement, offset: number): Word | undefined {
  if (statement.name.start <= offset && offset <= statement.name.end) return statement.name;
  return statement.words.find((w) => w.start <= offset && offset <= w.end);
}

/** Whether the position is in the archive (everything from the first `-- PATH --` line on). */
export function inArchive(script: Script, position: Position): boolean {
  return script.archive !== undefined && position.line >= script.archive.line;
}

/** The archive file a marker line introduces, or whose content holds the line. */
export function archiveFileAt(script: Script, line: number): ArchiveFile | undefined {
  const files = script.archive?.files ?? [];
  for (let i = files.length - 1; i >= 0; i--) if (files[i].line <= line) return files[i];
  return undefined;
}

/** Whether the line comes after the first command (the header is over). */
export function inBody(script: Script, line: number): boolean {
  const first = script.statements.find((s) => s.spec?.kind === 'command');
  return first !== undefined && first.line < line;
}

/** The archive file that an archive path (`@FILE`, `--stdin FILE` from WORK) names. */
export function archiveFile(script: Script, name: string): ArchiveFile | undefined {
  const normal = (path: string): string => path.split(/[/\\]+/).filter((p) => p && p !== '.').join('/');
  return script.archive?.files.find((f) => normal(f.name) === normal(name));
}

export function offsetOf(script: Script, position: Position): number {
  return offsetAt(script.lineStarts, script.text, position);
}
