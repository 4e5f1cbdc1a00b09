// Rendering diagnostics for people and programs. The objects are the ones the language server publishes;
// only the shapes differ: 1-based lines and columns here (spec §7), 0-based in LSP.

import * as l10n from '@vscode/l10n';
import type { Diagnostic, Severity } from '../shared/core/diagnostics';
import { computeLineStarts, lineContentEnd } from '../shared/core/text';

/** A diagnostic with the file it belongs to and that file's text (for the source excerpt). */
export interface FileDiagnostics {
  file: string;
  text: string;
  diagnostics: readonly Diagnostic[];
}

/** The `--format json` record (spec §7). Columns are 1-based; `endColumn` is exclusive, as in LSP. */
export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

export function toJson(results: readonly FileDiagnostics[]): JsonDiagnostic[] {
  return results.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({
      file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  );
}

/** `PATH:LINE:COL: SEVERITY CODE message`, one a line (spec §7). */
export function textLine(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`;
}

export interface Style {
  color: boolean;
}

const SEVERITY_COLOR: Record<Severity, string> = { error: '\x1b[31;1m', warning: '\x1b[33;1m', info: '\x1b[36;1m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/**
 * For a terminal: each line as above, then the source line and a caret under the range, as compilers show
 * them, and a count at the end. Tabs show as one space so that the caret stays under its column.
 */
export function pretty(results: readonly FileDiagnostics[], style: Style): string {
  const paint = (code: string, s: string): string => (style.color ? code + s + RESET : s);
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const { file, text, diagnostics } of results) {
    const lineStarts = diagnostics.length > 0 ? computeLineStarts(text) : [];
    for (const d of diagnostics) {
      counts[d.severity]++;
      const { line, character } = d.range.start;
      const lineText = text.slice(lineStarts[line], lineContentEnd(text, lineStarts, line)).replace(/\t/g, ' ');
      const end = d.range.end.line === line ? d.range.end.character : lineText.length;
      const width = Math.max(1, end - character);
      const number = String(line + 1);
      const gutter = ' '.repeat(number.length);
      out.push(`${file}:${line + 1}:${character + 1}: ${paint(SEVERITY_COLOR[d.severity], d.severity)} ${d.code} ${d.message}`);
      out.push(paint(DIM, ` ${number} | `) + lineText);
      out.push(paint(DIM, ` ${gutter} | `) + ' '.repeat(character) + paint(SEVERITY_COLOR[d.severity], '^'.repeat(width)));
    }
  }
  // "errors: 2" rather than "2 errors": one form serves every number, in Russian as in English.
  const parts = [
    counts.error > 0 ? l10n.t('errors: {0}', counts.error) : '',
    counts.warning > 0 ? l10n.t('warnings: {0}', counts.warning) : '',
    counts.info > 0 ? l10n.t('notes: {0}', counts.info) : '',
  ].filter(Boolean);
  const files = l10n.t('files checked: {0}', results.length);
  out.push(parts.length > 0 ? `${parts.join(', ')}; ${files}` : l10n.t('no problems; {0}', files));
  return out.join('\n') + '\n';
}
