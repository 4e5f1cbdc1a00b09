// The command table: every directive and command of the language (spec §3), with its form, its one-line
// doc and the function that reads its arguments. The parser, the checker, the runner, `repro help`, and the
// language server's completion and hover all read this one table.

import validRange from 'semver/ranges/valid';
import type { CommandNode, NodeOf, Word, WordPart } from './ast';
import { quote } from './diagnostics';
import {
  checkDuration,
  checkInteger,
  checkOneOf,
  checkProcessName,
  checkStatic,
  checkVariableName,
  partsOf,
  type ArgReader,
  type FlagSpec,
} from './grammar';
import { VARIABLE_NAME } from './scanner';
import { readMatcher, readSubject, SUBJECT_BY_NAME } from './subjects';
import { nearest } from './suggest';

export interface CommandSpec {
  name: string;
  kind: 'directive' | 'command';
  /** `header`: only before the first command; `anywhere`: header or body (`env`, `mask`); `body`: a command. */
  placement: 'header' | 'anywhere' | 'body';
  /** Whether `[COND]` prefixes may guard the line. */
  conditional: boolean;
  usage: string;
  summary: string;
  example: string;
  flags?: readonly FlagSpec[];
  /** Reads the arguments after the name; reports problems through the reader; never throws. */
  read(r: ArgReader): CommandNode;
}

export const HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
export const WAIT_KINDS: readonly string[] = ['port', 'file', 'output'];
export const TICKET_KEY = /^[A-Z][A-Z0-9]{0,9}-[1-9][0-9]*$/;

const RUN_FLAGS: readonly FlagSpec[] = [
  { name: '--timeout', value: 'D', summary: 'limit for this program (default 10s); then its whole process tree is ended' },
  { name: '--stdin', value: 'FILE', summary: 'feeds an archive file to the standard input' },
  { name: '--bg', value: 'NAME', summary: 'starts the program in the background under NAME' },
];

const HTTP_FLAGS: readonly FlagSpec[] = [
  { name: '--header', value: '"Name: value"', summary: 'adds a request header', repeatable: true },
  { name: '--body', value: 'TEXT', summary: 'the request body' },
  { name: '--body-file', value: 'FILE', summary: 'the request body, from an archive file' },
  { name: '--timeout', value: 'D', summary: 'limit for the request (default 10s)' },
];

const WAIT_FLAGS: readonly FlagSpec[] = [{ name: '--timeout', value: 'D', summary: 'how long to wait (default 10s)' }];

const HEADER = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/;
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:(\d{1,5}))?$/;

/**
 * A directive or command with exactly one argument, which must not hold `${NAME}` when `fixed`. The value is
 * read by `read` and judged by `validate` before the line's end is, so that a bad value is the one report.
 */
function single(r: ArgReader, what: string, fixed: boolean, validate?: (r: ArgReader, word: Word | undefined) => void, read = (): Word | undefined => r.required(what)): Word | undefined {
  const word = read();
  if (fixed) checkStatic(r, word);
  validate?.(r, word);
  r.end();
  return word;
}

function first(words: Word[] | undefined): Word | undefined {
  return words?.[0];
}

function readRequires(r: ArgReader): CommandNode {
  const program = r.required('PROGRAM');
  checkStatic(r, program);
  const words = r.rest();
  if (!program || words.length === 0) return { kind: 'requires', program };
  for (const w of words) checkStatic(r, w);
  const value = words.map((w) => w.value ?? w.raw).join(' ');
  const range: Word = { start: words[0].start, end: words[words.length - 1].end, raw: words.map((w) => w.raw).join(' '), value, quoted: false };
  if (validRange(value) === null) r.report('RS002', 'badVersionRange', range, [quote(range.raw)]);
  return { kind: 'requires', program, range };
}

function readEnv(r: ArgReader): CommandNode {
  const assignment = r.required('NAME=VALUE');
  r.end();
  if (!assignment) return { kind: 'env' };
  const parts = partsOf(assignment);
  const head = parts[0];
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(assignment.raw);
  if (!match || typeof head !== 'string' || !head.startsWith(match[0])) {
    r.report('RS002', 'badEnv', assignment, [quote(assignment.raw)]);
    return { kind: 'env', assignment };
  }
  const value: WordPart[] = [head.slice(match[0].length), ...parts.slice(1)].filter((p) => p !== '');
  return { kind: 'env', assignment, name: match[1], value };
}

