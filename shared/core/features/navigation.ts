// Go to definition, the outline (steps and archive files), folding, and the links of ticket keys.

import { FoldingRangeKind, SymbolKind, type DocumentLink, type DocumentSymbol, type FoldingRange, type Location } from 'vscode-languageserver-types';
import type { ArchiveFile, Script, Statement } from '../ast';
import { TICKET_KEY } from '../commands';
import { lineContentEnd, rangeOf, type Position } from '../text';
import { archiveFile, offsetOf, statementAtLine } from './position';
import { definitionOf } from './scope';

/** `${NAME}` → where it is set, captured, allocated or exported; an archive path → its `-- PATH --` line. */
export function findDefinition(script: Script, uri: string, position: Position): Location | null {
  const offset = offsetOf(script, position);
  const statement = statementAtLine(script, position.line);
  if (!statement) return null;
  const word = statement.words.find((w) => w.start <= offset && offset <= w.end);
  if (!word) return null;
  const ref = word.parts?.find((p) => typeof p !== 'string' && p.start <= offset && offset <= p.end);
  if (ref && typeof ref !== 'string') {
    const definition = definitionOf(script, ref.name, statement.line);
    return definition ? { uri, range: rangeOf(script.lineStarts, definition.word) } : null;
  }
  const node = statement.node;
  let name: string | undefined;
  if (node.kind === 'check' && node.matcher?.archiveFile === word) name = word.value?.slice(1);
  if ((node.kind === 'run' && node.stdin === word) || (node.kind === 'http' && node.bodyFile === word)) name = word.value;
  const file = name === undefined ? undefined : archiveFile(script, name);
  return file ? { uri, range: rangeOf(script.lineStarts, file.nameSpan) } : null;
}

/** Where each step ends: before the next step, or at the end of the script part (blank lines left out). */
export function stepSpans(script: Script): { step: Statement; lastLine: number }[] {
  const steps = script.statements.filter((s) => s.node.kind === 'step');
  const scriptEnd = (script.archive?.line ?? script.lineStarts.length) - 1;
  return steps.map((step, i) => {
    let lastLine = i + 1 < steps.length ? steps[i + 1].line - 1 : scriptEnd;
    const items = script.items.filter((item) => item.line > step.line && item.line <= lastLine && item.type !== 'blank');
    const last = items[items.length - 1];
    lastLine = last ? (last.type === 'statement' ? last.lastLine : last.line) : step.lastLine;
    return { step, lastLine };
  });
}

/** Where each archive file ends: before the next one's header, trailing empty lines left out. */
function archiveSpans(script: Script): { file: ArchiveFile; lastLine: number }[] {
  const files = script.archive?.files ?? [];
  return files.map((file, i) => {
    let lastLine = (i + 1 < files.length ? files[i + 1].line : script.lineStarts.length) - 1;
    while (lastLine > file.line && lineContentEnd(script.text, script.lineStarts, lastLine) === script.lineStarts[lastLine]) lastLine--;
    return { file, lastLine };
  });
}

export function findDocumentSymbols(script: Script): DocumentSymbol[] {
  const { text, lineStarts } = script;
  const lineEnd = (line: number): number => lineContentEnd(text, lineStarts, line);
  const symbols: DocumentSymbol[] = stepSpans(script).map(({ step, lastLine }) => {
    const title = step.node.kind === 'step' ? step.node.title : undefined;
    return {
      name: title?.value || title?.raw || 'step',
      detail: `step ${script.statements.filter((s) => s.node.kind === 'step').indexOf(step) + 1}`,
      kind: SymbolKind.Event,
      range: rangeOf(lineStarts, { start: step.start, end: lineEnd(lastLine) }),
      selectionRange: rangeOf(lineStarts, title ?? step.name),
    };
  });
  archiveSpans(script).forEach(({ file, lastLine }) => {
    symbols.push({
      name: file.name || '-- --',
      detail: 'archive',
      kind: SymbolKind.File,
      range: rangeOf(lineStarts, { start: lineStarts[file.line], end: lineEnd(lastLine) }),
      selectionRange: rangeOf(lineStarts, file.nameSpan),
    });
  });
  return symbols;
}

export function getFoldingRanges(script: Script): FoldingRange[] {
  const ranges: FoldingRange[] = stepSpans(script)
    .filter(({ step, lastLine }) => lastLine > step.line)
    .map(({ step, lastLine }) => ({ startLine: step.line, endLine: lastLine }));
  for (const { file, lastLine } of archiveSpans(script)) {
    if (lastLine > file.line) ranges.push({ startLine: file.line, endLine: lastLine, kind: FoldingRangeKind.Region });
  }
  for (const s of script.statements) if (s.lastLine > s.line) ranges.push({ startLine: s.line, endLine: s.lastLine });
  return ranges;
}

/** The key of each `ticket` line, linked where `target` says (the host knows which keys lead somewhere). */
export function findTicketLinks(script: Script, target: (key: string) => string | undefined): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const statement of script.statements) {
    const node = statement.node;
    if (node.kind !== 'ticket' || !node.key?.value || !TICKET_KEY.test(node.key.value)) continue;
    const uri = target(node.key.value);
    if (uri) links.push({ range: rangeOf(script.lineStarts, node.key), target: uri });
  }
  return links;
}
