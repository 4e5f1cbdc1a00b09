// One run of a script (spec §4–5): a fresh sandbox, the statements in order through a table of handlers, the
// outcome with a reason that names the line, the transcript and its fingerprint. Repeats are in repeat.ts.
// Invariant: whatever happens (a failed check, a timeout, a cancel, a bug in here), every process the run
// started is ended and WORK is removed (unless kept on request) before the result is returned.

import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import * as l10n from '@vscode/l10n';
import type { CommandKind, Matcher, NodeOf, Statement, Subject, Word } from '../core/ast';
import { conditionsHold, type HostFacts } from '../core/conditions';
import { parseDuration, parseInteger, partsOf } from '../core/grammar';
import { normalizeWorkPath } from '../core/paths';
import satisfies from 'semver/functions/satisfies';
import coerce from 'semver/functions/coerce';
import { BackgroundProcess } from './background';
import { BoundedCapture } from './capture';
import { describe, matches, signalStatus, toldDespiteOmission, type Observed, type Operand } from './checks';
import { sendHttp, type HttpResult } from './http';
import { Normalizer } from './normalize';
import { DEFAULT_COMMAND_TIMEOUT_MS, type PreparedScript } from './prepare';
import { endProcesses, startTime } from './processes';
import type { CheckRecord, CommandRecord, Outcome, RunDetail, RunEvent, StepRecord } from './results';
import { Sandbox, SandboxError } from './sandbox';
import { resolveProgram, START_FAILURES, type StartFailure } from './program';
import { BATCH_LIMIT, Spawner, type ExecRequest, type ExecResult, type GoOnIf } from './spawner';
import { shown, Transcript } from './transcript';
import { waitForFile, waitForOutput, waitForPort } from './wait';

export interface RunOptions {
  /** The run's number among repeats, from 1 (for events). */
  run?: number;
  /** `--env NAME=VALUE`: set on purpose by the caller. */
  env?: Readonly<Record<string, string>>;
  /** The caller's PATH; the only variable inherited. */
  path?: string;
  keepWork?: boolean;
  /** Runs the statements up to this 1-based line only ("run to here"); the outcome is judged on what ran. */
  untilLine?: number;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/** A precondition failed, or the sandbox refused: the run stops, inconclusive, for this reason. */
class Stop extends Error {
  override name = 'Stop';
}

/** The latest foreground action, which check subjects read. */
type Action =
  | { kind: 'run'; status: number; timedOut: boolean; stdout: string; stderr: string; stdoutOmitted: number; stderrOmitted: number; durationMs: number }
  | { kind: 'http'; result: HttpResult; headers: Record<string, string>; body: string; durationMs: number };

/** HTTP headers that change from response to response whatever the server does: not in the transcript. */
const VOLATILE_HEADERS = new Set(['date', 'expires', 'last-modified', 'age', 'etag', 'server', 'keep-alive', 'connection', 'transfer-encoding']);

type Handler<K extends CommandKind> = (run: Run, statement: Statement, node: NodeOf<K>) => Promise<void> | void;

/** What each statement does at run time. Directives read before the run (seed, timeout) have nothing to do. */
const HANDLERS: { [K in CommandKind]?: Handler<K> } = {
  requires: (run, s, node) => run.requires(s, node),
  env: (run, s, node) => {
    if (!node.name || !node.value) return;
    const value = run.expandParts(node.value);
    run.env[node.name] = value;
    run.spawner.setEnv(node.name, value);
    run.transcript.add(s.line + 1, `env ${node.name}=${shown(run.normalizer.text(value))}`);
  },
  mask: (run, s, node) => {
    if (!node.pattern?.regex || !node.replacement) return;
    run.normalizer.addMask(node.pattern.regex.source, node.pattern.regex.flags, run.expand(node.replacement));
    run.transcript.add(s.line + 1, `mask ${node.pattern.raw} ${node.replacement.raw}`);
  },
  'allow-network': (run, _, node) => {
    if (node.host?.value) run.allowed.push(node.host.value);
  },
  step: (run, s, node) => run.startStep(s, node.title?.value ?? ''),
  run: (run, s, node) => (node.background ? run.background(s, node) : run.foreground(s, node)),
  http: (run, s, node) => run.http(s, node),
  check: (run, s, node) => run.check(s, node.role, node.subject!, node.matcher!),
  capture: (run, s, node) => run.capture(s, node),
  set: (run, s, node) => {
    const value = run.expand(node.value!);
    run.vars.set(node.name!.value!, value);
    run.transcript.add(s.line + 1, `set ${node.name!.value} ${shown(run.normalizer.text(value))}`);
  },
  port: (run, s, node) => run.port(s, node.name!.value!),
  cd: (run, s, node) => {
    const dir = run.sandbox.resolve(run.cwd, run.expand(node.dir!));
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Stop(l10n.t('cd: {0} is not a folder', run.normalizer.text(dir)));
    run.cwd = dir;
    run.transcript.add(s.line + 1, `cd ${run.normalizer.text(dir)}`);
  },
  wait: (run, s, node) => run.wait(s, node),
  stop: async (run, s, node) => {
    const name = run.expand(node.process!);
    const process = run.backgrounds.get(name);
    if (!process) throw new Stop(l10n.t('stop: no background process {0}', name));
    await process.stop();
    run.transcript.add(s.line + 1, `stop ${name}`);
  },
  sleep: async (run, s, node) => {
    const ms = parseDuration(run.expand(node.duration!)) ?? 0;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      run.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    run.transcript.add(s.line + 1, `sleep ${node.duration!.raw}`);
  },
};

/** Runs a prepared script once. Never throws: every failure is an outcome with a reason. */
export async function runOnce(prepared: PreparedScript, options: RunOptions = {}): Promise<RunDetail> {
  const errors = prepared.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    // The first error names its line; the count says there is more to fix (`repro check` lists them all).
    const error = errors[0];
    const first = l10n.t('line {0}: {1} {2}', error.range.start.line + 1, error.code, error.message);
    const reason = errors.length > 1 ? l10n.t('{0} (errors: {1})', first, errors.length) : first;
    options.onEvent?.({ event: 'run-finished', file: prepared.file, run: options.run ?? 1, outcome: 'error', reason, fingerprint: null, durationMs: 0 });
    return { outcome: 'error', reason, fingerprint: null, durationMs: 0, steps: [], transcript: [] };
  }
  const run = new Run(prepared, options);
  return run.execute();
}

