// The argument reader that the command table's parse functions drive, and the value validators they share.

import type { Word, WordPart } from './ast';
import { quote, type DiagnosticCode, type DiagnosticSink, type MessageId } from './diagnostics';
import { reportProblems, VARIABLE_NAME, type LineScanner, type Problem } from './scanner';
import { nearest } from './suggest';
import type { Span } from './text';

/** What a flag takes, for parsing, completion and docs. */
export interface FlagSpec {
  name: string;
  /** Placeholder of its value (`D`, `FILE`); absent for a flag without a value. */
  value?: string;
  summary: string;
  repeatable?: boolean;
}

/**
 * Reads the words after a command name, reporting problems as words are consumed. One reader serves a whole
 * parse (reset per statement); `words` is its scratch list, copied out at the end of each statement.
 * Invariant (one cause, one diagnostic): once a line has a problem, the reader's structural complaints (a
 * missing or an extra argument) stay silent, since they are most often that problem's consequences: a bad
 * word that shifted the rest (`timeout 30 seconds`, `bug stdout resembles "x"`).
 */
export class ArgReader {
  readonly words: Word[] = [];
  /** The command word, where "missing argument" points. */
  name!: Word;
  usage = '';
  private peeked: Word | undefined;
  private peekedEnd = 0;
  private peekedProblems: readonly Problem[] = [];
  /** How many diagnostics the sink held when this line started. */
  private reportedBefore = 0;

  constructor(
    private readonly scanner: LineScanner,
    private readonly sink: DiagnosticSink,
  ) {}

  reset(name: Word, usage: string): void {
    this.words.length = 0;
    this.name = name;
    this.usage = usage;
    this.peeked = undefined;
    this.reportedBefore = this.sink.items.length;
  }

  /** Whether something on this line has been reported already (by the reader or the lexer). */
  get troubled(): boolean {
    return this.sink.items.length > this.reportedBefore;
  }

  /** The next plain word, not consumed. */
  peek(): Word | undefined {
    if (this.peeked) return this.peeked;
    if (!this.scanner.skipBlanks()) return undefined;
    this.peeked = this.scanner.lexWord();
    this.peekedEnd = this.scanner.tokenEnd;
    this.peekedProblems = this.scanner.tokenProblems;
    return this.peeked;
  }

  /** Consumes the next plain word. */
  next(): Word | undefined {
    const word = this.peek();
    return word && this.commit(word, this.peekedEnd, this.peekedProblems);
  }

  /** Consumes the next word as a `/regex/flags`; anything else is consumed and reported. */
  regex(): Word | undefined {
    this.peeked = undefined;
    if (!this.scanner.skipBlanks()) return undefined;
    if (this.scanner.peekChar() !== 47) {
      const word = this.next()!;
      this.report('RS002', 'expectedRegex', word, [quote(word.raw)]);
      return word;
    }
    const word = this.scanner.lexRegex();
    return this.commit(word, this.scanner.tokenEnd, this.scanner.tokenProblems);
  }

  private commit(word: Word, end: number, problems: readonly Problem[]): Word {
    this.peeked = undefined;
    this.scanner.pos = end;
    reportProblems(this.sink, problems);
    this.words.push(word);
    return word;
  }

  /** Consumes the next word; reports `what` as missing when the line has ended. */
  required(what: string): Word | undefined {
    const word = this.next();
    if (!word) this.missing(what);
    return word;
  }

  missing(what: string): void {
    if (!this.troubled) this.report('RS002', 'missingArgument', this.name, [this.name.raw, what, this.usage]);
  }

  /** Every remaining word. */
  rest(): Word[] {
    const from = this.words.length;
    while (this.next());
    return this.words.slice(from);
  }

  /** The line must end here: a further word is reported once, and the rest is consumed. */
  end(): void {
    const extra = this.rest();
    if (extra.length > 0 && !this.troubled) this.report('RS002', 'extraArgument', extra[0], [quote(extra[0].raw), this.usage]);
  }

  /**
   * Consumes a duration. A number followed by a unit word (`30 seconds`, `5 s`) is read as one bad duration, so
   * that the unit is not taken for the next argument; `checkDuration` reports it and suggests `30s`.
   */
  duration(what = 'DURATION'): Word | undefined {
    const word = this.next();
    if (!word) {
      if (what) this.missing(what);
      return undefined;
    }
    const unit = !word.quoted && /^\d+(\.\d+)?$/.test(word.raw) ? this.peek() : undefined;
    if (!unit || unit.quoted || UNIT_WORDS[unit.raw.toLowerCase()] === undefined) return word;
    this.next();
    const raw = `${word.raw} ${unit.raw}`;
    return { start: word.start, end: unit.end, raw, value: raw, quoted: false };
  }

  report<C extends DiagnosticCode>(code: C, id: MessageId<C>, span: Span, args: readonly (string | number)[] = [], suggestion?: string): void {
    this.sink.report(code, id, span, args, suggestion === undefined ? undefined : { suggestion });
  }

