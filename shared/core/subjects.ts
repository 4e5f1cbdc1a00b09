// Subjects and matchers of checks (spec §3): tables read by the parser, the checker, the runner, `repro help`,
// completion and hover.

import type { Matcher, MatcherOp, Subject, SubjectName, Word } from './ast';
import { quote } from './diagnostics';
import { checkDuration, checkInteger, checkOneOf, type ArgReader } from './grammar';
import { nearest } from './suggest';

/** What a matcher's operand is. */
export type OperandKind = 'none' | 'text' | 'text-or-file' | 'regex' | 'integer' | 'signal' | 'duration';

export interface MatcherSpec {
  op: MatcherOp;
  operand: OperandKind;
  /** As written after the subject, e.g. `contains TEXT`. */
  usage: string;
  summary: string;
  /** Written without an operator word: `exit 1`, `status 404`. */
  bare?: boolean;
}

/** Which action a subject reads: the latest foreground `run`, the latest `http`, either, or none. */
export type SubjectSource = 'run' | 'http' | 'action' | 'none';

export interface SubjectSpec {
  name: SubjectName;
  /** `header NAME`, `file PATH`. */
  argument?: string;
  source: SubjectSource;
  /** Text subjects can be captured and masked. */
  text: boolean;
  matchers: readonly MatcherSpec[];
  /** Bounds of a numeric operand (exit status, HTTP status). */
  range?: readonly [number, number];
  summary: string;
}

const text = (op: MatcherOp, operand: OperandKind, usage: string, summary: string): MatcherSpec => ({ op, operand, usage, summary });

export const TEXT_MATCHERS: readonly MatcherSpec[] = [
  text('==', 'text-or-file', '== TEXT | == @FILE', 'the whole text equals TEXT (or an archive file), ignoring one trailing newline'),
  text('contains', 'text', 'contains TEXT', 'the text contains TEXT'),
  text('!contains', 'text', '!contains TEXT', 'the text does not contain TEXT'),
  text('~', 'regex', '~ /REGEX/', 'REGEX matches somewhere in the text'),
  text('!~', 'regex', '!~ /REGEX/', 'REGEX matches nowhere in the text'),
  text('empty', 'none', 'empty', 'the text is empty'),
  text('!empty', 'none', '!empty', 'the text is not empty'),
];

const FILE_MATCHERS: readonly MatcherSpec[] = [
  ...TEXT_MATCHERS,
  text('exists', 'none', 'exists', 'the file exists'),
  text('!exists', 'none', '!exists', 'the file does not exist'),
];

const EXIT_MATCHERS: readonly MatcherSpec[] = [
  { op: '==', operand: 'integer', usage: 'N', summary: 'the exit status is N', bare: true },
  text('!=', 'integer', '!= N', 'the exit status is not N'),
  text('timeout', 'none', 'timeout', 'the program was killed by its timeout'),
  text('signal', 'signal', 'signal NAME', 'the program was ended by signal NAME, e.g. SIGSEGV'),
];

const STATUS_MATCHERS: readonly MatcherSpec[] = [
  { op: '==', operand: 'integer', usage: 'N', summary: 'the HTTP status is N', bare: true },
  text('!=', 'integer', '!= N', 'the HTTP status is not N'),
  text('>=', 'integer', '>= N', 'the HTTP status is N or more'),
  text('<', 'integer', '< N', 'the HTTP status is less than N'),
  text('>', 'integer', '> N', 'the HTTP status is more than N'),
  text('<=', 'integer', '<= N', 'the HTTP status is N or less'),
];

const DURATION_MATCHERS: readonly MatcherSpec[] = [
  text('<', 'duration', '< D', 'the action took less than D'),
  text('>', 'duration', '> D', 'the action took more than D'),
];

export const SUBJECTS: readonly SubjectSpec[] = [
  { name: 'exit', source: 'run', text: false, matchers: EXIT_MATCHERS, range: [0, 255], summary: "the exit status of the latest run" },
  { name: 'stdout', source: 'run', text: true, matchers: TEXT_MATCHERS, summary: 'the standard output of the latest run' },
  { name: 'stderr', source: 'run', text: true, matchers: TEXT_MATCHERS, summary: 'the standard error of the latest run' },
  { name: 'output', source: 'run', text: true, matchers: TEXT_MATCHERS, summary: 'stdout then stderr of the latest run' },
  { name: 'body', source: 'http', text: true, matchers: TEXT_MATCHERS, summary: 'the body of the latest HTTP response' },
  { name: 'header', argument: 'NAME', source: 'http', text: true, matchers: TEXT_MATCHERS, summary: 'a header of the latest HTTP response' },
  { name: 'file', argument: 'PATH', source: 'none', text: true, matchers: FILE_MATCHERS, summary: 'the content of a file in WORK' },
  { name: 'status', source: 'http', text: false, matchers: STATUS_MATCHERS, range: [0, 999], summary: 'the status code of the latest HTTP response (0: no response came)' },
  { name: 'duration', source: 'action', text: false, matchers: DURATION_MATCHERS, summary: 'how long the latest run or http took' },
];

