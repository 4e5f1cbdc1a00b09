// Running programs fast: one small shell per run ("the spawner") starts every foreground program, instead of
// one Node `spawn` per command. Node forks a large process (about 1.4 ms per program here); the shell forks a
// small one (about 0.7 ms), so a script of many commands runs nearly as fast as the same commands in a shell
// script. Each program gets its own pair of pipes (named pipes made in advance), so output that a leftover
// grandchild writes after its parent exited can never leak into the next command's output.
//
// Protocol: for a batch of programs the runner writes lines like
//   [ "$_g" ] && { 'prog' 'arg' <'in' >'out' 2>'err'; _s=$?; echo "x ID $_s" >&3; [ "$_s" = 0 ] || _g=; }
// (a program whose status fails the batch's condition clears `_g`, and the rest are skipped), then
// `echo "b N" >&3`. The shell answers `x ID STATUS` as each program ends and `b N` when the batch is over.
// Invariant: the shell never interprets a program's arguments: each is a single-quoted word.

import * as l10n from '@vscode/l10n';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BoundedCapture } from './capture';
import { endProcesses, processTree } from './processes';
import { resolveProgram, type StartFailure } from './program';
import { SandboxError, type Sandbox } from './sandbox';

export interface ExecRequest {
  argv: readonly string[];
  /** Absolute folder inside WORK. */
  cwd: string;
  /** Absolute path of the file to feed to standard input; none means /dev/null. */
  stdin?: string;
  timeoutMs: number;
  /** The environment as it is now (for the PATH lookup). */
  env: Readonly<Record<string, string>>;
  /** In a batch: whether the programs after this one run (an `expect exit` that fails stops the run). */
  goOnIf?: GoOnIf;
  /** Where the program was found (program.ts); the shell checks it is still an executable file just before. */
  program?: string;
}

export interface ExecResult {
  /** As a shell reports it: a program ended by signal N has status 128+N. */
  status: number;
  timedOut: boolean;
  stdout: Buffer;
  stderr: Buffer;
  /** Bytes of each stream left out between the kept head and tail (spec §5: 1 MiB kept per stream). */
  stdoutOmitted: number;
  stderrOmitted: number;
  durationMs: number;
  /** The program never started (the runner's failure, not the program's status: `status` means nothing then). */
  notStarted?: StartFailure;
}

/** What the shell says of a program whose file was not an executable file any more when its turn came. */
const NOT_STARTED = -2;

/** Where the last bytes of a pipe are read into (then copied): one for all pipes. */
const SCRATCH = Buffer.alloc(65536);

/** A program still running after this long has its output read as it comes (see FifoReader). */
const STREAM_AFTER_MS = 5;

/** Named pipes are made at least this many at a time (one `mkfifo` for all of them). */
const FIFO_BATCH = 16;

/**
 * Set-up of the spawner shell. It runs each program as a plain command (fork, redirect, exec: the cheapest a
 * shell can do), so its own folder is the script's folder, and PWD and OLDPWD, which the shell exports, are
 * dropped after every `cd` so that programs see only the sandbox's variables.
 */
const SHELL_SETUP = 'unset PWD OLDPWD\n';

/** A word the shell takes literally. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}


/** Most programs a batch holds (each keeps two pipes open until it ran). */
export const BATCH_LIMIT = 64;

export class Spawner {
  private readonly shell: ChildProcess;
  private readonly ended = new Map<number, (status: number) => void>();
  private batchEnded?: () => void;
  private batch = 0;
  private nextId = 1;
  private fifosPlanned = 0;
  private readonly fifoRanges: { from: number; to: number; ready: Promise<void> }[] = [];
  private readonly fifoWaiters = new Map<number, () => void>();
  private closed = false;
  private failure?: Error;
  private cwd: string;

