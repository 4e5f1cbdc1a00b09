// The lexer for one logical line. It reads a word at a time, in the mode the grammar asks for, because a
// `/regex/` may hold blanks and `#` and exists only where a matcher takes one (spec §2).
// Invariant: lexing never throws and never reports by itself; the problems of the last token lexed are kept
// in `tokenProblems` and reported only when the parser consumes the token (so peeking has no side effects).
// One scanner serves a whole parse (reset per statement): a script has many lines, and each allocation
// counts when a 10k-line script must be checked within milliseconds.

import type { Comment, Condition, RegexLiteral, VariableRef, Word, WordPart } from './ast';
import type { DiagnosticCode, DiagnosticSink, MessageId } from './diagnostics';
import { quote } from './diagnostics';
import type { Span } from './text';

/** A problem found while lexing, reported when its word is consumed. */
export interface Problem {
  code: DiagnosticCode;
  id: string;
  span: Span;
  args: string[];
  suggestion?: string;
}

/** Reports problems found while lexing, once their token is consumed. */
export function reportProblems(sink: DiagnosticSink, problems: readonly Problem[]): void {
  for (const p of problems) sink.report(p.code, p.id as never, p.span, p.args, p.suggestion === undefined ? undefined : { suggestion: p.suggestion });
}

export function problem<C extends DiagnosticCode>(
  code: C,
  id: MessageId<C>,
  span: Span,
  args: string[] = [],
  suggestion?: string,
): Problem {
  return suggestion === undefined ? { code, id, span, args } : { code, id, span, args, suggestion };
}


