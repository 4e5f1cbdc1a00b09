// One place that drives the core as its adapters do: bytes or text in, diagnostics out.

import { validate, type CheckOptions } from '../../shared/core/check';
import type { Diagnostic } from '../../shared/core/diagnostics';
import { parse } from '../../shared/core/parse';
import { decodeUtf8 } from '../../shared/core/utf8';

/** The desk the golden files assume: it knows these ticket keys (RS105). */
export const KNOWN_TICKETS = new Set(['SUP-1042', 'SUP-7']);
export const GOLDEN_OPTIONS: CheckOptions = { lookupTicket: (key) => KNOWN_TICKETS.has(key) };

export function diagnose(input: string | Uint8Array, options: CheckOptions = GOLDEN_OPTIONS): Diagnostic[] {
  if (typeof input === 'string') return validate(parse(input), options);
  const decoded = decodeUtf8(input);
  return validate(parse(decoded.text, { invalidUtf8: decoded.invalid }), options);
}

/** `LINE:COL-LINE:COL severity CODE message`, 1-based, as a golden file holds them. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.code} ${d.message}\n`)
    .join('');
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => d.code).sort();
}