  /**
   * Reads `--flag [VALUE]` words. `leading`: flags come first and stop at the first other word (`--` ends them
   * explicitly); otherwise every remaining word must be a flag. `previous` holds flags already read on this
   * line (`wait` takes them before and after its target). The caller validates the values.
   */
  flags(specs: readonly FlagSpec[], leading: boolean, previous: ReadonlyMap<string, Word[]> = NO_FLAGS): ReadonlyMap<string, Word[]> {
    let seen: Map<string, Word[]> | undefined;
    for (let word = this.peek(); word; word = this.peek()) {
      const isFlag = !word.quoted && word.raw.startsWith('-');
      if (!isFlag) {
        if (leading) break;
        this.end();
        break;
      }
      this.next();
      if (word.raw === '--' && leading) break;
      const spec = specs.find((s) => s.name === word.raw);
      if (!spec) {
        const suggestion = nearest(word.raw, specs.map((s) => s.name));
        this.report('RS002', 'unknownFlag', word, [quote(word.raw), this.name.raw], suggestion);
        // Its value goes with it, unreported: the flag it resembles takes one, or no other word may stand here.
        const value = this.peek();
        const meant = specs.find((s) => s.name === suggestion);
        if (value && !(!value.quoted && value.raw.startsWith('-')) && (!leading || meant?.value !== undefined)) this.next();
        continue;
      }
      const values = [...((seen ?? previous).get(spec.name) ?? [])];
      if (values.length > 0 && !spec.repeatable) this.report('RS002', 'duplicateFlag', word, [spec.name]);
      if (spec.value === undefined) {
        values.push(word);
      } else {
        const value = spec.value === 'D' ? this.duration('') : this.next();
        if (!value) {
          this.report('RS002', 'flagNeedsValue', word, [spec.name]);
          continue;
        }
        values.push(value);
      }
      (seen ??= new Map(previous)).set(spec.name, values);
    }
    return seen ?? previous;
  }
}

const NO_FLAGS: ReadonlyMap<string, Word[]> = new Map();

// ---- Values ----

/** A word's parts: its references in order, or its whole value when it has none. */
export function partsOf(word: Word): readonly WordPart[] {
  return word.parts ?? [word.value ?? ''];
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
/** Unit words people write after a number, and the unit they mean. */
const UNIT_WORDS: Record<string, string> = {
  ms: 'ms', msec: 'ms', millisecond: 'ms', milliseconds: 'ms', s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm', h: 'h', hr: 'h', hour: 'h', hours: 'h',
};
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of `250ms`, `2s`, `1.5m`, `1h`; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  return match ? Math.round(Number(match[1]) * UNIT_MS[match[2]]) : undefined;
}

/** A decimal integer; undefined when malformed or past 2^53. */
export function parseInteger(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

export const PROCESS_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The validators report on the word and accept `${NAME}` words, whose value is known only at run time. */
export function checkDuration(r: ArgReader, word: Word | undefined): void {
  if (word?.value === undefined || parseDuration(word.value) !== undefined) return;
  // `30 seconds`, `30sec`, `30`: the number with the unit meant (seconds when none is written).
  const match = /^(\d+(?:\.\d+)?) ?([A-Za-z]*)$/.exec(word.value);
  const unit = match && (match[2] === '' ? 's' : UNIT_WORDS[match[2].toLowerCase()]);
  r.report('RS002', 'badDuration', word, [quote(word.raw)], unit ? match[1] + unit : undefined);
}

export function checkInteger(r: ArgReader, word: Word | undefined, min: number, max: number): void {
  if (word?.value === undefined) return;
  const value = parseInteger(word.value);
  if (value === undefined) r.report('RS002', 'badInteger', word, [quote(word.raw)]);
  else if (value < min || value > max) r.report('RS002', 'integerOutOfRange', word, [word.raw, min, max]);
}

/** A name that a command defines: bare, unquoted, no references. */
export function checkVariableName(r: ArgReader, word: Word | undefined): void {
  if (word && (word.quoted || !VARIABLE_NAME.test(word.raw))) r.report('RS002', 'badVariableName', word, [quote(word.raw)]);
}

export function checkProcessName(r: ArgReader, word: Word | undefined): void {
  if (word && (word.quoted || !PROCESS_NAME.test(word.raw))) r.report('RS002', 'badProcessName', word, [quote(word.raw)]);
}

/** Header values are read before anything runs, so they cannot hold `${NAME}`. */
export function checkStatic(r: ArgReader, word: Word | undefined): void {
  if (word && word.value === undefined) {
    const ref = word.parts?.find((p) => typeof p !== 'string');
    r.report('RS002', 'notExpandedHere', ref && typeof ref !== 'string' ? ref : word, [quote(word.raw.slice(0, 40)), r.name.raw]);
  }
}

/** Reports a word outside a closed set, with the nearest valid word. */
export function checkOneOf(r: ArgReader, word: Word | undefined, allowed: readonly string[], id: 'unknownMethod' | 'unknownSignal'): void {
  if (word?.value !== undefined && !allowed.includes(word.value)) r.report('RS002', id, word, [quote(word.raw)], nearest(word.value, allowed));
}

