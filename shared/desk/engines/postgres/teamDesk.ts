// The team desk: the support desk on a PostgreSQL server, shared by a support team and its developers. It
// offers what the embedded desk offers (Reader, `change`, `replaceAll`), so the operations, queries and
// documents run on it unchanged; the SQL is translated by dialect.ts and the schema is schema.ts.
// Invariants:
//   - a change is one transaction that commits whole or not at all, and changes are made one at a time across
//     every process (a transaction-level advisory lock, as the embedded desk's file lock): a workflow reads and
//     then writes (the next SUP-N, ACT-…), so numbers stay unique and gap-free with no locks of its own. SSI
//     (SERIALIZABLE) was tried first: with 8 writers nearly every change lost to another and was retried.
//     Readers never wait: MVCC gives them the last committed state;
//   - who made a change is the server's login (`session_user`), never a name the client says; what each login
//     may change is its role's (access.ts), enforced by the server;
//   - every change that wrote takes the next `change_seq` and NOTIFYs only that number, in its transaction;
//   - a lost connection is made again by itself (for up to `reconnectMs`), and nothing is done twice or half:
//     a change lost before its COMMIT was sent was rolled back by the server and is made again whole; one lost
//     during its COMMIT is looked up by the token its change_seq row carries, so it is made again only if it
//     did not commit. A transaction never reconnects halfway (a new connection would be outside it).

import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { toPostgres } from './dialect';
import { ACCESS_SQL, CREATE_ROLES_SQL, DESK_ROLES } from './access';
import { connectionProblem, displayUrl } from './problems';
import { POSTGRES_MIGRATIONS } from './schema';
import { PostgresError, SyncConnection } from './sync';
import { isConnectionLoss, type ConnectionSettings, type Event, type Param } from './protocol';
import { DeskReadOnlyError, type DeskStore, type Tx } from '../../store';

/** The channel every team desk notifies on; the payload is the change's sequence number. */
export const CHANGE_CHANNEL = 'repro_desk_change';

/** What marks a database as a desk, and which schema version it is at. */
const MARKER = 'repro-desk';

/** The advisory lock every change holds until it commits (one number for all desks: one desk per database). */
const WRITE_LOCK = 0x52504453;

/** How often a change the server aborted as a deadlock or serialization failure is tried again. */
const RETRIES = 3;

const RETRYABLE = new Set(['40001', '40P01']);

/** How long a statement keeps trying to reach the server again before it gives up (a restart takes seconds). */
const RECONNECT_MS = 30_000;
/** The pause between tries, doubling up to the longest. */
const RECONNECT_FIRST_PAUSE_MS = 50;
const RECONNECT_LONGEST_PAUSE_MS = 1000;

/** Whether the team desk's server can be reached. */
export type DeskStatus = 'online' | 'offline';

export class DeskNotFoundError extends Error {}

const isLost = (error: unknown): error is PostgresError => error instanceof PostgresError && isConnectionLoss(error.error);

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface TeamDeskOptions {
  /** Create the schema when the database has none (only `repro desk init` does). */
  create?: boolean;
  readOnly?: boolean;
  password?: string;
  clock?: () => Date;
  /** Called with each change's sequence number, from any process (after `watch`). */
  onChange?: (seq: number) => void;
  /**
   * Called when the server cannot be reached ('offline', with the one-line reason) and when it can again
   * ('online': the desk reconnected by itself; call `refresh()` to catch up on what changed meanwhile).
   */
  onStatus?: (status: DeskStatus, problem?: string) => void;
  /** How long a statement tries to reach a server that went away before it fails (default 30 s; 0: at once). */
  reconnectMs?: number;
}

