// The checker: what a parsed script means, walked in order (spec §3–§6). It reports RS004–RS013 and the
// warnings RS101–RS106; the parser has already reported RS001–RS003.
// Invariant: the checker is a pure function of the tree and the options; it never throws.

import type { CommandKind, NodeOf, Script, ScriptFrame, Statement, Subject, Word } from './ast';
import { scan, type ParseOptions } from './parse';
import { SANDBOX_VARIABLES, TICKET_KEY } from './commands';
import { compareDiagnostics, DiagnosticSink, quote, type Diagnostic } from './diagnostics';
import { isLoopbackHost, normalizeWorkPath, urlHost } from './paths';
import { PROCESS_NAME } from './grammar';
import { SUBJECT_BY_NAME } from './subjects';
import { lineContentEnd, type Span } from './text';
import { shellSyntax } from './shell';
import { maskFits, volatileProgram } from './volatile';

export interface CheckOptions {
  /**
   * RS105: whether the ticket database knows a key; `undefined` (or no function) when no database is at hand.
   * Injected so that the core never opens the desk itself.
   */
  lookupTicket?: (key: string) => boolean | undefined;
  /** Variables set from outside the script, e.g. by `repro run --env NAME=VALUE`. */
  predefined?: Iterable<string>;
}

/** Parse diagnostics plus the checker's, in position order: what `repro check` and the server report. */
export function validate(script: Script, options: CheckOptions = {}): Diagnostic[] {
  return [...script.diagnostics, ...check(script, options)].sort(compareDiagnostics);
}

/**
 * The same diagnostics as `validate(parse(text))`, read in one pass that keeps no tree: each statement is
 * checked as it is read and then dropped, so memory stays bounded and time linear in the length of the text.
 */
export function validateText(text: string, options: CheckOptions & ParseOptions = {}): Diagnostic[] {
  const scanned = scan(text, options);
  const checker = new Checker(scanned.frame, options);
  scanned.items((item) => {
    if (item.type === 'statement') checker.statement(item);
  });
  checker.finish();
  return [...scanned.diagnostics, ...checker.sink.items].sort(compareDiagnostics);
}

/** The checker's findings alone (RS004–RS106). */
export function check(script: Script, options: CheckOptions = {}): Diagnostic[] {
  const checker = new Checker(script, options);
  for (const statement of script.statements) checker.statement(statement);
  checker.finish();
  return checker.sink.items;
}

/** `/home/…`, `/Users/…`, `/root/…`, `C:\…`: a file on the author's machine, at the start or after `=`. */
const HOST_PATH = /(^|[=,:;\s])(\/home\/|\/Users\/|\/root\/|[A-Za-z]:\\)/;

/** The latest foreground action, which check subjects refer to (spec §3). */
interface Action {
  /** `unknown` after an unknown command: it may have been an action, so no check is blamed for it. */
  kind: 'run' | 'http' | 'unknown';
  /** A program whose output changes from run to run (RS103). */
  volatile?: string;
}

type Handler<K extends CommandKind> = (c: Checker, statement: Statement, node: NodeOf<K>) => void;