  /** `expected`: how many programs the run will start, at most; their pipes are made in one go. */
  constructor(
    private readonly sandbox: Sandbox,
    private readonly expected = FIFO_BATCH,
  ) {
    this.cwd = sandbox.work;
    if (process.platform === 'win32') throw new SandboxError(l10n.t('repro run needs a POSIX shell (/bin/sh); on Windows, run it in WSL'));
    this.shell = spawn('/bin/sh', ['-s'], { cwd: sandbox.work, env: sandbox.env, stdio: ['pipe', 'ignore', 'pipe', 'pipe'] });
    this.shell.stdin!.on('error', () => undefined);
    const shellErrors: Buffer[] = [];
    this.shell.stderr!.on('data', (chunk: Buffer) => shellErrors.length < 16 && shellErrors.push(chunk));
    createInterface({ input: this.shell.stdio[3] as NodeJS.ReadableStream }).on('line', (line) => this.message(line));
    this.shell.on('exit', (code, signal) => {
      this.failure ??= new SandboxError(l10n.t('the spawner shell ended ({0}): {1}', String(signal ?? code), Buffer.concat(shellErrors).toString().trim()));
      for (const ended of this.ended.values()) ended(-1);
      this.ended.clear();
      this.batchEnded?.();
      for (const waiter of this.fifoWaiters.values()) waiter();
    });
    this.send(SHELL_SETUP);
  }

  get pid(): number | undefined {
    return this.shell.pid;
  }

  /** Sets a variable for every later program (`env NAME=VALUE`). */
  setEnv(name: string, value: string): void {
    this.send(`export ${name}=${shellQuote(value)}\n`);
  }

  /** Moves to a folder (checked by the caller to be inside WORK) for every later program. */
  chdir(dir: string): void {
    if (dir === this.cwd) return;
    this.cwd = dir;
    this.send(`cd ${shellQuote(dir)} && unset PWD OLDPWD\n`);
  }

  /** Runs one program. */
  async exec(request: ExecRequest, signal: AbortSignal): Promise<ExecResult> {
    let result: ExecResult | undefined;
    for await (const r of this.execAll([request], signal)) result = r;
    if (!result) throw this.failure ?? new SandboxError(l10n.t('the program did not run'));
    return result;
  }

