// The lexer for one logical line. It reads a word at a time, in the mode the grammar asks for, because a
// `/regex/` may hold blanks and `#` and exists only where a matcher takes one (spec §2).
// Invariant: lexing never throws and never reports by itself; a lexed word carries its own problems, and
// they are reported only when the parser consumes the word (so peeking is free of side effects).

import type { Comment, Condition, RegexLiteral, VariableRef, Word, WordPart } from './ast';
import type { DiagnosticCode, MessageId } from './diagnostics';
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

export function problem<C extends DiagnosticCode>(
  code: C,
  id: MessageId<C>,
  span: Span,
  args: string[] = [],
  suggestion?: string,
): Problem {
  return suggestion === undefined ? { code, id, span, args } : { code, id, span, args, suggestion };
}

export interface Lexed<T> {
  token: T;
  /** Offset just after the token. */
  end: number;
  problems: Problem[];
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
  pos: number;
  /** Physical line the cursor is on. */
  line: number;
  /** End of the current physical line's content (before its line break). */
  lineEnd: number;
  /** Trailing comment, once reached; the logical line ends there. */
  comment?: Comment;
  /** Offset of a final `\` that continued into nothing (an empty line, or the end of the script). */
  danglingContinuation?: number;
  private ended = false;
  /** Offset of the `\` that brought the cursor to this line, until something is found on it. */
  private continuedFrom = -1;

  constructor(
    private readonly text: string,
    private readonly lineStarts: readonly number[],
    /** Lines from here on are not part of the script (the archive, or the end of the text). */
    private readonly scriptEndLine: number,
    private readonly contentEnd: (line: number) => number,
    line: number,
    pos: number,
  ) {
    this.line = line;
    this.pos = pos;
    this.lineEnd = contentEnd(line);
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
  lexWord(): Lexed<Word> {
    const text = this.text;
    const lineEnd = this.lineEnd;
    const start = this.pos;
    let pos = start;
    const parts: WordPart[] = [];
    const problems: Problem[] = [];
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
        const ref = this.lexReference(pos, lineEnd, problems, false);
        if (ref) {
          pushRef(ref);
          pos = ref.end;
        } else {
          literal += '$';
          pos++;
          if (text.charCodeAt(pos) === LBRACE) {
            literal += '{';
            pos++;
          }
        }
      } else if (c === SQUOTE) {
        quoted = true;
        const close = text.indexOf("'", pos + 1);
        if (close < 0 || close >= lineEnd) {
          problems.push(problem('RS002', 'unterminatedSingle', { start: pos, end: lineEnd }, [quote(text.slice(start, lineEnd))]));
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
              problems.push(problem('RS002', 'badEscape', { start: pos, end: pos + 2 }, ['\\' + e]));
              literal += '\\' + e;
            } else literal += escaped;
            pos += 2;
          } else if (d === DOLLAR) {
            const ref = this.lexReference(pos, lineEnd, problems, true);
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
          problems.push(problem('RS002', 'unterminatedDouble', { start: open, end: lineEnd }, [quote(text.slice(start, lineEnd))]));
          pos = lineEnd;
        }
      }
    }
    if (literal || parts.length === 0) parts.push(literal);
    const value = hasRef ? undefined : (parts[0] as string);
    return { token: { start, end: pos, raw: text.slice(start, pos), parts, value, quoted }, end: pos, problems };
  }

  /**
   * `${NAME}` at `pos` (which holds `$`). Returns undefined when `$` is not followed by `{` (an ordinary
   * character) or when the reference is malformed (reported, and then read as literal text).
   */
  private lexReference(pos: number, lineEnd: number, problems: Problem[], inQuotes: boolean): VariableRef | undefined {
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
      problems.push(problem('RS002', 'badVariableReference', { start: pos, end: close + 1 }, [quote(text.slice(pos, close + 1))]));
    } else {
      problems.push(problem('RS002', 'unclosedVariable', { start: pos, end: close }, [quote(text.slice(pos, close))]));
    }
    return undefined;
  }

  /** Lexes `/source/flags` at the cursor (which holds `/`), without moving. */
  lexRegex(): Lexed<Word> {
    const text = this.text;
    const lineEnd = this.lineEnd;
    const start = this.pos;
    const problems: Problem[] = [];
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
      problems.push(problem('RS002', 'unterminatedRegex', { start, end: lineEnd }, [quote(text.slice(start, lineEnd))]));
      const source = text.slice(start + 1, lineEnd);
      const raw = text.slice(start, lineEnd);
      return { token: { start, end: lineEnd, raw, parts: [raw], value: raw, quoted: false, regex: { source, flags: '' } }, end: lineEnd, problems };
    }
    const source = text.slice(start + 1, pos);
    pos++;
    const flagsStart = pos;
    while (pos < lineEnd && /[A-Za-z]/.test(text[pos])) pos++;
    const flags = text.slice(flagsStart, pos);
    if (pos < lineEnd && !isBlank(text.charCodeAt(pos)) && !(text.charCodeAt(pos) === BACKSLASH && pos + 1 === lineEnd)) {
      let junkEnd = pos;
      while (junkEnd < lineEnd && !isBlank(text.charCodeAt(junkEnd))) junkEnd++;
      problems.push(problem('RS002', 'textAfterRegex', { start: pos, end: junkEnd }, [quote(text.slice(pos, junkEnd))]));
      pos = junkEnd;
    }
    problems.push(...regexProblems(source, flags, { start, end: pos }, flagsStart));
    const raw = text.slice(start, pos);
    const regex: RegexLiteral = { source, flags };
    return { token: { start, end: pos, raw, parts: [raw], value: raw, quoted: false, regex }, end: pos, problems };
  }

  /** Lexes `[!name:arg]` at the cursor (which holds `[`), without moving. */
  lexCondition(): Lexed<Condition> {
    const text = this.text;
    const start = this.pos;
    let pos = start + 1;
    while (pos < this.lineEnd && text.charCodeAt(pos) !== 93 && !isBlank(text.charCodeAt(pos))) pos++;
    const problems: Problem[] = [];
    const inner = text.slice(start + 1, pos);
    if (pos < this.lineEnd && text.charCodeAt(pos) === 93) pos++;
    else problems.push(problem('RS002', 'unclosedCondition', { start, end: pos }, [quote(text.slice(start, pos))]));
    const negated = inner.startsWith('!');
    const body = negated ? inner.slice(1) : inner;
    const colon = body.indexOf(':');
    const condition: Condition = { start, end: pos, negated, name: colon < 0 ? body : body.slice(0, colon) };
    if (colon >= 0) condition.argument = body.slice(colon + 1);
    return { token: condition, end: pos, problems };
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', t: '\t', $: '$' };

/** Flags from `i m s`, each once; the pattern compiles as a JavaScript regular expression (spec §2). */
export function regexProblems(source: string, flags: string, span: Span, flagsStart: number): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    const flagSpan = { start: flagsStart + i, end: flagsStart + i + 1 };
    if (!'ims'.includes(flag)) problems.push(problem('RS003', 'badRegexFlag', flagSpan, [flag]));
    else if (seen.has(flag)) problems.push(problem('RS003', 'duplicateRegexFlag', flagSpan, [flag]));
    seen.add(flag);
  }
  try {
    new RegExp(source, [...seen].filter((f) => 'ims'.includes(f)).join(''));
  } catch (error) {
    const reason = String((error as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    problems.push(problem('RS003', 'invalidRegex', span, [quote('/' + source + '/' + flags), reason]));
  }
  return problems;
}
