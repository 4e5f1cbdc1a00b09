// Matchers at run time: one function per operator, over what the subject observed (spec §3).

import { constants } from 'node:os';
import type { MatcherOp } from '../core/ast';
import { shown } from './transcript';

/** What a subject observed. */
export type Observed =
  | { kind: 'exit'; status: number; timedOut: boolean }
  /** `text` undefined: the file does not exist. `omitted`: bytes left out of a text longer than the bound kept. */
  | { kind: 'text'; text: string | undefined; omitted?: number }
  | { kind: 'number'; value: number; unit: 'status' | 'ms' };

/** A matcher's operand, resolved: expanded text, compiled regex, a number, or an archive file's text. */
export interface Operand {
  text?: string;
  regex?: RegExp;
  number?: number;
}

const SIGNALS = constants.signals as Record<string, number>;

/** The number a shell reports for a program ended by `name`. */
export function signalStatus(name: string): number | undefined {
  const n = SIGNALS[name];
  return n === undefined ? undefined : 128 + n;
}

function signalName(status: number): string | undefined {
  return Object.keys(SIGNALS).find((name) => 128 + SIGNALS[name] === status);
}

/** Compares whole texts, ignoring one trailing newline on each side. */
function sameText(actual: string, expected: string): boolean {
  return actual.replace(/\n$/, '') === expected.replace(/\n$/, '');
}

type Rule = (observed: Observed, operand: Operand) => boolean;

const text = (o: Observed): string | undefined => (o.kind === 'text' ? o.text : undefined);
const number = (o: Observed): number => (o.kind === 'exit' ? (o.timedOut ? NaN : o.status) : o.kind === 'number' ? o.value : NaN);

/** One rule per operator; a rule never throws (a missing file or a timeout simply does not match). */
const RULES: Record<MatcherOp, Rule> = {
  '==': (o, x) => (o.kind === 'text' ? o.text !== undefined && sameText(o.text, x.text ?? '') : number(o) === x.number),
  '!=': (o, x) => (o.kind === 'exit' ? !o.timedOut && o.status !== x.number : number(o) !== x.number),
  '>=': (o, x) => number(o) >= x.number!,
  '>': (o, x) => number(o) > x.number!,
  '<=': (o, x) => number(o) <= x.number!,
  '<': (o, x) => number(o) < x.number!,
  contains: (o, x) => text(o)?.includes(x.text ?? '') ?? false,
  '!contains': (o, x) => text(o) !== undefined && !text(o)!.includes(x.text ?? ''),
  '~': (o, x) => text(o) !== undefined && x.regex!.test(text(o)!),
  '!~': (o, x) => text(o) !== undefined && !x.regex!.test(text(o)!),
  empty: (o) => text(o) === '',
  '!empty': (o) => (text(o) ?? '') !== '',
  exists: (o) => o.kind === 'text' && o.text !== undefined,
  '!exists': (o) => o.kind === 'text' && o.text === undefined,
  timeout: (o) => o.kind === 'exit' && o.timedOut,
  signal: (o, x) => o.kind === 'exit' && !o.timedOut && o.status === x.number,
};

export function matches(op: MatcherOp, observed: Observed, operand: Operand): boolean {
  return RULES[op](observed, operand);
}

/**
 * Whether a matcher's answer on a text with bytes left out (head and tail kept) is the answer on the whole text:
 * a `contains` or `~` found in what was kept is in the whole; a `!contains` or `!~` that fails there fails on the
 * whole; a text that long is not empty and exists. Anything else (not found, `==`) may hang on what was left out.
 */
const TOLD_DESPITE_OMISSION: Partial<Record<MatcherOp, (passed: boolean) => boolean>> = {
  contains: (passed) => passed,
  '~': (passed) => passed,
  '!contains': (passed) => !passed,
  '!~': (passed) => !passed,
  empty: () => true,
  '!empty': () => true,
  exists: () => true,
  '!exists': () => true,
};

export function toldDespiteOmission(op: MatcherOp, passed: boolean): boolean {
  return TOLD_DESPITE_OMISSION[op]?.(passed) ?? false;
}

/** What was observed, as a check's `actual` and a reason show it. */
export function describe(observed: Observed): string {
  if (observed.kind === 'exit') {
    if (observed.timedOut) return 'exit timeout';
    const signal = observed.status > 128 ? signalName(observed.status) : undefined;
    return signal ? `exit ${observed.status} (${signal})` : `exit ${observed.status}`;
  }
  if (observed.kind === 'number') return observed.unit === 'status' ? `status ${observed.value}` : `${Math.round(observed.value)}ms`;
  return observed.text === undefined ? 'no such file' : shown(observed.text, 200);
}