  /**
   * Runs programs one after another in a single round trip, yielding each result as it ends. A program whose
   * status fails its `goOnIf` condition is the last one run; the rest are not started (and not yielded).
   * The first program is looked for on PATH here; the caller has found the others (when it made the batch).
   */
  async *execAll(requests: readonly ExecRequest[], signal: AbortSignal): AsyncGenerator<ExecResult> {
    const started = performance.now();
    // A program that cannot start needs no shell (and its 126 or 127 would read like the program's own).
    const found = requests.length > 0 ? resolveProgram(requests[0].argv[0], requests[0].cwd, requests[0].env.PATH ?? '') : { path: '' };
    if ('failure' in found) {
      yield notStarted(found.failure);
      return;
    }
    const runnable = requests.map((request, i) => (i === 0 ? { ...request, program: found.path } : request));
    const first = this.nextId;
    this.nextId += runnable.length;
    await this.fifosFor(this.nextId - 1);
    this.check();
    const readers = runnable.map((_, i) => [new FifoReader(join(this.sandbox.io, `o${first + i}`)), new FifoReader(join(this.sandbox.io, `e${first + i}`))] as const);
    const statuses: Promise<number>[] = runnable.map((_, i) => new Promise((resolveStatus) => this.ended.set(first + i, resolveStatus)));
    const batch = ++this.batch;
    const batchDone = new Promise<void>((resolveDone) => (this.batchEnded = resolveDone));
    let timedOut = false;
    let ending: Promise<void> | undefined;
    // The shell's descendants are the running program's tree (the shell itself is spared).
    const end = (): void => {
      ending ??= endProcesses(this.shell.pid === undefined ? [] : processTree([this.shell.pid]).filter((pid) => pid !== this.shell.pid));
    };
    // A cancel or the run's timeout ends the run: the shell goes first, so no later program of the batch starts.
    const abort = (): void => {
      const programs = this.shell.pid === undefined ? [] : processTree([this.shell.pid]).filter((pid) => pid !== this.shell.pid);
      this.shell.kill('SIGKILL');
      ending ??= endProcesses(programs);
    };
    signal.addEventListener('abort', abort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    try {
      if (runnable.length > 0) {
        this.chdir(runnable[0].cwd);
        const lines = runnable.map((request, i) => {
          const command = `${request.argv.map(shellQuote).join(' ')} <${shellQuote(request.stdin ?? '/dev/null')} >${shellQuote(readers[i][0].path)} 2>${shellQuote(readers[i][1].path)}`;
          // Checked again just before it starts: a program before it in the batch may have removed it.
          const there = request.program === undefined ? 'true' : `[ -f ${shellQuote(request.program)} ] && [ -x ${shellQuote(request.program)} ]`;
          return `[ "$_g" ] && { if ${there}; then ${command}; _s=$?; echo "x ${first + i} $_s" >&3; ${stopUnless(request.goOnIf)} else echo "x ${first + i} ${NOT_STARTED}" >&3; _g=; fi; }`;
        });
        this.send(`_g=1\n${lines.join('\n')}\necho "b ${batch}" >&3\n`);
        if (signal.aborted) abort();
      }
      let start = started;
      let stopped = false;
      for (let i = 0; i < runnable.length && !stopped; i++) {
        // Programs run one after another: each one's clock starts when the one before it ended.
        timedOut = false;
        ending = undefined;
        timer = setTimeout(() => {
          timedOut = true;
          end();
        }, runnable[i].timeoutMs);
        const streaming = setTimeout(() => readers[i].forEach((reader) => reader.stream()), STREAM_AFTER_MS);
        const status = await Promise.race([statuses[i], batchDone.then(() => undefined)]);
        clearTimeout(timer);
        clearTimeout(streaming);
        await ending;
        if (status === undefined) {
          stopped = true;
          break;
        }
        this.check();
        if (status === NOT_STARTED) {
          const again = resolveProgram(runnable[i].argv[0], runnable[i].cwd, runnable[i].env.PATH ?? '');
          yield notStarted('failure' in again ? again.failure : 'gone');
          break;
        }
        const now = performance.now();
        const [stdout, stderr] = readers[i];
        yield { status, timedOut, stdout: stdout.finish(), stderr: stderr.finish(), stdoutOmitted: stdout.omitted, stderrOmitted: stderr.omitted, durationMs: now - start };
        start = now;
        stopped = !goesOn(runnable[i].goOnIf, status);
      }
      if (runnable.length > 0) await batchDone;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      for (let i = 0; i < runnable.length; i++) this.ended.delete(first + i);
      for (const pair of readers) for (const reader of pair) reader.close();
      await ending;
    }
  }

  /** Ends the shell (its own children were ended by the caller). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise((resolveExit) => (this.shell.exitCode !== null || this.shell.signalCode !== null ? resolveExit(undefined) : this.shell.once('exit', resolveExit)));
    this.shell.stdin!.end();
    this.shell.kill('SIGKILL');
    await exited;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private send(text: string): void {
    if (!this.closed) this.shell.stdin!.write(text);
  }

  private message(line: string): void {
    const [kind, idText, value] = line.split(' ');
    if (kind === 'x') this.ended.get(Number(idText))?.(Number(value));
    else if (kind === 'b' && Number(idText) === this.batch) this.batchEnded?.();
    else if (kind === 'm') {
      this.fifoWaiters.get(Number(idText))?.();
      this.fifoWaiters.delete(Number(idText));
    }
  }

  /**
   * Makes named pipes ahead. The first batch's come from the shell at once; the rest the run will need are made
   * meanwhile by a `mkfifo` of their own, on the other core, while the first programs run.
   */
  private async fifosFor(last: number): Promise<void> {
    if (this.fifosPlanned === 0) {
      const first = Math.max(last, Math.min(this.expected, BATCH_LIMIT));
      this.makeFifos(1, first, true);
      if (this.expected > first) this.makeFifos(first + 1, this.expected, false);
    }
    if (last > this.fifosPlanned) this.makeFifos(this.fifosPlanned + 1, Math.max(last, this.fifosPlanned + FIFO_BATCH), true);
    await Promise.all(this.fifoRanges.filter((range) => range.from <= last).map((range) => range.ready));
  }

  private makeFifos(from: number, to: number, viaShell: boolean): void {
    const paths: string[] = [];
    for (let n = from; n <= to; n++) paths.push(join(this.sandbox.io, `o${n}`), join(this.sandbox.io, `e${n}`));
    const ready = viaShell
      ? new Promise<void>((resolveMade) => {
          this.fifoWaiters.set(to, resolveMade);
          this.send(`mkfifo ${paths.map(shellQuote).join(' ')}; echo "m ${to}" >&3\n`);
        })
      : new Promise<void>((resolveMade) => execFile('mkfifo', paths, () => resolveMade()));
    this.fifoRanges.push({ from, to, ready });
    this.fifosPlanned = to;
  }
}

function notStarted(failure: StartFailure): ExecResult {
  return { status: 127, timedOut: false, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), stdoutOmitted: 0, stderrOmitted: 0, durationMs: 0, notStarted: failure };
}

