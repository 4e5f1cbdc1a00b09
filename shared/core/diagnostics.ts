// Every diagnostic code, its severity, its summary and its messages: the one table (spec §6).
// Call sites name a code and a message id; they never write a message inline.

import * as l10n from '@vscode/l10n';
import { rangeOf, type Range, type Span } from './text';

export type Severity = 'error' | 'warning' | 'info';

interface CodeEntry {
  severity: Severity;
  /** What the code means, as spec §6 says; shown by `repro help CODE` and in docs. */
  summary: string;
  /** Message templates: `{0}`, `{1}` are replaced by the arguments (the quoted input first). */
  messages: Record<string, string>;
}

export const DIAGNOSTICS = {
  RS001: {
    severity: 'error',
    summary: 'unknown command or directive',
    messages: {
      unknownCommand: 'unknown command `{0}`',
    },
  },
  RS002: {
    severity: 'error',
    summary: 'malformed line: bad quoting or escape, missing or extra argument, bad duration, integer or condition',
    messages: {
      invalidUtf8: 'invalid UTF-8: these bytes are not text (shown as �)',
      unterminatedDouble: 'unterminated double quote in `{0}`',
      unterminatedSingle: 'unterminated single quote in `{0}`',
      badEscape: 'unknown escape `{0}`: a double-quoted word knows \\" \\\\ \\n \\t and \\$',
      unclosedVariable: '`{0}` is not closed with `}`',
      badVariableReference: 'bad variable reference `{0}`: a name is letters, digits and _, not starting with a digit',
      unterminatedRegex: 'unterminated regular expression `{0}`: it needs a closing /',
      expectedRegex: 'expected a regular expression /…/ here, found `{0}`',
      textAfterRegex: 'unexpected `{0}` right after the regular expression',
      missingArgument: '`{0}` is missing {1}; usage: {2}',
      extraArgument: 'unexpected argument `{0}`; usage: {1}',
      unknownFlag: 'unknown flag `{0}` for `{1}`',
      duplicateFlag: 'flag `{0}` is given twice',
      flagNeedsValue: 'flag `{0}` needs a value',
      badDuration: 'bad duration `{0}`: write a number and a unit, e.g. 250ms, 2s, 1.5m',
      badInteger: 'bad integer `{0}`: write decimal digits',
      integerOutOfRange: '`{0}` is out of range: expected {1} to {2}',
      unknownCondition: 'unknown condition `[{0}]`',
      conditionNeedsArgument: 'condition `[{0}]` needs a name after the colon, e.g. [exec:git]',
      unclosedCondition: 'condition `{0}` is not closed with `]`',
      conditionNotAllowed: '`{0}` cannot have conditions: they apply to commands',
      badVariableName: 'bad variable name `{0}`: use letters, digits and _, not starting with a digit',
      badProcessName: 'bad process name `{0}`: use letters, digits, _, - and .',
      unknownSubject: 'unknown subject `{0}`',
      unknownMatcher: 'unknown matcher `{0}` for `{1}`; `{1}` takes {2}',
      missingMatcher: '`{0}` needs a matcher: {1}',
      notTextSubject: '`capture` reads text (stdout, stderr, output, body, header NAME, file PATH), not `{0}`',
      unknownSignal: 'unknown signal `{0}`',
      unknownMethod: 'unknown HTTP method `{0}`',
      badUrl: 'bad URL `{0}`: write http://HOST[:PORT]/PATH',
      badHeader: 'bad header `{0}`: write "Name: value"',
      bodyConflict: '`--body` and `--body-file` cannot be used together',
      badEnv: 'bad `env` value `{0}`: write NAME=VALUE',
      badHost: 'bad host `{0}`: write HOST or HOST:PORT',
      badVersionRange: 'bad version range `{0}`',
      notExpandedHere: '`{0}` is not expanded in `{1}`: write the value itself',
      unknownWaitKind: 'unknown `wait` kind `{0}`: wait port N, wait file PATH or wait output NAME MATCHER',
      emptyProgram: 'the program name is empty',
      emptyArchiveName: 'an archive file needs a name: -- PATH --',
    },
  },
  RS003: {
    severity: 'error',
    summary: 'invalid regular expression',
    messages: {
      invalidRegex: 'invalid regular expression `{0}`: {1}',
      badRegexFlag: 'unknown regular expression flag `{0}`: flags are i, m and s',
      duplicateRegexFlag: 'regular expression flag `{0}` is given twice',
    },
  },
  RS004: {
    severity: 'error',
    summary: 'a header-only directive after the first command',
    messages: {
      headerOnly: '`{0}` belongs in the header, before the first command',
    },
  },
  RS005: {
    severity: 'error',
    summary: 'a check with nothing to refer to, or a subject that does not fit the latest action',
    messages: {
      nothingToCheck: '`{0}` has nothing to check: no `run` or `http` comes before it',
      onlyBackground: '`{0}` has nothing to check: the latest `run` is in the background (use `wait output`)',
      wrongAction: '`{0}` does not fit `{1}`: it checks the result of `{2}`',
    },
  },
  RS006: {
    severity: 'error',
    summary: '`${NAME}` used before anything defines it',
    messages: {
      undefinedVariable: '`{0}` is used before anything defines it',
    },
  },
  RS007: {
    severity: 'error',
    summary: '`@FILE`, `--stdin FILE` or `--body-file FILE` names no archive file',
    messages: {
      noArchiveFile: '`{0}` names no archive file',
    },
  },
  RS008: {
    severity: 'error',
    summary: 'unsafe path: absolute, or `..` leaving WORK',
    messages: {
      absolutePath: 'unsafe path `{0}`: it is absolute; paths stay inside WORK',
      leavesWork: 'unsafe path `{0}`: it leads out of WORK',
    },
  },
  RS009: {
    severity: 'error',
    summary: 'the script has no `bug` check, so it can never reproduce anything',
    messages: {
      noBugCheck: 'the script has no `bug` check, so it can never reproduce anything',
    },
  },
  RS010: {
    severity: 'error',
    summary: 'the same archive file twice',
    messages: {
      duplicateArchiveFile: 'archive file `{0}` is already defined on line {1}',
    },
  },
  RS011: {
    severity: 'error',
    summary: '`stop` or `wait output` names no background process started before it',
    messages: {
      noBackgroundProcess: 'no background process `{0}` is started before this (start it with run --bg {0} …)',
    },
  },
  RS012: {
    severity: 'error',
    summary: 'malformed ticket key',
    messages: {
      badTicketKey: 'malformed ticket key `{0}`: expected capital letters or digits, a dash and a number, e.g. SUP-1042',
    },
  },
  RS013: {
    severity: 'error',
    summary: 'shell syntax in `run`, which starts the program with no shell: an unquoted shell operator, redirection or substitution, or a first word NAME=VALUE',
    messages: {
      shellOperator: '`{0}` is a shell operator, but `run` uses no shell: `{1}` would get it as an argument; use run sh -c \'…\', or quote it',
      shellRedirect: '`{0}` is a shell redirection, but `run` uses no shell: `{1}` would get it as an argument; use run sh -c \'…\', or quote it',
      shellSubstitution: '`{0}` is a shell substitution, but `run` uses no shell: `{1}` would get it as written; use run sh -c \'…\', or quote it',
      shellAssignment: '`{0}` is a shell variable assignment, but `run` uses no shell: it would be taken as the program\'s name; put env {0} on a line before',
    },
  },
  RS101: {
    severity: 'warning',
    summary: '`sleep`',
    messages: {
      sleep: '`sleep` makes the run timing-dependent: wait for a port, a file or output instead',
    },
  },
  RS102: {
    severity: 'warning',
    summary: '`http` to a host outside loopback (even with `allow-network`)',
    messages: {
      outsideLoopback: '`{0}` is outside loopback: the run depends on the network',
      outsideLoopbackRefused: '`{0}` is outside loopback and no `allow-network` names it: the request will be refused',
    },
  },
  RS103: {
    severity: 'warning',
    summary: 'output of a time- or randomness-dependent invocation is checked or captured with no `mask` that can match that program\'s output',
    messages: {
      unmaskedOutput: 'the output of `{0}` changes from run to run and no `mask` before this can match it',
    },
  },
  RS104: {
    severity: 'warning',
    summary: 'a `duration` check',
    messages: {
      durationCheck: 'a `duration` check depends on the speed of the machine',
    },
  },
  RS105: {
    severity: 'warning',
    summary: 'a ticket key that is not in the ticket database',
    messages: {
      unknownTicket: 'ticket `{0}` is not in the ticket database',
    },
  },
  RS106: {
    severity: 'warning',
    summary: 'a host-specific absolute path in an argument',
    messages: {
      hostPath: '`{0}` is a path on one machine: put the file in the archive and use a path inside WORK',
    },
  },
} as const satisfies Record<string, CodeEntry>;

