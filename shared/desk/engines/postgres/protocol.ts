// What the desk's thread and the PostgreSQL worker (worker.ts) say to each other (sync.ts is the other end).
// Requests go by the worker's own port; each answer comes back on the reply port, and the worker then bumps
// the shared counter, which is what the waiting thread sleeps on (Atomics.wait). Notifications (LISTEN) and a
// lost connection come on the worker's own port, asynchronously, to whoever listens for them.

export type Param = string | number | null;

export interface ConnectionSettings {
  /** postgresql://… as the user gave it; libpq's variables (PGPASSWORD, PGHOST…) and ~/.pgpass fill the rest. */
  url: string;
  /** A password from elsewhere (VS Code's SecretStorage); never written anywhere. */
  password?: string;
  /** The application_name the server shows for this connection. */
  application: string;
}

export type Request =
  | { id: number; kind: 'connect' }
  | { id: number; kind: 'query'; sql: string; params: readonly Param[] }
  | { id: number; kind: 'listen'; channel: string }
  | { id: number; kind: 'end' };

export interface ServerError {
  message: string;
  /** SQLSTATE (28P01 wrong password, 3D000 no such database…) or a Node error code (ECONNREFUSED…). */
  code?: string;
  detail?: string;
}

export type Reply =
  | { id: number; ok: true; rows: Record<string, unknown>[]; rowCount: number }
  | { id: number; ok: false; error: ServerError };

/**
 * Pushed by the worker: a notification; the connection lost; and, after a loss, the listening connection made
 * again by the worker itself (so an idle window comes back online without being asked).
 */
export type Event = { kind: 'notification'; channel: string; payload: string } | { kind: 'lost'; error: ServerError } | { kind: 'restored' };

/** Node's codes for a server that cannot be reached or went away, and the worker's ECONNLOST (worker.ts). */
const NETWORK_ERRORS = new Set(['ECONNLOST', 'ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Whether the error is the connection's, not the statement's: no SQLSTATE at all ("Connection terminated
 * unexpectedly"), a network code, class 08 (connection exception) or 57P (the server shutting down). Such an
 * error leaves the connection unusable; a statement's error (23505, 42501…) leaves it as it was.
 */
export function isConnectionLoss(error: ServerError): boolean {
  const code = error.code;
  return !code || NETWORK_ERRORS.has(code) || code.startsWith('08') || code.startsWith('57P');
}
