// The syntax tree of a repro script. Every node and every word carries its exact span in the text.
// Invariant: the tree is plain data (no methods, no cycles), so it can be cached, compared and sent anywhere.

import type { Diagnostic } from './diagnostics';
import type { Span } from './text';
import type { CommandSpec } from './commands';

/** A `${NAME}` reference inside a word; the span covers `${NAME}`. */
export interface VariableRef extends Span {
  name: string;
}

/** Literal text and variable references, in order. */
export type WordPart = string | VariableRef;

export interface RegexLiteral {
  /** The pattern between the slashes, as written (`\/` kept). */
  source: string;
  flags: string;
}

/** One word of a line: bare, quoted, a mix of these glued together, or a `/regex/flags`. */
export interface Word extends Span {
  /** The source text, exactly as written. */
  raw: string;
  /** The value when the word has no `${NAME}` reference; otherwise undefined (known only at run time). */
  value: string | undefined;
  /**
   * Literal text and references, in order; present only when the word holds a reference (otherwise `value`
   * is all there is: most words have none, and a tree holds a great many words).
   */
  parts?: WordPart[];
  /** True when any part was quoted: a quoted word is never a keyword, flag or archive reference. */
  quoted: boolean;
  regex?: RegexLiteral;
}

/** `[linux]`, `[!exec:git]`, `[env:CI]`. */
export interface Condition extends Span {
  negated: boolean;
  name: string;
  argument?: string;
}

/** A comment: whole-line, or trailing after a blank. `text` runs from `#` to the end of the line. */
export interface Comment extends Span {
  text: string;
  /** 0-based line. */
  line: number;
}

export type SubjectName = 'exit' | 'stdout' | 'stderr' | 'output' | 'body' | 'header' | 'file' | 'status' | 'duration';

export interface Subject {
  name: SubjectName;
  word: Word;
  /** `header NAME`, `file PATH`. */
  argument?: Word;
}

export type MatcherOp =
  | '=='
  | '!='
  | '>='
  | '<'
  | '>'
  | '<='
  | 'contains'
  | '!contains'
  | '~'
  | '!~'
  | 'empty'
  | '!empty'
  | 'exists'
  | '!exists'
  | 'timeout'
  | 'signal';

export interface Matcher extends Span {
  op: MatcherOp;
  /** The operator as written; absent for a bare number (`exit 1`, `status 404`). */
  opWord?: Word;
  operand?: Word;
  /** `== @FILE`: the archive file whose content the text must equal. */
  archiveFile?: Word;
}

export type CommandNode =
  | { kind: 'unknown' }
  | { kind: 'ticket'; key?: Word }
  | { kind: 'title'; text?: Word }
  | { kind: 'requires'; program?: Word; range?: Word }
  | { kind: 'timeout'; duration?: Word }
  | { kind: 'seed'; seed?: Word }
  | { kind: 'env'; assignment?: Word; name?: string; value?: WordPart[] }
  | { kind: 'mask'; pattern?: Word; replacement?: Word }
  | { kind: 'allow-network'; host?: Word }
  | { kind: 'step'; title?: Word }
  | { kind: 'run'; timeout?: Word; stdin?: Word; background?: Word; program?: Word; args: Word[] }
  | { kind: 'http'; method?: Word; url?: Word; headers: Word[]; body?: Word; bodyFile?: Word; timeout?: Word }
  | { kind: 'check'; role: 'expect' | 'bug'; subject?: Subject; matcher?: Matcher }
  | { kind: 'capture'; name?: Word; subject?: Subject; pattern?: Word }
  | { kind: 'set'; name?: Word; value?: Word }
  | { kind: 'port'; name?: Word }
  | { kind: 'cd'; dir?: Word }
  | { kind: 'wait'; what?: 'port' | 'file' | 'output'; target?: Word; matcher?: Matcher; timeout?: Word }
  | { kind: 'stop'; process?: Word }
  | { kind: 'sleep'; duration?: Word };

export type CommandKind = CommandNode['kind'];
export type NodeOf<K extends CommandKind> = Extract<CommandNode, { kind: K }>;

/** One logical line with a command or directive; it may span several physical lines joined by `\`. */
export interface Statement extends Span {
  type: 'statement';
  /** First and last physical line, 0-based. */
  line: number;
  lastLine: number;
  conditions: readonly Condition[];
  name: Word;
  /** Every word after the name, in order, as the grammar read it. */
  words: Word[];
  comment?: Comment;
  /** Undefined for an unknown command. */
  spec?: CommandSpec;
  node: CommandNode;
  /** A syntax error (RS001–RS003) is on this line: the formatter keeps the line as written. */
  malformed: boolean;
  /** Offset of a final `\` that continues into nothing; the formatter drops it. */
  danglingContinuation?: number;
}

export interface CommentLine {
  type: 'comment';
  line: number;
  comment: Comment;
}

export interface BlankLine {
  type: 'blank';
  line: number;
  /** Part of a run of lines holding only `\` continuations: text added after them would join them. */
  continued?: true;
}

/** What a physical line of the script part holds, in order (continuation lines belong to their statement). */
export type Item = Statement | CommentLine | BlankLine;

/** One `-- PATH --` section of the archive. */
export interface ArchiveFile {
  /** The name as written, trimmed. */
  name: string;
  /** Span of the name inside the marker line. */
  nameSpan: Span;
  /** 0-based line of the marker. */
  line: number;
  /** The content: every line after the marker up to the next marker, line breaks included, byte for byte. */
  content: Span;
}

export interface Archive {
  /** Offset of the first marker: the archive runs from here to the end of the text. */
  start: number;
  line: number;
  files: ArchiveFile[];
}

/** What is known of a script before its lines are read: the text, where its lines start, its archive. */
export interface ScriptFrame {
  text: string;
  lineStarts: number[];
  archive?: Archive;
  /** The line break the file uses first; the formatter writes this one. */
  eol: '\n' | '\r\n';
  /** The text starts with a byte-order mark (kept by the formatter, skipped by the parser). */
  bom: boolean;
}

/** The result of parsing: always a tree, plus the syntax diagnostics found on the way. */
export interface Script extends ScriptFrame {
  items: Item[];
  statements: Statement[];
  /** Syntax diagnostics (RS001–RS003); the checker adds the rest. */
  diagnostics: Diagnostic[];
}