export const SUBJECT_BY_NAME: ReadonlyMap<string, SubjectSpec> = new Map(SUBJECTS.map((s) => [s.name, s]));

export const SIGNALS: readonly string[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1', 'SIGSEGV',
  'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU',
  'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGSYS',
];

/** Reads `SUBJECT [ARG]`; `textOnly` for `capture`. */
export function readSubject(r: ArgReader, textOnly: boolean): Subject | undefined {
  const word = r.required(textOnly ? 'SUBJECT' : 'SUBJECT MATCHER');
  if (!word) return undefined;
  const spec = word.quoted ? undefined : SUBJECT_BY_NAME.get(word.raw);
  if (!spec) {
    const names = SUBJECTS.filter((s) => !textOnly || s.text).map((s) => s.name);
    r.report('RS002', 'unknownSubject', word, [quote(word.raw)], nearest(word.raw, names));
    return undefined;
  }
  if (textOnly && !spec.text) {
    r.report('RS002', 'notTextSubject', word, [word.raw]);
    return undefined;
  }
  const subject: Subject = { name: spec.name, word };
  if (spec.argument) {
    const argument = r.required(spec.argument);
    if (argument) subject.argument = argument;
  }
  return subject;
}

/** Reads the matcher that fits `subject` (spec §3). */
export function readMatcher(r: ArgReader, subject: SubjectSpec, at: Word): Matcher | undefined {
  const first = r.peek();
  const usages = (): string => subject.matchers.map((m) => m.usage).join(', ');
  if (!first) {
    // `bug file` is missing its PATH already: that it has no matcher either is the same short line.
    if (!r.troubled) r.report('RS002', 'missingMatcher', at, [at.raw, usages()]);
    return undefined;
  }
  const bare = subject.matchers.find((m) => m.bare);
  let spec = first.quoted ? undefined : subject.matchers.find((m) => !m.bare && m.op === first.raw);
  let opWord: Word | undefined;
  if (!spec && bare && (first.value === undefined || /^\d+$/.test(first.value))) spec = bare;
  else if (spec) opWord = r.next();
  if (!spec) {
    // The words after an unknown matcher are its operand, whatever it was meant to be: read without more reports.
    r.rest();
    const ops = subject.matchers.filter((m) => !m.bare).map((m) => m.op);
    r.report('RS002', 'unknownMatcher', first, [quote(first.raw), subject.name, usages()], nearest(first.raw, ops));
    return undefined;
  }
  const matcher: Matcher = { start: first.start, end: first.end, op: spec.op };
  if (opWord) matcher.opWord = opWord;
  const operand = OPERAND_READERS[spec.operand](r, subject);
  if (operand) {
    matcher.end = operand.end;
    if (spec.operand === 'text-or-file' && !operand.quoted && operand.raw.startsWith('@')) matcher.archiveFile = operand;
    else matcher.operand = operand;
  }
  return matcher;
}

/** How each kind of operand is read and validated. */
const OPERAND_READERS: Record<OperandKind, (r: ArgReader, subject: SubjectSpec) => Word | undefined> = {
  none: () => undefined,
  text: (r) => r.required('TEXT'),
  'text-or-file': (r) => r.required('TEXT'),
  regex: (r) => {
    const word = r.regex();
    if (!word) r.missing('/REGEX/');
    return word;
  },
  integer: (r, subject) => {
    const word = r.required('N');
    const [min, max] = subject.range ?? [0, Number.MAX_SAFE_INTEGER];
    checkInteger(r, word, min, max);
    return word;
  },
  duration: (r) => {
    const word = r.duration('D');
    checkDuration(r, word);
    return word;
  },
  signal: (r) => {
    const word = r.required('NAME');
    checkOneOf(r, word, SIGNALS, 'unknownSignal');
    return word;
  },
};
