// The PostgreSQL side of the team desk, in a worker thread: node-postgres is asynchronous, and the desk's
// operations are synchronous (sync.ts explains why), so the thread that runs them sleeps while this one talks
// to the server. One connection for queries (a change is one transaction on it) and, once asked, a second one
// that LISTENs, so that a long change never delays a notification.

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as pg from 'pg';
import { clientConfig } from './connectionConfig';
import { isConnectionLoss, type ConnectionSettings, type Event, type Reply, type Request, type ServerError } from './protocol';

const { settings, reply, signal } = workerData as { settings: ConnectionSettings; reply: MessagePort; signal: SharedArrayBuffer };
const counter = new Int32Array(signal);

// Rows read as the embedded desk's do: integers and counts as numbers, truth as 1 and 0.
pg.types.setTypeParser(20, Number); // int8: count(*), sum()
pg.types.setTypeParser(1700, Number); // numeric: avg()
pg.types.setTypeParser(16, (v: string) => (v === 't' ? 1 : 0)); // bool

/** Read again for each connection: a service file or ~/.pgpass edited meanwhile counts at the next reconnect. */
const config = (): pg.ClientConfig => clientConfig(settings);

let client: pg.Client | undefined;
let listener: pg.Client | undefined;
/** Set by `end`: nothing connects again after the desk is closed. */
let ended = false;
const channels = new Set<string>();

/** node-postgres's own failures, which carry no code: named by their text, so that they read as the rest. */
const UNCODED: [RegExp, string][] = [
  [/does not support SSL/i, 'ENOSSL'],
  [/Connection terminated|connection ended/i, 'ECONNLOST'],
];

function serverError(error: unknown): ServerError {
  const e = error as { message?: string; code?: string; detail?: string };
  const message = e?.message ?? String(error);
  return { message, code: e?.code ?? UNCODED.find(([pattern]) => pattern.test(message))?.[1], detail: e?.detail };
}

function event(message: Event): void {
  parentPort!.postMessage(message);
}

async function connected(): Promise<pg.Client> {
  if (client) return client;
  const fresh = new pg.Client(config());
  // A connection that breaks while idle is dropped; the next query connects again (and the desk hears of it).
  fresh.on('error', (error) => {
    if (client !== fresh) return;
    client = undefined;
    event({ kind: 'lost', error: serverError(error) });
  });
  fresh.on('end', () => {
    if (client === fresh) client = undefined;
  });
  try {
    await fresh.connect();
  } catch (error) {
    await fresh.end().catch(() => undefined);
    throw error;
  }
  client = fresh;
  return fresh;
}

/** How long the listening connection waits between tries to come back (doubling up to the longest). */
const RELISTEN_FIRST_MS = 100;
const RELISTEN_LONGEST_MS = 2000;
let relistening = false;

async function openListener(): Promise<void> {
  const fresh = new pg.Client(config());
  fresh.on('notification', (n) => event({ kind: 'notification', channel: n.channel, payload: n.payload ?? '' }));
  const lost = (error?: unknown): void => {
    if (listener !== fresh) return;
    listener = undefined;
    event({ kind: 'lost', error: serverError(error ?? new Error('the connection ended')) });
    void relisten();
  };
  fresh.on('error', lost);
  fresh.on('end', () => lost());
  try {
    await fresh.connect();
    for (const c of channels) await fresh.query(`LISTEN ${fresh.escapeIdentifier(c)}`);
  } catch (error) {
    fresh.removeAllListeners('end');
    fresh.on('error', () => undefined);
    await fresh.end().catch(() => undefined);
    throw error;
  }
  listener = fresh;
}

/**
 * After a loss the listener is made again by itself, with a growing pause, until the server is back: an idle
 * window hears that the desk is online again ('restored') and catches up. Ends when the desk is closed.
 */
async function relisten(): Promise<void> {
  if (relistening) return;
  relistening = true;
  for (let pause = RELISTEN_FIRST_MS; !ended; pause = Math.min(pause * 2, RELISTEN_LONGEST_MS)) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    if (ended || listener) break;
    try {
      await openListener();
      event({ kind: 'restored' });
      break;
    } catch {
      // Still away: try again after the next pause.
    }
  }
  relistening = false;
}

async function listen(channel: string): Promise<void> {
  channels.add(channel);
  if (!listener) await openListener();
  else await listener.query(`LISTEN ${listener.escapeIdentifier(channel)}`);
}

/** A client whose connection failed is of no more use: it is dropped, and the next query connects again. */
function drop(failed: pg.Client | undefined): void {
  if (!failed || client !== failed) return;
  client = undefined;
  failed.removeAllListeners('end');
  failed.on('error', () => undefined);
  void failed.end().catch(() => undefined);
}

async function handle(request: Request): Promise<Reply> {
  try {
    if (request.kind === 'connect') await connected();
    else if (request.kind === 'listen') await listen(request.channel);
    else if (request.kind === 'end') {
      ended = true;
      const ending = [client, listener];
      client = listener = undefined;
      await Promise.all(ending.map((c) => c?.end().catch(() => undefined)));
    } else {
      const used = await connected();
      try {
        const result = await used.query({ text: request.sql, values: request.params as unknown[] });
        return { id: request.id, ok: true, rows: result.rows, rowCount: result.rowCount ?? 0 };
      } catch (error) {
        if (isConnectionLoss(serverError(error))) drop(used);
        throw error;
      }
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
