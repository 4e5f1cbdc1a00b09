// The language core's public surface: parse → check → format, the tables, and the text helpers.
// Invariant: nothing under shared/core imports vscode, an LSP connection, the file system or the process.

export { parse, markerName } from './parse';
export type { ParseOptions } from './parse';
export { check, validate } from './check';
export type { CheckOptions } from './check';
export { format, HEADER_VALUE_COLUMN } from './format';
export { DIAGNOSTICS, compareDiagnostics, messageOf } from './diagnostics';
export type { Diagnostic, DiagnosticCode, DiagnosticData, Severity } from './diagnostics';
export { COMMANDS, COMMAND_BY_NAME, HTTP_METHODS, SANDBOX_VARIABLES, TICKET_KEY, WAIT_KINDS } from './commands';
export type { CommandSpec } from './commands';
export { SUBJECTS, SUBJECT_BY_NAME, SIGNALS, TEXT_MATCHERS } from './subjects';
export type { MatcherSpec, SubjectSpec } from './subjects';
export { CONDITIONS, CONDITION_BY_NAME, conditionsHold } from './conditions';
export type { ConditionSpec, HostFacts } from './conditions';
export { parseDuration, parseInteger } from './grammar';
export type { FlagSpec } from './grammar';
export { normalizeWorkPath, isLoopbackHost } from './paths';
export { volatileProgram } from './volatile';
export { decodeUtf8, encodeUtf8 } from './utf8';
export type { DecodedText } from './utf8';
export { computeLineStarts, positionAt, offsetAt, rangeOf, lineContentEnd } from './text';
export type { Position, Range, Span } from './text';
export type {
  Archive,
  ArchiveFile,
  CommandNode,
  Comment,
  Condition,
  Item,
  Matcher,
  MatcherOp,
  Script,
  Statement,
  Subject,
  Word,
  WordPart,
  VariableRef,
} from './ast';