/** What each command means to the checker; a command missing here has nothing to check beyond its syntax. */
const HANDLERS: { [K in CommandKind]?: Handler<K> } = {
  ticket: (c, _, node) => {
    const key = node.key;
    if (key?.value === undefined) return;
    if (!TICKET_KEY.test(key.value)) c.sink.report('RS012', 'badTicketKey', key, [quote(key.raw)]);
    else if (c.options.lookupTicket?.(key.value) === false) c.sink.report('RS105', 'unknownTicket', key, [key.value]);
  },
  env: (c, _, node) => {
    if (node.name) c.defined.add(node.name);
    c.hostPath(node.assignment);
  },
  mask: (c, _, node) => {
    const regex = node.pattern?.regex;
    if (!regex) return;
    try {
      c.masks.push(new RegExp(regex.source, regex.flags));
    } catch {
      // An invalid pattern is RS003 already; it masks nothing.
    }
  },
  'allow-network': (c, _, node) => {
    if (node.host?.value) c.allowedHosts.push(node.host.value);
  },
  run: (c, _, node) => {
    c.archivePath(node.stdin);
    c.hostPath(node.program);
    for (const arg of node.args) c.hostPath(arg);
    const shell = shellSyntax(node.program, node.args);
    if (shell) c.sink.report('RS013', shell.kind, shell.word, [quote(shell.word.raw), quote(node.program?.raw ?? '')], { name: shell.kind });
    if (node.background) {
      if (node.background.value) c.background.add(node.background.value);
    } else c.action = { kind: 'run', volatile: volatileProgram(node.program, node.args) };
  },
  http: (c, _, node) => {
    c.archivePath(node.bodyFile);
    c.hostPath(node.body);
    const host = node.url && urlHost(node.url);
    if (node.url && host && !isLoopbackHost(host.name)) {
      const allowed = c.allowedHosts.some((a) => a === host.name || a === `${host.name}:${host.port}`);
      c.sink.report('RS102', allowed ? 'outsideLoopback' : 'outsideLoopbackRefused', node.url, [quote(host.name)]);
    }
    c.action = { kind: 'http' };
  },
  check: (c, statement, node) => {
    c.subject(statement, node.subject);
    const ref = node.matcher?.archiveFile;
    if (ref?.value !== undefined) c.archiveRef(ref, ref.value.slice(1));
    if (node.role === 'bug') c.bugChecks++;
  },
  capture: (c, statement, node) => {
    c.subject(statement, node.subject);
    if (node.name?.value) c.defined.add(node.name.value);
  },
  set: (c, _, node) => {
    c.hostPath(node.value);
    if (node.name?.value) c.defined.add(node.name.value);
  },
  port: (c, _, node) => {
    if (node.name?.value) c.defined.add(node.name.value);
  },
  cd: (c, _, node) => {
    if (node.dir?.value === undefined) c.cwd = null;
    else {
      // An unsafe `cd` is reported and does not move the checker, so later paths are judged from where they are.
      const segments = c.path(node.dir);
      if (segments || c.cwd === null) c.cwd = segments;
    }
  },
  wait: (c, _, node) => {
    if (node.what === 'file') c.path(node.target);
    if (node.what === 'output') c.process(node.target);
  },
  stop: (c, _, node) => c.process(node.process),
  sleep: (c, statement) => c.sink.report('RS101', 'sleep', statement.name),
  unknown: (c) => {
    c.action = { kind: 'unknown' };
  },
};

class Checker {
  readonly sink: DiagnosticSink;
  readonly defined: Set<string>;
  readonly background = new Set<string>();
  readonly archiveNames: Set<string>;
  /** Hosts that `allow-network` permits: header directives, read before any `http` of a valid script. */
  readonly allowedHosts: string[] = [];
  action: Action | undefined;
  /** The `mask` patterns so far: a mask applies from its line on. */
  readonly masks: RegExp[] = [];
  /** The current directory inside WORK, as far as the text tells (null after `cd ${DIR}`). */
  cwd: string[] | null = [];
  bugChecks = 0;
  private inBody = false;
  private firstCommand: Statement | undefined;

  constructor(
    private readonly script: ScriptFrame,
    readonly options: CheckOptions,
  ) {
    this.sink = new DiagnosticSink(script.lineStarts);
    this.defined = new Set([...SANDBOX_VARIABLES, ...(options.predefined ?? [])]);
    this.archiveNames = this.checkArchive();
  }

  statement(statement: Statement): void {
    const { spec, node } = statement;
    this.variables(statement);
    if (spec?.placement === 'header' && this.inBody) this.sink.report('RS004', 'headerOnly', statement.name, [spec.name]);
    if (spec?.kind === 'command') {
      this.inBody = true;
      this.firstCommand ??= statement;
    }
    const handler = HANDLERS[node.kind] as Handler<typeof node.kind> | undefined;
    handler?.(this, statement, node);
  }

  finish(): void {
    if (this.bugChecks > 0) return;
    const span: Span = this.firstCommand?.name ?? { start: 0, end: lineContentEnd(this.script.text, this.script.lineStarts, 0) };
    this.sink.report('RS009', 'noBugCheck', span);
  }

  /** RS006: a reference must follow a definition; `[env:NAME]` on the line defines NAME for that line. */
  private variables(statement: Statement): void {
    for (const word of statement.words) {
      if (!word.parts) continue;
      for (const part of word.parts) {
        if (typeof part === 'string' || this.defined.has(part.name)) continue;
        if (statement.conditions.some((c) => c.name === 'env' && !c.negated && c.argument === part.name)) continue;
        this.sink.report('RS006', 'undefinedVariable', part, ['${' + part.name + '}'], { name: part.name });
      }
    }
  }

