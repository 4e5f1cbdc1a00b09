// A synchronous PostgreSQL connection: each call posts a request to the worker (worker.ts) and sleeps on a
// shared counter until the answer is there, then takes it off the reply port (receiveMessageOnPort).
// Why synchronous: the desk's operations are synchronous functions over a transaction (`change(label, tx =>
// …)`), and its readers (`get`/`all`) are called from the views, panels, CLI and language server alike. One
// operations layer for both engines keeps every workflow, query and document identical on the team desk; the
// price is that the calling thread waits for each statement's round trip (about 0.1–0.5 ms on a LAN, see the
// benchmark), which is why the panels read in one bounded query set.
// Invariant: answers are matched by id; one that comes after its caller gave up (timeout) is dropped.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ConnectionSettings, Event, Param, Reply, Request, ServerError } from './protocol';

/** A failure the server (or the way to it) reported; `code` is its SQLSTATE or the network error's code. */
export class PostgresError extends Error {
  constructor(
    readonly error: ServerError,
    readonly sql?: string,
  ) {
    super(error.message);
  }
  get code(): string | undefined {
    return this.error.code;
  }
}

/** The worker's file: beside the bundle (dist/pgWorker.js), or beside this file in the test build. */
function workerFile(): string {
  const bundled = join(__dirname, 'pgWorker.js');
  return existsSync(bundled) ? bundled : join(__dirname, 'worker.js');
}

type DistributiveOmit<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export class SyncConnection {
  private readonly worker: Worker;
  private readonly reply: MessagePort;
  private readonly counter = new Int32Array(new SharedArrayBuffer(4));
  private readonly sleeper = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  private closed = false;

  constructor(
    settings: ConnectionSettings,
    onEvent: (event: Event) => void,
    private readonly timeoutMs = 30000,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.reply = port1;
    this.worker = new Worker(workerFile(), { workerData: { settings, reply: port2, signal: this.counter.buffer }, transferList: [port2] });
    this.worker.on('message', onEvent);
    // Neither keeps a process alive: a CLI command ends when its work does.
    this.worker.unref();
    this.reply.unref();
  }

  private call(request: DistributiveOmit<Request, 'id'>): Reply & { ok: true } {
    if (this.closed) throw new PostgresError({ message: 'the connection to the team desk is closed' });
    const id = this.nextId++;
    const seen = Atomics.load(this.counter, 0);
    this.worker.postMessage({ ...request, id });
    const deadline = Date.now() + this.timeoutMs;
    for (let last = seen; ; ) {
      const left = deadline - Date.now();
      if (left <= 0) throw new PostgresError({ message: `no answer from the team desk's server within ${this.timeoutMs / 1000} s`, code: 'ETIMEDOUT' });
      Atomics.wait(this.counter, 0, last, left);
      last = Atomics.load(this.counter, 0);
      for (let message = receiveMessageOnPort(this.reply); message; message = receiveMessageOnPort(this.reply)) {
        const answer = message.message as Reply;
        if (answer.id !== id) continue;
        if (!answer.ok) throw new PostgresError(answer.error, request.kind === 'query' ? request.sql : undefined);
        return answer;
      }
    }
  }

  /** Sleeps the calling thread (between tries to reach the server again; the thread waits anyway). */
  pause(ms: number): void {
    // Nothing ever notifies this cell: the wait is the pause.
    Atomics.wait(this.sleeper, 0, 0, ms);
  }

  connect(): void {
    this.call({ kind: 'connect' });
  }

  query<T>(sql: string, params: readonly Param[] = []): { rows: T[]; rowCount: number } {
    const { rows, rowCount } = this.call({ kind: 'query', sql, params });
    return { rows: rows as T[], rowCount };
  }

  listen(channel: string): void {
    this.call({ kind: 'listen', channel });
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ kind: 'end' });
    } catch {
      // Closing a connection that is already gone is not a failure.
    }
    this.closed = true;
    void this.worker.terminate();
  }
}