export class Run {
  sandbox!: Sandbox;
  spawner!: Spawner;
  normalizer!: Normalizer;
  readonly transcript = new Transcript();
  readonly vars = new Map<string, string>();
  env: Record<string, string> = {};
  readonly allowed: string[] = [];
  readonly backgrounds = new Map<string, BackgroundProcess>();
  cwd = '';
  private action?: Action;
  private readonly steps: StepRecord[] = [];
  private stopped?: string;
  private bugs = { executed: 0, matched: 0, firstMatched: '', firstUnmatched: '' };
  private readonly abort = new AbortController();
  private runTimedOut = false;
  private cancelled = false;
  /** Programs started ahead (see `foreground`), with the statements they belong to. */
  private batch?: { statements: Statement[]; requests: ExecRequest[]; results: AsyncGenerator<ExecResult>; next: number };
  private readonly started = performance.now();
  private since = 0;
  /**
   * The 1-based line of the statement running now, or that ran last (0 before the first; a line skipped by its
   * conditions did not run): the whole-run timeout names it, and so does "no bug check was executed" (spec §4).
   */
  private line = 0;
  private readonly number: number;

  constructor(
    private readonly prepared: PreparedScript,
    private readonly options: RunOptions,
  ) {
    this.number = options.run ?? 1;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  private emit(event: RunEvent): void {
    this.options.onEvent?.(event);
  }

  async execute(): Promise<RunDetail> {
    const file = this.prepared.file;
    this.emit({ event: 'run-started', file, run: this.number });
    const timer = setTimeout(() => {
      this.runTimedOut = true;
      this.abort.abort();
    }, this.prepared.timeoutMs);
    const onCancel = (): void => {
      this.cancelled = true;
      this.abort.abort();
    };
    if (this.options.signal?.aborted) onCancel();
    this.options.signal?.addEventListener('abort', onCancel, { once: true });
    try {
      this.sandbox = new Sandbox({ seed: this.prepared.seed, extraEnv: this.options.env, path: this.options.path });
      this.env = { ...this.sandbox.env };
      this.cwd = this.sandbox.work;
      this.normalizer = new Normalizer(this.sandbox.workPaths);
      for (const entry of this.prepared.archive) this.sandbox.writeFile(entry.path, entry.content);
      // Every foreground run and every `requires` with a range starts one program, at most once.
      const programs = this.prepared.script.statements.filter((s) => (s.node.kind === 'run' && !s.node.background) || (s.node.kind === 'requires' && s.node.range)).length;
      this.spawner = new Spawner(this.sandbox, programs);
      // Every process of the run starts after its shell: older ones cannot be the run's.
      this.since = this.spawner.pid === undefined ? 0 : startTime(this.spawner.pid);
      for (const statement of this.prepared.script.statements) {
        if (this.stopped !== undefined || this.signal.aborted) break;
        if (this.options.untilLine !== undefined && statement.line + 1 > this.options.untilLine) break;
        await this.statement(statement);
      }
    } catch (error) {
      if (!this.signal.aborted) this.stop(undefined, error);
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', onCancel);
      await this.cleanup();
    }
    return this.result();
  }

  private async statement(statement: Statement): Promise<void> {
    if (!conditionsHold(statement.conditions, this.host())) {
      this.transcript.add(statement.line + 1, 'skip');
      return;
    }
    this.line = statement.line + 1;
    const handler = HANDLERS[statement.node.kind] as Handler<typeof statement.node.kind> | undefined;
    try {
      await handler?.(this, statement, statement.node);
    } catch (error) {
      // Once the run is cancelled or out of time, that is the reason, not what the interruption broke.
      if (!this.signal.aborted) this.stop(statement, error);
    }
  }

  /** Records why the run stops (the first reason wins). */
  private stop(statement: Statement | undefined, error: unknown): void {
    if (this.stopped !== undefined) return;
    const message = error instanceof Stop || error instanceof SandboxError ? error.message : l10n.t('internal error: {0}', String((error as Error)?.message ?? error));
    this.stopped = statement ? l10n.t('line {0}: {1}', statement.line + 1, message) : message;
    // The transcript says where, not why in words: it must read the same in every language.
    this.transcript.add(statement ? statement.line + 1 : 0, 'stopped');
    if (this.steps.length > 0) this.steps[this.steps.length - 1].outcome = 'failed';
  }

  private host(): HostFacts {
    return {
      platform: process.platform,
      hasProgram: (name) => 'path' in this.resolve(name),
      env: (name) => this.env[name],
    };
  }

  /** Where a program is for the run now (its PATH, its folder), or why it cannot start. */
  private resolve(name: string): ReturnType<typeof resolveProgram> {
    return resolveProgram(name, this.cwd, this.env.PATH ?? '');
  }

  /**
   * A program the runner could not start (spec §4: not evidence, the run is inconclusive): recorded as a command
   * with no exit, its failure's code in the transcript (words differ by language, the transcript must not).
   */
  private notStarted(statement: Statement, command: string, program: string, failure: StartFailure): Stop {
    const line = statement.line + 1;
    const message = l10n.t(START_FAILURES[failure]);
    this.transcript.add(line, `run ${command}`);
    this.transcript.add(line, `not started: ${failure}`);
    this.record({ line, command, error: message });
    return new Stop(l10n.t('cannot start {0}: {1}', this.normalizer.text(program), message));
  }

  // ---- Words ----

  expand(word: Word): string {
    return this.expandParts(partsOf(word));
  }

  expandParts(parts: readonly (string | { name: string })[]): string {
    return parts.map((part) => (typeof part === 'string' ? part : this.variable(part.name))).join('');
  }

  private variable(name: string): string {
    const value = this.vars.get(name) ?? this.env[name];
    if (value === undefined) throw new Stop(l10n.t('{0} is not defined here', '${' + name + '}'));
    return value;
  }

  /** A path from the current folder that must stay inside WORK. */
  private path(word: Word): string {
    return this.sandbox.resolve(this.cwd, this.expand(word));
  }

  /** A command line as the transcript shows it: quoted where needed, then normalized. */
  private display(words: readonly string[]): string {
    return this.normalizer.text(words.map((w) => (/^[\w@%+=:,./${}-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' '));
  }

  // ---- Steps and records ----

  startStep(statement: Statement, title: string): void {
    this.steps.push({ title, line: statement.line + 1, outcome: 'passed', commands: [], checks: [] });
    this.transcript.add(statement.line + 1, `step ${shown(title)}`);
    this.emit({ event: 'step-started', file: this.prepared.file, run: this.number, line: statement.line + 1, title });
  }

  private currentStep(): StepRecord {
    if (this.steps.length === 0) this.steps.push({ title: null, line: null, outcome: 'passed', commands: [], checks: [] });
    return this.steps[this.steps.length - 1];
  }

  private record(command: CommandRecord): void {
    this.currentStep().commands.push(command);
    const { line, durationMs = 0 } = command;
    this.emit({ event: 'command-finished', file: this.prepared.file, run: this.number, line, command: command.command, exit: command.exit, status: command.status, durationMs });
  }

  private commandStarted(statement: Statement, command: string): void {
    this.emit({ event: 'command-started', file: this.prepared.file, run: this.number, line: statement.line + 1, command });
  }

  // ---- Commands ----

  async requires(statement: Statement, node: NodeOf<'requires'>): Promise<void> {
    const program = this.expand(node.program!);
    const found = this.resolve(program);
    if ('failure' in found) throw new Stop(l10n.t('requires {0}: {1}', program, l10n.t(START_FAILURES[found.failure])));
    if (node.range?.value) {
      const result = await this.spawner.exec({ argv: [program, '--version'], cwd: this.cwd, timeoutMs: DEFAULT_COMMAND_TIMEOUT_MS, env: this.env }, this.signal);
      if (result.notStarted) throw new Stop(l10n.t('requires {0}: {1}', program, l10n.t(START_FAILURES[result.notStarted])));
      const text = `${result.stdout}\n${result.stderr}`;
      const version = /\d+\.\d+(?:\.\d+)?/.exec(text)?.[0];
      if (!version) throw new Stop(l10n.t('requires {0}: no version in the output of {0} --version', program));
      if (!satisfies(coerce(version)!, node.range.value)) throw new Stop(l10n.t('requires {0} {1}: the version is {2}', program, node.range.value, version));
    }
    this.transcript.add(statement.line + 1, `requires ${program}${node.range ? ' ' + node.range.value : ''}: ok`);
  }

  private request(node: NodeOf<'run'>): ExecRequest {
    const argv = [this.expand(node.program!), ...node.args.map((a) => this.expand(a))];
    const timeoutMs = node.timeout ? parseDuration(this.expand(node.timeout)) ?? DEFAULT_COMMAND_TIMEOUT_MS : DEFAULT_COMMAND_TIMEOUT_MS;
    let stdin: string | undefined;
    if (node.stdin) {
      stdin = this.path(node.stdin);
      if (!existsSync(stdin)) throw new Stop(l10n.t('--stdin {0}: no such file', node.stdin.raw));
    }
    return { argv, cwd: this.cwd, stdin, timeoutMs, env: this.env };
  }

  async foreground(statement: Statement, node: NodeOf<'run'>): Promise<void> {
    if (this.batch?.statements[this.batch.next] !== statement) {
      await this.endBatch();
      this.startBatch(statement, node);
    }
    const batch = this.batch!;
    const request = batch.requests[batch.next++];
    const command = this.display(request.argv);
    this.commandStarted(statement, command);
    const next = await batch.results.next();
    if (next.done) throw new SandboxError(l10n.t('the program did not run'));
    const result = next.value;
    if (result.notStarted) throw this.notStarted(statement, command, request.argv[0], result.notStarted);
    const stdout = this.normalizer.text(result.stdout);
    const stderr = this.normalizer.text(result.stderr);
    this.action = { kind: 'run', status: result.status, timedOut: result.timedOut, stdout, stderr, stdoutOmitted: result.stdoutOmitted, stderrOmitted: result.stderrOmitted, durationMs: result.durationMs };
    const line = statement.line + 1;
    const exit = result.timedOut ? 'timeout' : result.status;
    this.transcript.add(line, `run ${command}`);
    this.transcript.add(line, `exit ${exit}`);
    if (stdout) this.transcript.add(line, `stdout ${shown(stdout)}`);
    if (stderr) this.transcript.add(line, `stderr ${shown(stderr)}`);
    this.record({ line, command, exit, stdout, stderr, durationMs: Math.round(result.durationMs) });
    if (this.prepared.implicitExit.has(statement)) {
      this.evaluate(statement, 'expect', 'exit 0', this.observe({ name: 'exit' }), (o) => matches('==', o, { number: 0 }), true);
    }
  }

  /**
   * Starts `statement`'s program together with the runs that follow it with nothing between them but exit
   * checks, `bug` checks on their output and steps: starting them in one go changes nothing the script can see
   * (see `batchFrom`), and saves a round trip per program.
   */
  private startBatch(statement: Statement, node: NodeOf<'run'>): void {
    const { statements, requests } = this.batchFrom(statement, this.request(node));
    this.batch = { statements, requests, results: this.spawner.execAll(requests, this.signal), next: 0 };
  }

  private async endBatch(): Promise<void> {
    const batch = this.batch;
    this.batch = undefined;
    if (batch) await batch.results.return(undefined);
  }

  /**
   * The runs that can start together with `first`. Everything a batch holds between its runs is known not to
   * stop the run except through an `expect exit`, which the shell mirrors (see `goOnIf`); so once the script
   * stops, so has the shell. A run is left out when its program is not there yet (a run before it may make it)
   * or when it reads a file (--stdin), which the runs before it could replace with a way out of WORK.
   */
  private batchFrom(first: Statement, request: ExecRequest): { statements: Statement[]; requests: ExecRequest[] } {
    const all = this.prepared.script.statements;
    const statements = [first];
    const goOn: (GoOnIf | null)[] = [this.goOnIf(first)];
    const requests = [request];
    for (let i = all.indexOf(first) + 1; i < all.length && statements.length < BATCH_LIMIT && goOn[goOn.length - 1] !== null; i++) {
      const s = all[i];
      if (s.node.kind === 'run' && !s.node.background) {
        if (!conditionsHold(s.conditions, this.host())) continue;
        let next: ExecRequest;
        try {
          next = this.request(s.node);
        } catch {
          break; // The run itself will say what is wrong when the script comes to it.
        }
        // Its program must be there already, and a --stdin path is checked just before it is used, not now.
        const found = next.stdin === undefined ? this.resolve(next.argv[0]) : undefined;
        if (!found || 'failure' in found) break;
        statements.push(s);
        requests.push({ ...next, program: found.path });
        goOn.push(this.goOnIf(s));
      } else if (!batchable(s)) break;
    }
    return { statements, requests: requests.map((r, i) => ({ ...r, goOnIf: goOn[i] ?? undefined })) };
  }

  /**
   * When a batch goes on after this run: the condition of its `expect exit` (implicit or written), or always;
   * null when no shell test can say it (a timeout, or several expectations), so the batch ends here.
   */
  private goOnIf(statement: Statement): GoOnIf | null {
    if (this.prepared.implicitExit.has(statement)) return { status: 0 };
    const all = this.prepared.script.statements;
    const expectations: GoOnIf[] = [];
    for (let i = all.indexOf(statement) + 1; i < all.length; i++) {
      const node = all[i].node;
      if (node.kind === 'run' || node.kind === 'http') break;
      if (node.kind !== 'check' || node.role !== 'expect' || node.subject?.name !== 'exit') continue;
      if (all[i].conditions.length > 0) return null;
      const m = node.matcher!;
      const value = m.operand?.value;
      if (m.op === '==' && value !== undefined) expectations.push({ status: Number(value) });
      else if (m.op === '!=' && value !== undefined) expectations.push({ notStatus: Number(value) });
      else if (m.op === 'signal' && value !== undefined && signalStatus(value) !== undefined) expectations.push({ status: signalStatus(value)! });
      else return null;
    }
    if (expectations.length > 1) return null;
    return expectations[0];
  }

  async background(statement: Statement, node: NodeOf<'run'>): Promise<void> {
    const request = this.request(node);
    const name = this.expand(node.background!);
    if (this.backgrounds.has(name)) throw new Stop(l10n.t('run --bg {0}: a background process of that name is running', name));
    // Named as the script names it, in the events, the transcript and the record alike.
    const command = `--bg ${name} ${this.display(request.argv)}`;
    this.commandStarted(statement, command);
    const found = this.resolve(request.argv[0]);
    if ('failure' in found) throw this.notStarted(statement, command, request.argv[0], found.failure);
    const process = new BackgroundProcess(request.argv, { cwd: this.cwd, env: this.env, stdin: request.stdin });
    // Node says whether exec worked before anything else happens; a failure here is the runner's, as above.
    const failed = await process.started;
    if (failed) throw this.notStarted(statement, command, request.argv[0], failed === 'EACCES' ? 'not-executable' : 'gone');
    this.backgrounds.set(name, process);
    // A background program runs until `stop` or the end of the run; a --timeout written on it ends it sooner.
    if (node.timeout) {
      const timer = setTimeout(() => void process.stop(), request.timeoutMs);
      void process.exited.then(() => clearTimeout(timer));
    }
    this.transcript.add(statement.line + 1, `run ${command}`);
    this.record({ line: statement.line + 1, command });
  }

  async http(statement: Statement, node: NodeOf<'http'>): Promise<void> {
    const url = this.expand(node.url!);
    const method = node.method!.value!;
    const headers = node.headers.map((h) => {
      const text = this.expand(h);
      const colon = text.indexOf(':');
      return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()] as [string, string];
    });
    let body: Uint8Array | undefined;
    if (node.body) body = Buffer.from(this.expand(node.body));
    if (node.bodyFile) body = readFileSync(this.path(node.bodyFile));
    const timeoutMs = node.timeout ? parseDuration(this.expand(node.timeout)) ?? DEFAULT_COMMAND_TIMEOUT_MS : DEFAULT_COMMAND_TIMEOUT_MS;
    const command = this.normalizer.text(`${method} ${url}`);
    this.commandStarted(statement, command);
    const result = await sendHttp({ method, url, headers, body, timeoutMs, allowed: this.allowed }, this.signal);
    const normalizedHeaders = Object.fromEntries(Object.entries(result.headers).map(([k, v]) => [k, this.normalizer.text(v)]));
    const text = this.normalizer.text(result.body);
    this.action = { kind: 'http', result, headers: normalizedHeaders, body: text, durationMs: result.durationMs };
    const line = statement.line + 1;
    this.transcript.add(line, `http ${command}`);
    if (result.error) this.transcript.add(line, `error ${result.error}`);
    this.transcript.add(line, `status ${result.status}`);
    for (const name of Object.keys(normalizedHeaders).sort()) {
      if (!VOLATILE_HEADERS.has(name)) this.transcript.add(line, `header ${name}: ${normalizedHeaders[name]}`);
    }
    if (text) this.transcript.add(line, `body ${shown(text)}`);
    this.record({ line, command: `http ${command}`, status: result.status, body: text, error: result.error, durationMs: Math.round(result.durationMs) });
  }

  // ---- Checks ----

  /** What a subject observes now (spec §3). */
  private observe(subject: Pick<Subject, 'name' | 'argument'>): Observed {
    const action = this.action;
    if (subject.name === 'file') {
      const path = this.path(subject.argument!);
      if (!existsSync(path)) return { kind: 'text', text: undefined };
      if (statSync(path).isDirectory()) return { kind: 'text', text: '' };
      const kept = readBounded(path);
      return { kind: 'text', text: this.normalizer.text(kept.bytes), omitted: kept.omitted };
    }
    if (!action) throw new Stop(l10n.t('{0}: no run or http before this check', subject.name));
    if (subject.name === 'duration') return { kind: 'number', value: action.durationMs, unit: 'ms' };
    if (action.kind === 'run') {
      if (subject.name === 'exit') return { kind: 'exit', status: action.status, timedOut: action.timedOut };
      if (subject.name === 'stdout') return { kind: 'text', text: action.stdout, omitted: action.stdoutOmitted };
      if (subject.name === 'stderr') return { kind: 'text', text: action.stderr, omitted: action.stderrOmitted };
      if (subject.name === 'output') return { kind: 'text', text: action.stdout + action.stderr, omitted: action.stdoutOmitted + action.stderrOmitted };
    } else {
      if (subject.name === 'status') return { kind: 'number', value: action.result.status, unit: 'status' };
      if (subject.name === 'body') return { kind: 'text', text: action.body, omitted: action.result.bodyOmitted };
      if (subject.name === 'header') return { kind: 'text', text: action.headers[this.expand(subject.argument!).toLowerCase()] ?? '' };
    }
    throw new Stop(l10n.t('{0} does not fit the latest {1}', subject.name, action.kind));
  }

  /** A matcher's operand, ready to compare. */
  private operand(matcher: Matcher): Operand {
    if (matcher.archiveFile) {
      const name = normalizeWorkPath([], matcher.archiveFile.value!.slice(1)).segments?.join('/');
      const entry = this.prepared.archive.find((a) => a.path === name);
      return { text: new TextDecoder().decode(entry?.content ?? new Uint8Array()).replace(/\r\n/g, '\n') };
    }
    const word = matcher.operand;
    if (!word) return {};
    if (word.regex) return { regex: new RegExp(word.regex.source, word.regex.flags) };
    const value = this.expand(word);
    if (matcher.op === 'signal') return { number: signalStatus(value) };
    if (matcher.op === '<' || matcher.op === '>') {
      const ms = parseDuration(value);
      if (ms !== undefined) return { number: ms };
    }
    const integer = parseInteger(value);
    return integer === undefined ? { text: value } : { text: value, number: integer };
  }

  check(statement: Statement, role: 'expect' | 'bug', subject: Subject, matcher: Matcher): void {
    const text = this.prepared.script.text.slice(subject.word.start, matcher.end);
    const operand = this.operand(matcher);
    const observed = this.observe(subject);
    const passed = matches(matcher.op, observed, operand);
    // Only 1 MiB of a stream is kept (spec §5): an answer that may hang on the bytes left out is no evidence.
    if (observed.kind === 'text' && observed.omitted && !toldDespiteOmission(matcher.op, passed)) {
      throw new Stop(l10n.t('{0} is longer than the 1 MiB kept ({1} bytes left out), so {2} {3} cannot be told', subject.name, observed.omitted, role, text));
    }
    this.evaluate(statement, role, text, observed, () => passed, false);
  }

  private evaluate(statement: Statement, role: 'expect' | 'bug', check: string, observed: Observed, test: (o: Observed) => boolean, implicit: boolean): void {
    const passed = test(observed);
    const actual = describe(observed);
    const line = statement.line + 1;
    const record: CheckRecord = { line, role, check, passed, actual };
    if (implicit) record.implicit = true;
    this.currentStep().checks.push(record);
    this.transcript.add(line, `${role} ${check}${implicit ? ' (implicit)' : ''}: ${passed ? 'ok' : 'failed'}`);
    this.emit({ event: 'check-finished', file: this.prepared.file, run: this.number, line, role, check, passed, actual });
    if (role === 'bug') {
      this.bugs.executed++;
      if (passed) {
        this.bugs.matched++;
        this.bugs.firstMatched ||= l10n.t('line {0}: bug {1} matched: {2}', line, check, actual);
        this.currentStep().outcome = 'bug';
      } else this.bugs.firstUnmatched ||= l10n.t('line {0}: bug {1} did not match: {2}', line, check, actual);
    } else if (!passed) {
      throw new Stop(l10n.t('expect {0} failed: {1}', check, actual));
    }
  }

  capture(statement: Statement, node: NodeOf<'capture'>): void {
    const observed = this.observe(node.subject!);
    const text = observed.kind === 'text' ? observed.text ?? '' : '';
    const match = new RegExp(node.pattern!.regex!.source, node.pattern!.regex!.flags).exec(text);
    if (!match) throw new Stop(l10n.t('capture {0}: {1} does not match {2}', node.name!.value!, node.pattern!.raw, shown(text, 80)));
    const value = match[1] ?? match[0];
    this.vars.set(node.name!.value!, value);
    this.transcript.add(statement.line + 1, `capture ${node.name!.value} ${shown(value)}`);
  }

  async port(statement: Statement, name: string): Promise<void> {
    const port = await freePort();
    this.vars.set(name, String(port));
    this.normalizer.addPort(port, name);
    this.transcript.add(statement.line + 1, `port ${name}`);
  }

  async wait(statement: Statement, node: NodeOf<'wait'>): Promise<void> {
    const timeoutMs = node.timeout ? parseDuration(this.expand(node.timeout)) ?? DEFAULT_COMMAND_TIMEOUT_MS : DEFAULT_COMMAND_TIMEOUT_MS;
    const target = this.expand(node.target!);
    let ok: boolean;
    if (node.what === 'port') ok = await waitForPort(Number(target), timeoutMs, this.signal);
    else if (node.what === 'file') ok = await waitForFile(this.sandbox.resolve(this.cwd, target), timeoutMs, this.signal);
    else {
      const process = this.backgrounds.get(target);
      if (!process) throw new Stop(l10n.t('wait output: no background process {0}', target));
      const operand = this.operand(node.matcher!);
      ok = await waitForOutput(process, () => matches(node.matcher!.op, { kind: 'text', text: this.normalizer.text(Buffer.concat([process.stdout.bytes(), process.stderr.bytes()])) }, operand), timeoutMs, this.signal);
    }
    const text = this.prepared.script.text.slice(statement.name.end, statement.end).trim();
    this.transcript.add(statement.line + 1, `wait ${this.normalizer.text(text)}: ${ok ? 'ok' : 'timeout'}`);
    if (!ok && !this.signal.aborted) throw new Stop(l10n.t('wait {0}: not within {1} ms', text, timeoutMs));
  }

  // ---- The end ----

  /** Every step is tried, whatever the one before it did: a failure here must not leave processes behind. */
  private async cleanup(): Promise<void> {
    const steps: (() => unknown)[] = [
      () => this.endBatch(),
      () => Promise.all([...this.backgrounds.values()].map((p) => p.stop())),
      () => this.spawner?.close(),
      // Whatever escaped its parent (a daemon, a grandchild that left the process group) still carries WORK.
      () => this.sandbox && endProcesses([], { work: this.sandbox.work, since: this.since }),
      () => this.sandbox && !this.options.keepWork && this.sandbox.remove(),
    ];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        this.stop(undefined, error);
      }
    }
  }