  /** RS005, RS103, RS104 for the subject of a check or capture; RS008 for `file PATH`. */
  subject(statement: Statement, subject: Subject | undefined): void {
    if (!subject) return;
    const spec = SUBJECT_BY_NAME.get(subject.name)!;
    const action = this.action;
    if (spec.source === 'none') this.path(subject.argument);
    else if (action?.kind === 'unknown') return;
    else if (!action) this.sink.report('RS005', this.background.size > 0 ? 'onlyBackground' : 'nothingToCheck', subject.word, [subject.name]);
    else if (spec.source !== 'action' && spec.source !== action.kind) {
      this.sink.report('RS005', 'wrongAction', subject.word, [subject.name, action.kind, spec.source]);
    } else if (spec.text && action.volatile !== undefined && !this.masked(action.volatile)) {
      this.sink.report('RS103', 'unmaskedOutput', { start: statement.name.start, end: subject.word.end }, [action.volatile], { name: action.volatile });
    }
    if (subject.name === 'duration') this.sink.report('RS104', 'durationCheck', subject.word);
  }

  /** RS103 is silenced only by a mask that can match the program's output. */
  private masked(program: string): boolean {
    return this.masks.some((mask) => maskFits(program, mask));
  }

  /** RS008 for a path taken from the current directory; returns its segments from WORK when known. */
  path(word: Word | undefined): string[] | null {
    if (word?.value === undefined) return null;
    const resolved = normalizeWorkPath(this.cwd, word.value);
    if (resolved.absolute) this.sink.report('RS008', 'absolutePath', word, [quote(word.raw)]);
    else if (resolved.escapes) this.sink.report('RS008', 'leavesWork', word, [quote(word.raw)]);
    return resolved.segments;
  }

  /** `--stdin FILE`, `--body-file FILE`: a path from the current directory that must name an archive file. */
  archivePath(word: Word | undefined): void {
    const segments = this.path(word);
    if (word && segments && !this.archiveNames.has(segments.join('/'))) {
      this.sink.report('RS007', 'noArchiveFile', word, [quote(word.raw)], { name: segments.join('/') });
    }
  }

  /** `== @FILE`: FILE names an archive file as its marker does. */
  archiveRef(word: Word, name: string): void {
    const resolved = normalizeWorkPath([], name);
    if (resolved.segments && !this.archiveNames.has(resolved.segments.join('/'))) {
      this.sink.report('RS007', 'noArchiveFile', word, [quote(word.raw)], { name });
    }
  }

  /** RS106 */
  hostPath(word: Word | undefined): void {
    if (word?.value !== undefined && HOST_PATH.test(word.value)) this.sink.report('RS106', 'hostPath', word, [quote(word.raw)]);
  }

  /** RS011: `stop` and `wait output` need a background process started earlier. */
  process(word: Word | undefined): void {
    // A malformed name is RS002 already; that no process has it follows from that.
    if (word?.value !== undefined && PROCESS_NAME.test(word.value) && !this.background.has(word.value)) {
      this.sink.report('RS011', 'noBackgroundProcess', word, [word.value], { name: word.value });
    }
  }

  /** RS008 and RS010 over the archive's names; returns the normalized names of its files. */
  private checkArchive(): Set<string> {
    const names = new Map<string, number>();
    for (const file of this.script.archive?.files ?? []) {
      if (file.name === '') continue;
      const resolved = normalizeWorkPath([], file.name);
      if (resolved.absolute) this.sink.report('RS008', 'absolutePath', file.nameSpan, [quote(file.name)]);
      else if (resolved.escapes || !resolved.segments?.length) this.sink.report('RS008', 'leavesWork', file.nameSpan, [quote(file.name)]);
      else {
        const key = resolved.segments.join('/');
        const first = names.get(key);
        if (first !== undefined) this.sink.report('RS010', 'duplicateArchiveFile', file.nameSpan, [quote(file.name), first + 1], { name: key });
        else names.set(key, file.line);
      }
    }
    return new Set(names.keys());
  }
}
