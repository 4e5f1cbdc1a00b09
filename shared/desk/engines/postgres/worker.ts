// The PostgreSQL side of the team desk, in a worker thread: node-postgres is asynchronous, and the desk's
// operations are synchronous (sync.ts explains why), so the thread that runs them sleeps while this one talks
// to the server. One connection for queries (a change is one transaction on it) and, once asked, a second one
// that LISTENs, so that a long change never delays a notification.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as pg from 'pg';
import type { ConnectionSettings, Event, Reply, Request, ServerError } from './protocol';

const { settings, reply, signal } = workerData as { settings: ConnectionSettings; reply: MessagePort; signal: SharedArrayBuffer };
const counter = new Int32Array(signal);

// Rows read as the embedded desk's do: integers and counts as numbers, truth as 1 and 0.
pg.types.setTypeParser(20, Number); // int8: count(*), sum()
pg.types.setTypeParser(1700, Number); // numeric: avg()
pg.types.setTypeParser(16, (v: string) => (v === 't' ? 1 : 0)); // bool

function clientConfig(): pg.ClientConfig {
  return { connectionString: settings.url, password: settings.password, application_name: settings.application, connectionTimeoutMillis: 10000 };
}

let client: pg.Client | undefined;
let listener: pg.Client | undefined;
const channels = new Set<string>();

function serverError(error: unknown): ServerError {
  const e = error as { message?: string; code?: string; detail?: string };
  return { message: e?.message ?? String(error), code: e?.code, detail: e?.detail };
}

function event(message: Event): void {
  parentPort!.postMessage(message);
}

async function connected(): Promise<pg.Client> {
  if (client) return client;
  const fresh = new pg.Client(clientConfig());
  // A connection that breaks is dropped; the next query connects again (and the caller hears of the loss).
  fresh.on('error', (error) => {
    if (client === fresh) client = undefined;
    event({ kind: 'lost', error: serverError(error) });
  });
  fresh.on('end', () => {
    if (client === fresh) client = undefined;
  });
  await fresh.connect();
  client = fresh;
  return fresh;
}

async function listen(channel: string): Promise<void> {
  channels.add(channel);
  if (!listener) {
    const fresh = new pg.Client(clientConfig());
    fresh.on('notification', (n) => event({ kind: 'notification', channel: n.channel, payload: n.payload ?? '' }));
    const lost = (error?: unknown): void => {
      if (listener !== fresh) return;
      listener = undefined;
      event({ kind: 'lost', error: serverError(error ?? new Error('the connection ended')) });
    };
    fresh.on('error', lost);
    fresh.on('end', () => lost());
    await fresh.connect();
    listener = fresh;
    for (const c of channels) await fresh.query(`LISTEN ${fresh.escapeIdentifier(c)}`);
    return;
  }
  await listener.query(`LISTEN ${listener.escapeIdentifier(channel)}`);
}

async function handle(request: Request): Promise<Reply> {
  try {
    if (request.kind === 'connect') await connected();
    else if (request.kind === 'listen') await listen(request.channel);
    else if (request.kind === 'end') {
      const ending = [client, listener];
      client = listener = undefined;
      await Promise.all(ending.map((c) => c?.end().catch(() => undefined)));
    } else {
      const result = await (await connected()).query({ text: request.sql, values: request.params as unknown[] });
      return { id: request.id, ok: true, rows: result.rows, rowCount: result.rowCount ?? 0 };
    }
    return { id: request.id, ok: true, rows: [], rowCount: 0 };
  } catch (error) {
    return { id: request.id, ok: false, error: serverError(error) };
  }
}

// Requests are answered one at a time, in order: the desk's thread waits for each.
let queue = Promise.resolve();
parentPort!.on('message', (request: Request) => {
  queue = queue.then(async () => {
    reply.postMessage(await handle(request));
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  });
});