  /** "line N: …" for the line running now or last; a run that ran no line at all has none to name. */
  private atLine(message: string): string {
    return this.line > 0 ? l10n.t('line {0}: {1}', this.line, message) : message;
  }

  private result(): RunDetail {
    const durationMs = Math.round(performance.now() - this.started);
    let outcome: Outcome;
    let reason: string;
    if (this.runTimedOut) this.stopped ??= this.atLine(l10n.t('the run took longer than its timeout of {0} ms', this.prepared.timeoutMs));
    if (this.cancelled) this.stopped ??= this.atLine(l10n.t('the run was cancelled'));
    if (this.stopped !== undefined) {
      outcome = 'inconclusive';
      reason = this.stopped;
    } else if (this.bugs.executed === 0) {
      outcome = 'inconclusive';
      reason = this.atLine(l10n.t('no bug check was executed'));
    } else if (this.bugs.matched === this.bugs.executed) {
      outcome = 'reproduced';
      reason = this.bugs.firstMatched;
    } else {
      outcome = 'not-reproduced';
      reason = this.bugs.firstUnmatched;
    }
    const fingerprint = this.transcript.fingerprint();
    this.emit({ event: 'run-finished', file: this.prepared.file, run: this.number, outcome, reason, fingerprint, durationMs });
    const detail: RunDetail = { outcome, reason, fingerprint, durationMs, steps: this.steps, transcript: this.transcript.entries };
    if (this.options.keepWork && this.sandbox) detail.work = this.sandbox.work;
    return detail;
  }
}

/**
 * Statements a batch of runs may hold between its runs: steps, `expect exit` checks, and `bug` checks on what a
 * run printed. None reads the world (a file may change as the next run goes), and none can stop the run in a way
 * the shell does not know about: their operands are literal (no variable that could be missing).
 */
function batchable(statement: Statement): boolean {
  const node = statement.node;
  if (node.kind === 'step') return true;
  if (node.kind !== 'check' || !node.matcher) return false;
  if (node.matcher.operand && node.matcher.operand.value === undefined) return false;
  const subject = node.subject?.name;
  if (node.role === 'expect') return subject === 'exit';
  return subject === 'exit' || subject === 'stdout' || subject === 'stderr' || subject === 'output' || subject === 'duration';
}

/** A file's content, within the same bound as program output, read in chunks (a file may be huge). */
function readBounded(path: string): { bytes: Buffer; omitted: number } {
  const capture = new BoundedCapture();
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(65536);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) capture.write(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return { bytes: capture.bytes(), omitted: capture.omitted };
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