/** When a batch goes on after a program: always, or when its status is (or is not) a value. */
export type GoOnIf = { status: number } | { notStatus: number } | undefined;

/** The shell test that ends a batch after a program whose status fails the condition. */
function stopUnless(goOnIf: GoOnIf): string {
  if (!goOnIf) return '';
  return 'status' in goOnIf ? `[ "$_s" = ${goOnIf.status} ] || _g=;` : `[ "$_s" != ${goOnIf.notStatus} ] || _g=;`;
}

function goesOn(goOnIf: GoOnIf, status: number): boolean {
  if (!goOnIf) return true;
  return 'status' in goOnIf ? status === goOnIf.status : status !== goOnIf.notStatus;
}

/**
 * The read end of a program's named pipe. Opened read-write, so that it never sees an end of file before the
 * program opened it; the end of the output is the program's exit, after which what the pipe still holds is
 * read, and the pipe is closed (a leftover writer then gets SIGPIPE, not a reader).
 * Most programs end at once and print less than a pipe holds: their output is read after they end. Only a
 * program still running after `STREAM_AFTER_MS` gets its output read as it comes (it may be waiting for room).
 */
class FifoReader {
  private readonly fd: number;
  private socket?: Socket;
  private readonly capture = new BoundedCapture();
  private open = true;

  constructor(readonly path: string) {
    this.fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
  }

  /** From now on, output is read as it arrives. */
  stream(): void {
    if (this.socket || !this.open) return;
    this.socket = new Socket({ fd: this.fd, readable: true, writable: false });
    this.socket.on('data', (chunk: Buffer) => this.capture.write(chunk));
    this.socket.on('error', () => undefined);
  }

  /** Bytes left out of what `finish` returns. */
  get omitted(): number {
    return this.capture.omitted;
  }

  /** Everything written before the program ended. */
  finish(): Buffer {
    if (this.socket) {
      this.socket.pause();
      for (let chunk = this.socket.read() as Buffer | null; chunk !== null; chunk = this.socket.read() as Buffer | null) this.capture.write(chunk);
    }
    for (;;) {
      let n = 0;
      try {
        n = readSync(this.fd, SCRATCH, 0, SCRATCH.length, null);
      } catch {
        break; // EAGAIN: nothing more is waiting.
      }
      if (n <= 0) break;
      this.capture.write(SCRATCH.subarray(0, n));
    }
    return this.capture.bytes();
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    if (this.socket) this.socket.destroy();
    else closeSync(this.fd);
  }
}