export class TeamDesk implements DeskStore {
  readonly engine = 'team' as const;
  readonly path: string;
  private readonly connection: SyncConnection;
  private readOnlyBecause: string | undefined;
  /** Whether this open made the schema (an empty database became a desk). */
  created = false;
  private login = '';
  private lastSeq = 0;
  private status: DeskStatus = 'online';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly url: string,
    private readonly options: TeamDeskOptions,
  ) {
    this.path = displayUrl(url);
    const settings: ConnectionSettings = { url, password: options.password, application: 'repro-desk' };
    this.connection = new SyncConnection(settings, (event) => this.event(event));
    if (options.readOnly) this.readOnlyBecause = l10n.t('the desk was opened read-only');
  }

  /** Connects, and creates or upgrades the schema as the options allow (a newer one is opened read-only). */
  static async open(url: string, options: TeamDeskOptions = {}): Promise<TeamDesk> {
    const desk = new TeamDesk(url, options);
    try {
      desk.connection.connect();
      desk.login = desk.connection.query<{ login: string }>('SELECT session_user AS login').rows[0].login;
      const version = desk.schemaVersion();
      if (version === undefined) {
        if (!options.create || options.readOnly) throw new DeskNotFoundError(l10n.t('no desk at {0}; create it with repro desk init {1}', desk.path, desk.path));
        desk.requireEmpty();
        desk.requireUnicode();
        desk.migrate(0);
        desk.created = true;
      } else if (version > POSTGRES_MIGRATIONS.length) {
        desk.readOnlyBecause = l10n.t('the desk was made by a newer Repro Desk (schema {0}; this one knows {1})', version, POSTGRES_MIGRATIONS.length);
      } else if (version < POSTGRES_MIGRATIONS.length && !desk.readOnlyBecause) desk.migrate(version);
      desk.lastSeq = desk.latestSeq();
    } catch (error) {
      desk.close();
      throw error;
    }
    return desk;
  }

  get readOnly(): string | undefined {
    return this.readOnlyBecause;
  }

  /** The PostgreSQL login: who every change is by. */
  get user(): string {
    return this.login;
  }

  /** The latest change this process has seen. */
  get changeCount(): number {
    return this.lastSeq;
  }

  get<T>(sql: string, params: readonly Param[] = []): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  /** A read outside a change: when the connection was lost it is made again, and the read asked again. */
  all<T>(sql: string, params: readonly Param[] = []): T[] {
    const deadline = this.reconnectDeadline();
    for (;;) {
      try {
        return this.query<T>(sql, params);
      } catch (error) {
        if (!isLost(error)) throw error;
        this.reconnect(deadline, error);
      }
    }
  }

  /** Starts hearing of every change (NOTIFY), from this process or any other. */
  watch(): void {
    this.connection.listen(CHANGE_CHANNEL);
  }

  /** Whether anything changed since this process last looked (a catch-up after a reconnect, say). */
  refresh(): boolean {
    const seq = this.latestSeq();
    const changed = seq !== this.lastSeq;
    this.lastSeq = seq;
    return changed;
  }

  change<R>(label: string, apply: (tx: Tx) => R): Promise<R> {
    return this.serial(() => {
      if (this.readOnlyBecause) throw new DeskReadOnlyError(l10n.t('the desk cannot be changed: {0}', this.readOnlyBecause));
      return this.transaction(label, apply);
    });
  }

  /** An import: the whole content in one transaction (the desk must be empty, as exchange.ts checks). */
  replaceAll(label: string, fill: (tx: Tx) => void): Promise<void> {
    return this.change(label, (tx) => {
      fill(tx);
      // Imported rows keep their ids; each identity sequence then continues after the highest.
      for (const { table } of this.connection.query<{ table: string }>(
        "SELECT table_name AS table FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
      ).rows) {
        this.connection.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce((SELECT max(id) FROM ${table}), 0) + 1, false)`);
      }
    });
  }

  close(): void {
    this.connection.close();
  }

  private serial<R>(operation: () => R): Promise<R> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private transaction<R>(label: string, apply: (tx: Tx) => R): R {
    const deadline = this.reconnectDeadline();
    for (let attempt = 1; ; attempt++) {
      const token = randomUUID();
      let result: R;
      let committing = false;
      try {
        this.connection.query('BEGIN');
        this.connection.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        let wrote = false;
        const tx = this.tx(() => (wrote = true));
        result = apply(tx);
        let seq: number | undefined;
        if (wrote) {
          seq = this.connection.query<{ seq: number }>('INSERT INTO change_seq (label, by, at, token) VALUES ($1, $2, $3, $4) RETURNING seq', [label, tx.by, tx.now, token]).rows[0].seq;
          this.connection.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, String(seq)]);
        }
        committing = true;
        this.connection.query('COMMIT');
        if (seq !== undefined) this.lastSeq = Math.max(this.lastSeq, seq);
        return result;
      } catch (error) {
        if (isLost(error)) {
          // The server rolled back whatever it had not committed when the connection went.
          this.reconnect(deadline, error);
          if (committing) {
            const seq = this.committed(token);
            if (seq !== undefined) {
              this.lastSeq = Math.max(this.lastSeq, seq);
              return result!;
            }
          }
          continue;
        }
        try {
          this.connection.query('ROLLBACK');
        } catch {
          // Lost now: the transaction went with the connection.
        }
        if (!(error instanceof PostgresError && error.code && RETRYABLE.has(error.code) && attempt < RETRIES)) throw error;
      }
    }
  }

  /** The change whose change_seq row carries `token`, if it committed (a change that wrote nothing has none). */
  private committed(token: string): number | undefined {
    return this.all<{ seq: number }>('SELECT seq FROM change_seq WHERE token = ?', [token])[0]?.seq;
  }

  private reconnectDeadline(): number {
    return Date.now() + (this.options.reconnectMs ?? RECONNECT_MS);
  }

  /**
   * Connects again, pausing longer between tries, until `deadline`; then fails with the loss that started it
   * (or at once with the server's refusal, a changed password say, which no waiting mends).
   */
  private reconnect(deadline: number, lost: PostgresError): void {
    this.setStatus('offline', connectionProblem(lost, this.url));
    for (let pause = RECONNECT_FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, RECONNECT_LONGEST_PAUSE_MS)) {
      if (Date.now() + pause > deadline) throw lost;
      this.connection.pause(pause);
      try {
        this.connection.connect();
        this.setStatus('online');
        return;
      } catch (error) {
        // Still away: the loss that started it is what the caller is told (and what it cost: the change).
        if (!isLost(error)) throw error;
      }
    }
  }

  private setStatus(status: DeskStatus, problem?: string): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus?.(status, problem);
  }

  private tx(wrote: () => void): Tx {
    const connection = this.connection;
    return {
      engine: this.engine,
      now: (this.options.clock?.() ?? new Date()).toISOString(),
      by: this.login,
      run(sql, params = []) {
        const { rowCount } = connection.query(toPostgres(sql), params);
        wrote();
        return {
          changes: rowCount,
          // Asked only by the workflows that inserted into a table with an identity column.
          get lastId(): number {
            return connection.query<{ id: number }>('SELECT lastval() AS id').rows[0].id;
          },
        };
      },
      // Never reconnecting: a new connection would be outside this transaction.
      get: <T>(sql: string, params?: readonly Param[]) => this.query<T>(sql, params)[0],
      all: (sql, params) => this.query(sql, params),
    };
  }

  private query<T>(sql: string, params: readonly Param[] = []): T[] {
    return this.connection.query<T>(toPostgres(sql), params).rows;
  }

  private schemaVersion(): number | undefined {
    const exists = this.connection.query<{ found: string | null }>("SELECT to_regclass('desk_meta')::text AS found").rows[0].found;
    if (!exists) return undefined;
    const marker = this.get<{ value: string }>("SELECT value FROM desk_meta WHERE key = 'application'");
    if (marker?.value !== MARKER) throw new DeskNotFoundError(l10n.t('{0} holds a desk_meta table that is not a Repro Desk\'s; it is left untouched', this.path));
    return Number(this.get<{ value: string }>("SELECT value FROM desk_meta WHERE key = 'schema_version'")?.value ?? 0);
  }

  /** Brings the schema from `from` to the newest, inside one transaction (PostgreSQL's DDL is transactional). */
  private migrate(from: number): void {
    this.connection.query('BEGIN');
    try {
      // The schema belongs to the database's owner (a role the team's logins are members of), not to whoever
      // happened to run repro desk init, so that every member may use it.
      this.createRoles();
      const owner = this.connection.query<{ owner: string }>('SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()').rows[0].owner;
      if (owner !== this.login) this.connection.query(`SET LOCAL ROLE ${quoteIdentifier(owner)}`);
      for (let i = from; i < POSTGRES_MIGRATIONS.length; i++) this.connection.query(POSTGRES_MIGRATIONS[i]);
      this.connection.query(ACCESS_SQL);
      this.connection.query("INSERT INTO desk_meta (key, value) VALUES ('application', $1) ON CONFLICT (key) DO NOTHING", [MARKER]);
      this.connection.query("INSERT INTO desk_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [String(POSTGRES_MIGRATIONS.length)]);
      this.connection.query('COMMIT');
    } catch (error) {
      try {
        this.connection.query('ROLLBACK');
      } catch {
        // As in a change: a lost connection took the transaction with it.
      }
      throw error;
    }
  }

  /**
   * The group roles (access.ts) are the server's, shared by its desks: made here when missing, if this login
   * may; otherwise the administrator makes them once (the README's set-up), and this says how.
   */
  private createRoles(): void {
    const missing = Object.values(DESK_ROLES).filter((role) => !this.connection.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]).rowCount);
    if (!missing.length) return;
    const { may } = this.connection.query<{ may: number }>('SELECT rolcreaterole OR rolsuper AS may FROM pg_roles WHERE rolname = current_user').rows[0];
    if (!may) throw new DeskNotFoundError(l10n.t('the roles {0} are missing on the server of {1}, and {2} may not create them; an administrator runs once: {3}', missing.join(', '), this.path, this.login, CREATE_ROLES_SQL));
    for (const role of missing) this.connection.query(`CREATE ROLE ${quoteIdentifier(role)} NOLOGIN`);
  }

  /** A desk is made only in a database of its own: tables of anything else are never touched. */
  private requireEmpty(): void {
    const { tables } = this.connection.query<{ tables: string | null }>("SELECT string_agg(tablename, ', ' ORDER BY tablename) AS tables FROM pg_tables WHERE schemaname = current_schema()").rows[0];
    if (tables) throw new DeskNotFoundError(l10n.t('{0} holds no desk but tables of something else ({1}); a desk is made only in an empty database, and this one is left untouched', this.path, tables));
  }

  /**
   * Full-text search reads words by the database's character classes: under LC_CTYPE C (the default of many
   * servers) Cyrillic letters are no letters and nothing Russian could be found. Refused before anything is made.
   */
  private requireUnicode(): void {
    const { encoding, ctype } = this.connection.query<{ encoding: string; ctype: string }>(
      'SELECT pg_encoding_to_char(encoding) AS encoding, datctype AS ctype FROM pg_database WHERE datname = current_database()',
    ).rows[0];
    if (encoding !== 'UTF8' || !/utf-?8/i.test(ctype) && !/^(ucs_basic|und)/i.test(ctype)) {
      throw new DeskNotFoundError(
        l10n.t(
          'the database of {0} has encoding {1} and LC_CTYPE {2}; a desk needs UTF8 and a UTF-8 LC_CTYPE to search Russian text: CREATE DATABASE … ENCODING UTF8 LC_CTYPE \'C.UTF-8\' TEMPLATE template0',
          this.path,
          encoding,
          ctype,
        ),
      );
    }
  }

  private latestSeq(): number {
    return this.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM change_seq')?.seq ?? 0;
  }

  private event(event: Event): void {
    if (event.kind === 'notification' && event.channel === CHANGE_CHANNEL) {
      const seq = Number(event.payload);
      if (seq > this.lastSeq) this.lastSeq = seq;
      this.options.onChange?.(seq);
    } else if (event.kind === 'lost') this.setStatus('offline', connectionProblem(new PostgresError(event.error), this.url));
    else if (event.kind === 'restored') this.setStatus('online');
  }
}
