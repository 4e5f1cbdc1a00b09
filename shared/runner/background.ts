// `run --bg NAME`: a program that keeps running while the script goes on. It gets its own process group, its
// output is kept (bounded) for `wait output`, and `stop` or the end of the run ends its whole tree.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { BoundedCapture } from './capture';
import { endProcesses } from './processes';

export class BackgroundProcess {
  private readonly child: ChildProcess;
  readonly stdout = new BoundedCapture();
  readonly stderr = new BoundedCapture();
  /** Resolves with the status (shell style) when the process ends. */
  readonly exited: Promise<number>;
  private readonly listeners = new Set<() => void>();
  ended = false;
  /** Resolves when Node knows whether the program started: undefined if it did, else the error's code. */
  readonly started: Promise<string | undefined>;

  constructor(argv: readonly string[], options: { cwd: string; env: Readonly<Record<string, string>>; stdin?: string }) {
    const stdin = options.stdin ? openSync(options.stdin, 'r') : 'ignore';
    try {
      this.child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: { ...options.env }, stdio: [stdin, 'pipe', 'pipe'], detached: true });
    } finally {
      if (typeof stdin === 'number') closeSync(stdin);
    }
    this.child.stdout!.on('data', (chunk: Buffer) => this.output(this.stdout, chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => this.output(this.stderr, chunk));
    this.started = new Promise((resolve) => {
      this.child.once('spawn', () => resolve(undefined));
      this.child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'ERROR'));
    });
    this.exited = new Promise((resolve) => {
      this.child.on('error', () => resolve(127));
      this.child.on('exit', (code, signal) => {
        this.ended = true;
        resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
        for (const listener of this.listeners) listener();
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private output(capture: BoundedCapture, chunk: Buffer): void {
    capture.write(chunk);
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` on new output and when the process ends; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends the process and everything it started. */
  async stop(): Promise<void> {
    if (!this.ended && this.child.pid !== undefined) await endProcesses([this.child.pid]);
    await this.exited;
  }
}