function checkHost(r: ArgReader, host: Word | undefined): void {
  if (host?.value === undefined) return;
  const match = HOST.exec(host.value);
  if (!match || (match[4] !== undefined && (Number(match[4]) < 1 || Number(match[4]) > 65535))) r.report('RS002', 'badHost', host, [quote(host.raw)]);
}

function readHost(r: ArgReader): CommandNode {
  return { kind: 'allow-network', host: single(r, 'HOST[:PORT]', true, checkHost) };
}

function readRun(r: ArgReader): CommandNode {
  const flags = r.flags(RUN_FLAGS, true);
  const timeout = first(flags.get('--timeout'));
  checkDuration(r, timeout);
  const background = first(flags.get('--bg'));
  checkProcessName(r, background);
  const program = r.required('PROGRAM');
  if (program?.value === '') r.report('RS002', 'emptyProgram', program);
  return { kind: 'run', timeout, stdin: first(flags.get('--stdin')), background, program, args: r.rest() };
}

function readHttp(r: ArgReader): CommandNode {
  const method = r.required('METHOD');
  checkStatic(r, method);
  checkOneOf(r, method, HTTP_METHODS, 'unknownMethod');
  const url = r.required('URL');
  if (url) {
    const head = partsOf(url)[0];
    const valid = url.value !== undefined ? isHttpUrl(url.value) : typeof head !== 'string' || /^https?:\/\//.test(head);
    if (!valid) r.report('RS002', 'badUrl', url, [quote(url.raw)]);
  }
  const flags = r.flags(HTTP_FLAGS, false);
  const headers = flags.get('--header') ?? [];
  for (const header of headers) {
    if (header.value !== undefined && !HEADER.test(header.value)) r.report('RS002', 'badHeader', header, [quote(header.raw)]);
  }
  const body = first(flags.get('--body'));
  const bodyFile = first(flags.get('--body-file'));
  if (body && bodyFile) r.report('RS002', 'bodyConflict', bodyFile);
  const timeout = first(flags.get('--timeout'));
  checkDuration(r, timeout);
  return { kind: 'http', method, url, headers, body, bodyFile, timeout };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function readCheck(role: 'expect' | 'bug'): (r: ArgReader) => CommandNode {
  return (r) => {
    const subject = readSubject(r, false);
    // After an unknown subject, the rest of the line cannot be judged: it is read without more reports.
    if (!subject) r.rest();
    const matcher = subject ? readMatcher(r, SUBJECT_BY_NAME.get(subject.name)!, subject.argument ?? subject.word) : undefined;
    r.end();
    return { kind: 'check', role, subject, matcher };
  };
}

function readCapture(r: ArgReader): CommandNode {
  const name = r.required('NAME');
  checkVariableName(r, name);
  const subject = name && readSubject(r, true);
  if (!subject) r.rest();
  const pattern = subject ? r.regex() : undefined;
  if (subject && !pattern) r.missing('/REGEX/');
  r.end();
  return { kind: 'capture', name, subject: subject || undefined, pattern };
}

function readWait(r: ArgReader): CommandNode {
  let flags = r.flags(WAIT_FLAGS, true);
  const kind = r.required('port N | file PATH | output NAME MATCHER');
  const node: NodeOf<'wait'> = { kind: 'wait' };
  if (kind && (kind.quoted || !WAIT_KINDS.includes(kind.raw))) {
    r.report('RS002', 'unknownWaitKind', kind, [quote(kind.raw)], nearest(kind.raw, WAIT_KINDS));
    r.rest();
  } else if (kind) {
    node.what = kind.raw as 'port' | 'file' | 'output';
    node.target = r.required({ port: 'N', file: 'PATH', output: 'NAME' }[node.what]);
    if (node.what === 'port') checkInteger(r, node.target, 1, 65535);
    if (node.what === 'output') {
      checkProcessName(r, node.target);
      if (node.target) node.matcher = readMatcher(r, SUBJECT_BY_NAME.get('output')!, node.target);
    }
    flags = r.flags(WAIT_FLAGS, false, flags);
  }
  node.timeout = first(flags.get('--timeout'));
  checkDuration(r, node.timeout);
  return node;
}

function named(kind: 'set' | 'port'): (r: ArgReader) => CommandNode {
  return (r) => {
    const name = r.required('NAME');
    checkVariableName(r, name);
    if (kind === 'port') {
      r.end();
      return { kind, name };
    }
    const value = r.required('VALUE');
    r.end();
    return { kind, name, value };
  };
}


export const COMMANDS: readonly CommandSpec[] = [
  // Directives.
  {
    name: 'ticket', kind: 'directive', placement: 'header', conditional: false,
    usage: 'ticket KEY', summary: 'links the script to a ticket (repeatable)', example: 'ticket SUP-1042',
    read: (r) => ({ kind: 'ticket', key: single(r, 'KEY', true) }),
  },
  {
    name: 'title', kind: 'directive', placement: 'header', conditional: false,
    usage: 'title "text"', summary: 'the title of the script; by default, its first comment line', example: 'title "Export crashes on non-ASCII names"',
    read: (r) => ({ kind: 'title', text: single(r, '"text"', true) }),
  },
  {
    name: 'requires', kind: 'directive', placement: 'header', conditional: false,
    usage: 'requires PROGRAM [RANGE]',
    summary: 'preflight: PROGRAM is on PATH and the version in its --version output satisfies RANGE; otherwise the run is inconclusive',
    example: 'requires acme >=2.3 <3', read: readRequires,
  },
  {
    name: 'timeout', kind: 'directive', placement: 'header', conditional: false,
    usage: 'timeout DURATION', summary: 'limit for the whole run (default 60s)', example: 'timeout 30s',
    read: (r) => ({ kind: 'timeout', duration: single(r, 'DURATION', true, checkDuration, () => r.duration()) }),
  },
  {
    name: 'seed', kind: 'directive', placement: 'header', conditional: false,
    usage: 'seed INTEGER', summary: 'exported as REPRO_SEED (default 1)', example: 'seed 7',
    read: (r) => ({ kind: 'seed', seed: single(r, 'INTEGER', true, (r, w) => checkInteger(r, w, 0, Number.MAX_SAFE_INTEGER)) }),
  },
  {
    name: 'env', kind: 'directive', placement: 'anywhere', conditional: true,
    usage: 'env NAME=VALUE', summary: 'sets an environment variable for the commands after it', example: 'env GREETING="a b"',
    read: readEnv,
  },
  {
    name: 'mask', kind: 'directive', placement: 'anywhere', conditional: true,
    usage: 'mask /REGEX/ "REPLACEMENT"', summary: 'replaces every match of REGEX in all captured output from here on',
    example: 'mask /\\d{4}-\\d\\d-\\d\\d/ "<date>"',
    read: (r) => {
      const pattern = r.regex();
      if (!pattern) r.missing('/REGEX/');
      const replacement = pattern && r.required('"REPLACEMENT"');
      r.end();
      return { kind: 'mask', pattern, replacement: replacement || undefined };
    },
  },
  {
    name: 'allow-network', kind: 'directive', placement: 'header', conditional: false,
    usage: 'allow-network HOST[:PORT]', summary: 'permits http to a host outside loopback', example: 'allow-network api.example.com:443',
    read: readHost,
  },
  // Commands.
  {
    name: 'step', kind: 'command', placement: 'body', conditional: false,
    usage: 'step "Title"', summary: 'starts the next numbered step; its title is a step to reproduce in reports', example: 'step "Export the monthly report"',
    read: (r) => ({ kind: 'step', title: single(r, '"Title"', true) }),
  },
  {
    name: 'run', kind: 'command', placement: 'body', conditional: true, flags: RUN_FLAGS,
    usage: 'run [--timeout D] [--stdin FILE] [--bg NAME] PROGRAM ARG…',
    summary: 'runs a program directly, with no shell (use run sh -c \'…\' for one); default timeout 10s', example: 'run acme init --db data.db',
    read: readRun,
  },
  {
    name: 'http', kind: 'command', placement: 'body', conditional: true, flags: HTTP_FLAGS,
    usage: 'http METHOD URL [--header "Name: value"]… [--body TEXT | --body-file FILE] [--timeout D]',
    summary: 'sends one HTTP request; loopback only, unless allow-network names the host', example: 'http GET http://127.0.0.1:${PORT}/health',
    read: readHttp,
  },
  {
    name: 'expect', kind: 'command', placement: 'body', conditional: true,
    usage: 'expect SUBJECT MATCHER', summary: 'a precondition: if it fails, the run stops and is inconclusive', example: 'expect stdout contains "created"',
    read: readCheck('expect'),
  },
  {
    name: 'bug', kind: 'command', placement: 'body', conditional: true,
    usage: 'bug SUBJECT MATCHER', summary: 'a symptom of the defect: recorded, and the run goes on', example: 'bug stderr ~ /UnicodeEncodeError/',
    read: readCheck('bug'),
  },
  {
    name: 'capture', kind: 'command', placement: 'body', conditional: true,
    usage: 'capture NAME SUBJECT /REGEX/', summary: 'stores the first group (or the whole match) of REGEX in SUBJECT as ${NAME}',
    example: 'capture ID stdout /id: (\\d+)/', read: readCapture,
  },
  {
    name: 'set', kind: 'command', placement: 'body', conditional: true,
    usage: 'set NAME VALUE', summary: 'sets ${NAME}', example: 'set USER "Zoë Müller"', read: named('set'),
  },
  {
    name: 'port', kind: 'command', placement: 'body', conditional: true,
    usage: 'port NAME', summary: 'allocates a free TCP port on 127.0.0.1 into ${NAME}', example: 'port PORT', read: named('port'),
  },
  {
    name: 'cd', kind: 'command', placement: 'body', conditional: true,
    usage: 'cd DIR', summary: 'changes the current directory, inside WORK', example: 'cd project',
    read: (r) => ({ kind: 'cd', dir: single(r, 'DIR', false) }),
  },
  {
    name: 'wait', kind: 'command', placement: 'body', conditional: true, flags: WAIT_FLAGS,
    usage: 'wait port N | wait file PATH | wait output NAME MATCHER [--timeout D]',
    summary: 'waits for a port to accept connections, a file to appear or a background process to print something (default 10s)',
    example: 'wait port ${PORT}', read: readWait,
  },
  {
    name: 'stop', kind: 'command', placement: 'body', conditional: true,
    usage: 'stop NAME', summary: 'ends a background process', example: 'stop server',
    read: (r) => ({ kind: 'stop', process: single(r, 'NAME', false, checkProcessName) }),
  },
  {
    name: 'sleep', kind: 'command', placement: 'body', conditional: true,
    usage: 'sleep DURATION', summary: 'pauses; allowed, but flagged: timing makes runs flaky', example: 'sleep 1s',
    read: (r) => ({ kind: 'sleep', duration: single(r, 'DURATION', false, checkDuration, () => r.duration()) }),
  },
];

export const COMMAND_BY_NAME: ReadonlyMap<string, CommandSpec> = new Map(COMMANDS.map((c) => [c.name, c]));

/**
 * Environment variables the sandbox always sets (spec §5), so `${NAME}` of them is always defined; each with
 * what it is set to, as hover explains it: a literal value, or words.
 */
export const SANDBOX_DOCS: Record<string, { value: string } | { summary: string }> = {
  PATH: { summary: 'the caller\'s PATH (the one variable inherited)' },
  HOME: { value: '$WORK/.home' },
  TMPDIR: { value: '$WORK/.tmp' },
  TZ: { value: 'UTC' },
  LANG: { value: 'C.UTF-8' },
  LC_ALL: { value: 'C.UTF-8' },
  SOURCE_DATE_EPOCH: { value: '946684800' },
  REPRO_SEED: { summary: 'the `seed` directive (default 1)' },
  WORK: { summary: 'the run\'s fresh folder, where programs start' },
  NO_COLOR: { value: '1' },
  TERM: { value: 'dumb' },
};

export const SANDBOX_VARIABLES: readonly string[] = Object.keys(SANDBOX_DOCS);

export { VARIABLE_NAME };