const SPACE = 32;
const TAB = 9;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const DOLLAR = 36;
const LBRACE = 123;
const RBRACE = 125;
const SLASH = 47;
const HASH = 35;

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Blanks separate words: space, tab, and a stray byte-order mark (invisible, left by joining files). */
export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === 0xfeff;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Ordinary characters of a bare word: stops at blanks, quotes, `$` and `\`. */
function isPlainRunChar(c: number): boolean {
  return !(isBlank(c) || c === DQUOTE || c === SQUOTE || c === DOLLAR || c === BACKSLASH);
}

/**
 * A cursor over the physical lines of one statement. `lineEnds[i]` is where the content of physical line
 * `firstLine + i` ends; continuation moves the cursor to the next physical line.
 */
export class LineScanner {
  pos = 0;
  /** Physical line the cursor is on. */
  line = 0;
  /** End of the current physical line's content (before its line break). */
  lineEnd = 0;
  /** Trailing comment, once reached; the logical line ends there. */
  comment: Comment | undefined;
  /** Offset of a final `\` that continued into nothing (an empty line, or the end of the script). */
  danglingContinuation: number | undefined;
  /** Just after the last token lexed. */
  tokenEnd = 0;
  /** Problems of the last token lexed. */
  tokenProblems: Problem[] = NO_PROBLEMS;
  private ended = false;
  /** Offset of the `\` that brought the cursor to this line, until something is found on it. */
  private continuedFrom = -1;

  constructor(
    private readonly text: string,
    private readonly lineStarts: readonly number[],
    /** Lines from here on are not part of the script (the archive, or the end of the text). */
    private readonly scriptEndLine: number,
    private readonly contentEnd: (line: number) => number,
  ) {}

  /** Starts a statement at `pos` on physical line `line`. */
  reset(line: number, pos: number): void {
    this.line = line;
    this.pos = pos;
    this.lineEnd = this.contentEnd(line);
    this.comment = undefined;
    this.danglingContinuation = undefined;
    this.ended = false;
    this.continuedFrom = -1;
  }

  /** Problems of the token being lexed (allocated only when there is one). */
  private pending: Problem[] | undefined;

  private addProblem(p: Problem): void {
    (this.pending ??= []).push(p);
  }

  private token<T>(token: T, end: number): T {
    this.tokenEnd = end;
    this.tokenProblems = this.pending ?? NO_PROBLEMS;
    this.pending = undefined;
    return token;
  }

  /**
   * Skips blanks and `\` continuations; stops at a trailing comment or the end of the logical line.
   * Returns false when no further word is on this logical line.
   */
  skipBlanks(): boolean {
    if (this.ended) return false;
    const text = this.text;
    for (;;) {
      while (this.pos < this.lineEnd && isBlank(text.charCodeAt(this.pos))) this.pos++;
      if (this.pos >= this.lineEnd) return this.finish();
      const c = text.charCodeAt(this.pos);
      if (c === BACKSLASH && this.pos + 1 === this.lineEnd) {
        // A continuation: the next physical line goes on this logical line (spec §2); at the end of the
        // script it continues nothing and is ignored.
        this.continuedFrom = this.pos;
        if (this.line + 1 >= this.scriptEndLine) {
          this.pos = this.lineEnd;
          return this.finish();
        }
        this.line++;
        this.pos = this.lineStarts[this.line];
        this.lineEnd = this.contentEnd(this.line);
        continue;
      }
      if (c === HASH && (this.pos === this.lineStarts[this.line] || isBlank(text.charCodeAt(this.pos - 1)))) {
        this.comment = { start: this.pos, end: this.lineEnd, text: text.slice(this.pos, this.lineEnd), line: this.line };
        this.pos = this.lineEnd;
        this.continuedFrom = -1;
        return this.finish();
      }
      this.continuedFrom = -1;
      return true;
    }
  }

  private finish(): false {
    this.ended = true;
    if (this.continuedFrom >= 0) this.danglingContinuation = this.continuedFrom;
    return false;
  }

  /** The character at the cursor (valid after skipBlanks returned true). */
  peekChar(): number {
    return this.text.charCodeAt(this.pos);
  }

  /** Lexes a bare/quoted word at the cursor without moving. */
  lexWord(): Word {
    const text = this.text;
    const lineEnd = this.lineEnd;
    const start = this.pos;
    let pos = start;
    // Fast path, for most words: a plain bare word. One string serves as raw and value.
    while (pos < lineEnd && isPlainRunChar(text.charCodeAt(pos))) pos++;
    if (pos === lineEnd || isBlank(text.charCodeAt(pos)) || (text.charCodeAt(pos) === BACKSLASH && pos + 1 === lineEnd)) {
      const raw = text.slice(start, pos);
      return this.token({ start, end: pos, raw, value: raw, quoted: false }, pos);
    }
    pos = start;
    const parts: WordPart[] = [];
    let literal = '';
    let quoted = false;
    let hasRef = false;
    const pushRef = (ref: VariableRef): void => {
      if (literal) parts.push(literal);
      literal = '';
      parts.push(ref);
      hasRef = true;
    };
    while (pos < lineEnd) {
      const c = text.charCodeAt(pos);
      if (isBlank(c)) break;
      if (isPlainRunChar(c)) {
        let runEnd = pos + 1;
        while (runEnd < lineEnd && isPlainRunChar(text.charCodeAt(runEnd))) runEnd++;
        literal += text.slice(pos, runEnd);
        pos = runEnd;
      } else if (c === BACKSLASH) {
        // A backslash is literal in a bare word, except at the end of the line: a continuation.
        if (pos + 1 === lineEnd) break;
        literal += '\\';
        pos++;
      } else if (c === DOLLAR) {
        const ref = this.lexReference(pos, lineEnd, false);
        if (ref) {
          pushRef(ref);
          pos = ref.end;
        } else {
          literal += '$';
          pos++;
        }
      } else if (c === SQUOTE) {
        quoted = true;
        const close = text.indexOf("'", pos + 1);
        if (close < 0 || close >= lineEnd) {
          this.addProblem(problem('RS002', 'unterminatedSingle', { start: pos, end: lineEnd }, [quote(text.slice(start, lineEnd))]));
          literal += text.slice(pos + 1, lineEnd);
          pos = lineEnd;
        } else {
          literal += text.slice(pos + 1, close);
          pos = close + 1;
        }
      } else {
        // A double-quoted part: escapes and ${NAME}.
        quoted = true;
        const open = pos;
        pos++;
        let closed = false;
        while (pos < lineEnd) {
          const d = text.charCodeAt(pos);
          if (d === DQUOTE) {
            pos++;
            closed = true;
            break;
          }
          if (d === BACKSLASH) {
            if (pos + 1 >= lineEnd) {
              pos++;
              break;
            }
            const e = text[pos + 1];
            const escaped = ESCAPES[e];
            if (escaped === undefined) {
              this.addProblem(problem('RS002', 'badEscape', { start: pos, end: pos + 2 }, ['\\' + e]));
              literal += '\\' + e;
            } else literal += escaped;
            pos += 2;
          } else if (d === DOLLAR) {
            const ref = this.lexReference(pos, lineEnd, true);
            if (ref) {
              pushRef(ref);
              pos = ref.end;
            } else {
              literal += '$';
              pos++;
            }
          } else {
            let runEnd = pos + 1;
            while (runEnd < lineEnd) {
              const r = text.charCodeAt(runEnd);
              if (r === DQUOTE || r === BACKSLASH || r === DOLLAR) break;
              runEnd++;
            }
            literal += text.slice(pos, runEnd);
            pos = runEnd;
          }
        }
        if (!closed) {
          this.addProblem(problem('RS002', 'unterminatedDouble', { start: open, end: lineEnd }, [quote(text.slice(start, lineEnd))]));
          pos = lineEnd;
        }
      }
    }
    if (!hasRef) return this.token({ start, end: pos, raw: text.slice(start, pos), value: literal, quoted }, pos);
    if (literal) parts.push(literal);
    // A copy has exactly the length it needs: a grown array keeps spare room, and a tree holds many of them.
    return this.token({ start, end: pos, raw: text.slice(start, pos), value: undefined, quoted, parts: parts.slice() }, pos);
  }

  /**
   * `${NAME}` at `pos` (which holds `$`). Returns undefined when `$` is not followed by `{` (an ordinary
   * character) or when the reference is malformed (reported, and then read as literal text).
   */
  private lexReference(pos: number, lineEnd: number, inQuotes: boolean): VariableRef | undefined {
    const text = this.text;
    if (text.charCodeAt(pos + 1) !== LBRACE) return undefined;
    let p = pos + 2;
    while (p < lineEnd && isNameChar(text.charCodeAt(p))) p++;
    const name = text.slice(pos + 2, p);
    if (p < lineEnd && text.charCodeAt(p) === RBRACE && VARIABLE_NAME.test(name)) return { start: pos, end: p + 1, name };
    // Malformed: find the closing brace, if any, before the word could end.
    let close = p;
    while (close < lineEnd) {
      const c = text.charCodeAt(close);
      if (c === RBRACE || (inQuotes ? c === DQUOTE : isBlank(c) || c === DQUOTE || c === SQUOTE)) break;
      close++;
    }
    if (close < lineEnd && text.charCodeAt(close) === RBRACE) {
      this.addProblem(problem('RS002', 'badVariableReference', { start: pos, end: close + 1 }, [quote(text.slice(pos, close + 1))]));
    } else {
      this.addProblem(problem('RS002', 'unclosedVariable', { start: pos, end: close }, [quote(text.slice(pos, close))]));
    }
    return undefined;
  }

  /** Lexes `/source/flags` at the cursor (which holds `/`), without moving. */
  lexRegex(): Word {
    const text = this.text;
    const lineEnd = this.lineEnd;
    const start = this.pos;
    let pos = start + 1;
    let closed = false;
    while (pos < lineEnd) {
      const c = text.charCodeAt(pos);
      if (c === BACKSLASH) pos += 2;
      else if (c === SLASH) {
        closed = true;
        break;
      } else pos++;
    }
    if (!closed) {
      pos = lineEnd;
      this.addProblem(problem('RS002', 'unterminatedRegex', { start, end: lineEnd }, [quote(text.slice(start, lineEnd))]));
      const source = text.slice(start + 1, lineEnd);
      const raw = text.slice(start, lineEnd);
      return this.token({ start, end: lineEnd, raw, value: raw, quoted: false, regex: { source, flags: '' } }, lineEnd);
    }
    const source = text.slice(start + 1, pos);
    pos++;
    const flagsStart = pos;
    while (pos < lineEnd && /[A-Za-z]/.test(text[pos])) pos++;
    const flags = text.slice(flagsStart, pos);
    if (pos < lineEnd && !isBlank(text.charCodeAt(pos)) && !(text.charCodeAt(pos) === BACKSLASH && pos + 1 === lineEnd)) {
      let junkEnd = pos;
      while (junkEnd < lineEnd && !isBlank(text.charCodeAt(junkEnd))) junkEnd++;
      this.addProblem(problem('RS002', 'textAfterRegex', { start: pos, end: junkEnd }, [quote(text.slice(pos, junkEnd))]));
      pos = junkEnd;
    }
    for (const p of regexProblems(source, flags, { start, end: pos }, flagsStart)) this.addProblem(p);
    const raw = text.slice(start, pos);
    const regex: RegexLiteral = { source, flags };
    return this.token({ start, end: pos, raw, value: raw, quoted: false, regex }, pos);
  }

  /** Lexes `[!name:arg]` at the cursor (which holds `[`), without moving. */
  lexCondition(): Condition {
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    while (pos < this.lineEnd && text.charCodeAt(pos) !== 93 && !isBlank(text.charCodeAt(pos))) pos++;
    const inner = text.slice(start + 1, pos);
    if (pos < this.lineEnd && text.charCodeAt(pos) === 93) pos++;
    else this.addProblem(problem('RS002', 'unclosedCondition', { start, end: pos }, [quote(text.slice(start, pos))]));
    const negated = inner.startsWith('!');
    const body = negated ? inner.slice(1) : inner;
    const colon = body.indexOf(':');
    const condition: Condition = { start, end: pos, negated, name: colon < 0 ? body : body.slice(0, colon) };
    if (colon >= 0) condition.argument = body.slice(colon + 1);
    return this.token(condition, pos);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', $: '$' };
const NO_PROBLEMS: Problem[] = [];

/** Flags from `i m s`, each once; the pattern compiles as a JavaScript regular expression (spec §2). */
export function regexProblems(source: string, flags: string, span: Span, flagsStart: number): Problem[] {
  let problems = NO_PROBLEMS;
  let valid = '';
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    const flagSpan = { start: flagsStart + i, end: flagsStart + i + 1 };
    if (!'ims'.includes(flag)) (problems = [...problems]).push(problem('RS003', 'badRegexFlag', flagSpan, [flag]));
    else if (valid.includes(flag)) (problems = [...problems]).push(problem('RS003', 'duplicateRegexFlag', flagSpan, [flag]));
    else valid += flag;
  }
  const reason = regexError(source, valid);
  if (reason !== undefined) problems = [...problems, problem('RS003', 'invalidRegex', span, [quote('/' + source + '/' + flags), reason])];
  return problems;
}

/**
 * Why a pattern does not compile, or undefined. Remembered, because an editor re-checks the same script on
 * every keystroke and the same few patterns recur; the memory is bounded by starting afresh when full.
 */
const REGEX_ERRORS = new Map<string, string | undefined>();
const REGEX_MEMORY = 2000;

function regexError(source: string, flags: string): string | undefined {
  const key = flags + '/' + source;
  if (REGEX_ERRORS.has(key)) return REGEX_ERRORS.get(key);
  let reason: string | undefined;
  try {
    new RegExp(source, flags);
  } catch (error) {
    reason = String((error as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  }
  if (REGEX_ERRORS.size >= REGEX_MEMORY) REGEX_ERRORS.clear();
  REGEX_ERRORS.set(key, reason);
  return reason;
}