export type DiagnosticCode = keyof typeof DIAGNOSTICS;
export type MessageId<C extends DiagnosticCode> = keyof (typeof DIAGNOSTICS)[C]['messages'] & string;

/** Extra facts a quick fix needs; never part of the message. */
export interface DiagnosticData {
  /** The nearest valid word, for "did you mean". */
  suggestion?: string;
  /** The variable, file or process the diagnostic is about. */
  name?: string;
}

/** A finding about a script. `range` is 0-based with an exclusive end, as in LSP. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: Range;
  data?: DiagnosticData;
}

/** The longest piece of input a message quotes; longer input is cut with an ellipsis. */
const QUOTE_LIMIT = 40;

export function quote(input: string): string {
  return input.length > QUOTE_LIMIT ? input.slice(0, QUOTE_LIMIT - 1) + '…' : input;
}

/** The localized message of a table entry. Arguments are inserted as given (quote them first). */
export function messageOf<C extends DiagnosticCode>(code: C, id: MessageId<C>, args: readonly (string | number)[]): string {
  const template = (DIAGNOSTICS[code].messages as Record<string, string>)[id];
  return l10n.t(template, ...args);
}

/** Collects diagnostics for one text; converts spans to ranges as it goes. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  constructor(private readonly lineStarts: readonly number[]) {}

  report<C extends DiagnosticCode>(
    code: C,
    id: MessageId<C>,
    span: Span,
    args: readonly (string | number)[] = [],
    data?: DiagnosticData,
  ): void {
    let message = messageOf(code, id, args);
    if (data?.suggestion !== undefined) message += l10n.t('; did you mean `{0}`?', data.suggestion);
    const diagnostic: Diagnostic = { code, severity: DIAGNOSTICS[code].severity, message, range: rangeOf(this.lineStarts, span) };
    if (data) diagnostic.data = data;
    this.items.push(diagnostic);
  }
}

/** Orders diagnostics by position, then code: the order every adapter shows. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}
