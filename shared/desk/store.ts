// The desk store: one SQLite database (sql.js, in memory) kept on disk as a snapshot plus a journal.
//
//   desk.sqlite          the snapshot: a plain SQLite file, replaced whole (files.ts) by compaction
//   desk.sqlite.journal  the changes since the snapshot, one record per transaction (journal.ts)
//
// A change costs in proportion to the change, not to the desk: under the lock (lock.ts) the writer catches up
// with what others appended, runs its transaction in memory, appends the statements it executed as one record
// and syncs it; only then is the change done. Opening replays the journal over the snapshot; compaction writes
// a new snapshot (the expensive export happens outside the lock) and keeps only the records after it.
// Invariant: replaying a record's statements over the state it was written on gives the same rows: every
// value comes in as a parameter (schema.ts), and records are applied in order, each on top of the one before.
// Invariant: a file that is not a whole desk (foreign, torn, damaged, a journal of another desk) is refused
// with an error that says so, and nothing is ever written to it.

import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, fstatSync, mkdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { BindParams, Database, SqlJsStatic, SqlValue } from 'sql.js';
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from './schema';
import { syncFolder } from '../durable';
import { DeskFileError, readSnapshot, writeDeskFile } from './storage/files';
import {
  appendRecord,
  closeJournal,
  encodeRecord,
  headerText,
  JournalError,
  openJournal,
  readHeader,
  readRecords,
  type ChangePayload,
  type JournalRecord,
} from './storage/journal';
import { acquireLock, lockAddress, type HeldLock } from './storage/lock';
import { loadSqlite } from './storage/sqlite';

export { DeskFileError } from './storage/files';
export { DeskBusyError } from './storage/lock';
export { JournalError } from './storage/journal';

export class DeskReadOnlyError extends Error {}

export interface OpenOptions {
  /** Create a new desk when the file does not exist (default: true). */
  create?: boolean;
  /** Never write (a desk from a newer version is read-only whatever this says). */
  readOnly?: boolean;
  /** Who makes the changes: a staff login (default: $REPRO_DESK_USER, else the system user). */
  user?: string;
  /** The clock changes are stamped with (tests set it). */
  clock?: () => Date;
  /** How long a change waits for another process's change (default 10 s). */
  lockTimeoutMs?: number;
  /** Journal size in bytes above which `needsCompaction` says so (default 1 MiB). */
  compactAfterBytes?: number;
}

type Param = string | number | null;

/** What a workflow sees of the database inside a change. */
export interface Tx {
  readonly engine?: Engine;
  /** The change's time (ISO 8601, UTC): one value for everything the change stamps. */
  readonly now: string;
  /** Who makes the change. */
  readonly by: string;
  /** Executes a write; it is recorded in the journal. */
  run(sql: string, params?: readonly Param[]): { changes: number; lastId: number };
  get<T>(sql: string, params?: readonly Param[]): T | undefined;
  all<T>(sql: string, params?: readonly Param[]): T[];
}

/** What a reader sees. */
export interface Reader {
  get<T>(sql: string, params?: readonly Param[]): T | undefined;
  all<T>(sql: string, params?: readonly Param[]): T[];
  /** Which engine answers: the SQL the desk writes is common to both, except for full-text search (search.ts). */
  readonly engine?: Engine;
}

/** `embedded`: sql.js and its journal (this file); `team`: PostgreSQL (engines/postgres). */
export type Engine = 'embedded' | 'team';

/**
 * A desk, whichever engine holds it: the embedded file (Desk, here) or the team desk on PostgreSQL
 * (engines/postgres/teamDesk.ts). The operations, queries and documents see only this.
 */
export interface DeskStore extends Reader {
  /** Where it is, as shown to people: a file path, or the team desk's URL without its password. */
  readonly path: string;
  /** Why the desk cannot be changed, or undefined when it can. */
  readonly readOnly: string | undefined;
  /** Who makes the changes. */
  readonly user: string;
  /** How far this handle has seen the desk's changes (a number that only grows). */
  readonly changeCount: number;
  change<R>(label: string, apply: (tx: Tx) => R): Promise<R>;
  replaceAll(label: string, fill: (tx: Tx) => void): Promise<void>;
  /** Catches up with other processes' changes; says whether there were any. */
  refresh(): boolean;
  /** Folds the journal into the file (the embedded desk; the team desk's server needs nothing of the kind). */
  compact?(): Promise<void>;
  /** The journal has grown enough that compacting is worth it (the embedded desk). */
  readonly needsCompaction?: boolean;
  close(): void;
}

interface JournalState {
  fd: number;
  ino: number;
  dev: number;
  /** Where the next record goes (the end of the last complete record). */
  offset: number;
  epoch: string;
  schema: number;
}

export class Desk implements DeskStore {
  readonly path: string;
  readonly journalPath: string;
  private db!: Database;
  private journal: JournalState | undefined;
  /** The sequence number of the last record applied. */
  private seq = 0;
  private epoch = '';
  private readOnlyBecause: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly address: string;
  private readonly statements = new Map<string, ReturnType<Database['prepare']>>();

  private constructor(
    private readonly SQL: SqlJsStatic,
    path: string,
    private readonly options: OpenOptions,
  ) {
    this.path = resolve(path);
    this.journalPath = `${this.path}.journal`;
    const folder = dirname(this.path);
    this.address = lockAddress(join(existsSync(folder) ? realpathSync(folder) : folder, basename(this.path)));
    if (options.readOnly) this.readOnlyBecause = 'the desk was opened read-only';
  }

  /** Opens a desk (creating it unless `create: false`), upgrading an older one after a backup. */
  static async open(path: string, options: OpenOptions = {}): Promise<Desk> {
    const desk = new Desk(await loadSqlite(), path, options);
    if (!existsSync(desk.path)) {
      if (options.create === false || options.readOnly) throw new DeskFileError(`${desk.path} does not exist`);
      await desk.create();
    }
    desk.load();
    if (!desk.readOnlyBecause && !existsSync(desk.journalPath)) await desk.serial(() => desk.startJournal());
    if (!desk.readOnlyBecause && desk.schemaVersion() < SCHEMA_VERSION) await desk.serial(() => desk.migrate());
    return desk;
  }

  /** Why the desk cannot be changed, or undefined when it can. */
  get readOnly(): string | undefined {
    return this.readOnlyBecause;
  }

  get user(): string {
    return this.options.user ?? process.env.REPRO_DESK_USER ?? userInfo().username;
  }

  /** How many changes the desk has seen since it was made (across compactions of this desk). */
  get changeCount(): number {
    return this.seq;
  }

  /** The journal has grown enough that a new snapshot is worth writing. */
  get needsCompaction(): boolean {
    return this.journal !== undefined && this.journal.offset > (this.options.compactAfterBytes ?? 1 << 20);
  }

  get<T>(sql: string, params: readonly Param[] = []): T | undefined {
    return this.all<T>(sql, params)[0];
  }

  all<T>(sql: string, params: readonly Param[] = []): T[] {
    const statement = this.prepare(sql);
    try {
      statement.bind(params as BindParams);
      const rows: T[] = [];
      while (statement.step()) rows.push(statement.getAsObject() as T);
      return rows;
    } finally {
      statement.reset();
    }
  }

  /**
   * Makes one change: `apply` runs inside a transaction on the newest state (what other processes wrote is read
   * first, under the lock), and the change is durable when the promise resolves. `apply` is synchronous: a
   * change holds the lock only as long as it computes.
   */
  change<R>(label: string, apply: (tx: Tx) => R): Promise<R> {
    return this.serial(async () => {
      if (this.readOnlyBecause) throw new DeskReadOnlyError(`the desk cannot be changed: ${this.readOnlyBecause}`);
      const lock = await this.lock();
      try {
        this.catchUp();
        if (this.readOnlyBecause) throw new DeskReadOnlyError(`the desk cannot be changed: ${this.readOnlyBecause}`);
        return this.commit(label, apply);
      } finally {
        await lock.release();
      }
    });
  }

  /**
   * Replaces the desk's whole content in one step (an import): `fill` writes straight into the database, which
   * is then saved as a new snapshot with an empty journal whose base is past every other process's position,
   * so that they reload it.
   */
  replaceAll(label: string, fill: (tx: Tx) => void): Promise<void> {
    return this.serial(async () => {
      if (this.readOnlyBecause) throw new DeskReadOnlyError(`the desk cannot be changed: ${this.readOnlyBecause}`);
      const lock = await this.lock();
      try {
        this.catchUp();
        this.transaction(this.tx(), fill);
        this.seq++;
        writeDeskFile(this.path, this.export(this.seq));
        this.replaceJournal(this.seq, Buffer.alloc(0));
      } catch (error) {
        this.load();
        throw new DeskFileError(`${label}: ${(error as Error).message}`);
      } finally {
        await lock.release();
      }
    });
  }

  /** Reads what other processes committed since (no lock: records are immutable once whole). */
  refresh(): boolean {
    const before = this.seq;
    this.catchUp();
    return this.seq !== before;
  }

  /**
   * Writes a new snapshot holding every change so far, and keeps in the journal only the changes after it. The
   * export (the costly part) happens before the lock is taken, so other writers wait only for two renames.
   */
  compact(): Promise<void> {
    return this.serial(async () => {
      if (this.readOnlyBecause) return;
      this.catchUp();
      const journal = this.journal!;
      const upTo = { seq: this.seq, offset: journal.offset };
      const bytes = this.export(upTo.seq);
      const lock = await this.lock();
      try {
        // Someone else compacted meanwhile (the journal was replaced): their snapshot stands.
        const current = statSync(this.journalPath);
        if (current.ino !== journal.ino || current.dev !== journal.dev) return;
        writeDeskFile(this.path, bytes);
        // What others appended while the export ran stays in the journal, after the new snapshot.
        const { end } = readRecords(journal.fd, upTo.offset);
        const tail = Buffer.alloc(end - upTo.offset);
        readSync(journal.fd, tail, 0, tail.length, upTo.offset);
        this.replaceJournal(upTo.seq, tail);
      } finally {
        await lock.release();
      }
    });
  }

  close(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    closeJournal(this.journal?.fd);
    this.journal = undefined;
    this.db?.close();
  }

  // ---- Inside ----

  /** One operation at a time in this process (the lock is between processes). */
  private serial<R>(operation: () => Promise<R>): Promise<R> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private lock(): Promise<HeldLock> {
    return acquireLock(this.address, this.options.lockTimeoutMs ?? 10_000);
  }

  private schemaVersion(): number {
    return this.db.exec('PRAGMA user_version')[0].values[0][0] as number;
  }

  private prepare(sql: string): ReturnType<Database['prepare']> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private execute(sql: string, params: readonly Param[]): void {
    const statement = this.prepare(sql);
    try {
      statement.run(params as BindParams);
    } finally {
      statement.reset();
    }
  }

  /** A transaction's view of the database; its writes are recorded in `ops` when given. */
  private tx(ops?: ChangePayload['ops']): Tx {
    return {
      now: (this.options.clock?.() ?? new Date()).toISOString(),
      by: this.user,
      run: (sql, params = []) => {
        this.execute(sql, params);
        ops?.push([sql, [...params]]);
        return { changes: this.db.getRowsModified(), lastId: this.db.exec('SELECT last_insert_rowid()')[0].values[0][0] as number };
      },
      get: (sql, params) => this.get(sql, params),
      all: (sql, params) => this.all(sql, params),
    };
  }

  private transaction<R>(tx: Tx, apply: (tx: Tx) => R): R {
    this.db.exec('BEGIN');
    try {
      const result = apply(tx);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Runs `apply` in a transaction, then makes it durable as the next record. Caller holds the lock. */
  private commit<R>(label: string, apply: (tx: Tx) => R): R {
    const ops: ChangePayload['ops'] = [];
    const tx = this.tx(ops);
    const result = this.transaction(tx, apply);
    if (ops.length === 0) return result;
    const now = tx.now;
    const journal = this.journal!;
    try {
      journal.offset = appendRecord(journal.fd, journal.offset, encodeRecord(this.seq + 1, { v: SCHEMA_VERSION, label, by: this.user, at: now, ops }));
    } catch (error) {
      // Applied in memory but not on disk: go back to what the disk holds, and say the change failed.
      this.load();
      throw error;
    }
    this.seq++;
    return result;
  }

  /** Applies the records other processes appended; reloads when a compaction went past what we had. */
  private catchUp(): void {
    const journal = this.journal;
    let current;
    try {
      current = statSync(this.journalPath);
    } catch {
      if (!journal) return; // a read-only desk without a journal: the snapshot is all there is
      throw new DeskFileError(`${this.journalPath} has disappeared: the desk's recent changes are in it; restore it or reopen the desk`);
    }
    if (!journal || current.ino !== journal.ino || current.dev !== journal.dev) {
      // A compaction replaced the journal: it now starts after the new snapshot. When that snapshot went past
      // what we hold (or changed the schema), it is reloaded; otherwise the new journal continues ours.
      const fd = openJournal(this.journalPath, 'r');
      let behind: boolean;
      try {
        const header = readHeader(fd);
        behind = header.epoch !== this.epoch || header.schema !== this.schemaVersion() || header.base > this.seq;
      } finally {
        closeJournal(fd);
      }
      closeJournal(journal?.fd);
      this.journal = undefined;
      if (behind) this.load();
      else this.openJournal();
      return;
    }
    if (current.size === journal.offset) return;
    const { records, end } = readRecords(journal.fd, journal.offset);
    this.apply(records);
    journal.offset = end;
  }

  private apply(records: readonly JournalRecord[]): void {
    for (const record of records) {
      if (record.seq <= this.seq) continue;
      if (record.seq !== this.seq + 1) throw new JournalError(`${this.journalPath}: change ${this.seq + 1} is missing (the next one is ${record.seq})`);
      if (record.payload.v > SCHEMA_VERSION) {
        this.readOnlyBecause = `a newer version of Repro Desk (schema ${record.payload.v}) has written to it; this one knows schema ${SCHEMA_VERSION}`;
        return;
      }
      try {
        this.transaction(this.tx(), () => {
          for (const [sql, params] of record.payload.ops) this.execute(sql, params);
        });
      } catch (error) {
        throw new JournalError(`${this.journalPath}: change ${record.seq} (${record.payload.label}) cannot be applied: ${(error as Error).message}`);
      }
      this.seq = record.seq;
    }
  }

  /** Loads the snapshot, then the journal over it. */
  private load(): void {
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    closeJournal(this.journal?.fd);
    this.journal = undefined;
    this.db?.close();
    let db: Database;
    try {
      db = new this.SQL.Database(readSnapshot(this.path));
      // Reading the header is where SQLite notices a file that is not a database after all.
      const [applicationId, version] = [db.exec('PRAGMA application_id')[0].values[0][0], db.exec('PRAGMA user_version')[0].values[0][0]];
      if (applicationId !== APPLICATION_ID) throw new DeskFileError(`${this.path} is a SQLite database of another program, not a Repro Desk desk; it was left as it is`);
      this.db = db;
      if ((version as number) > SCHEMA_VERSION) {
        this.readOnlyBecause = `it was written by a newer version of Repro Desk (schema ${version}; this one knows ${SCHEMA_VERSION}): it opens read-only`;
      }
    } catch (error) {
      if (error instanceof DeskFileError) throw error;
      throw new DeskFileError(`${this.path} is damaged (${(error as Error).message}); it was left as it is`);
    }
    this.pragmas();
    const meta = Object.fromEntries(this.all<{ key: string; value: string }>('SELECT key, value FROM desk_meta').map((r) => [r.key, r.value]));
    this.epoch = meta.epoch;
    this.seq = Number(meta.journal_seq ?? 0);
    // Without a journal (never written, or lost) the snapshot is all there is; `open` starts one.
    if (existsSync(this.journalPath)) this.openJournal();
  }

  /** Starts the journal of a desk that has none. Caller is serial. */
  private async startJournal(): Promise<void> {
    const lock = await this.lock();
    try {
      if (!existsSync(this.journalPath)) writeDeskFile(this.journalPath, headerText(this.epoch, this.schemaVersion(), this.seq));
      this.catchUp();
    } finally {
      await lock.release();
    }
  }

  /** Opens the journal, checks it belongs to this desk, and applies its records. */
  private openJournal(): void {
    const fd = openJournal(this.journalPath, this.readOnlyBecause ? 'r' : 'r+');
    try {
      const header = readHeader(fd);
      if (header.epoch !== this.epoch) throw new DeskFileError(`${this.journalPath} belongs to another desk than ${this.path}; both were left as they are`);
      if (header.base > this.seq) {
        throw new DeskFileError(`${this.journalPath} continues a newer snapshot than ${this.path} (was the desk restored from a backup?); both were left as they are`);
      }
      const { records, end } = readRecords(fd, header.size);
      const stat = fstatSync(fd);
      this.journal = { fd, ino: stat.ino, dev: stat.dev, offset: end, epoch: header.epoch, schema: header.schema };
      this.apply(records);
    } catch (error) {
      closeJournal(fd);
      this.journal = undefined;
      if (error instanceof JournalError) throw new DeskFileError(`${error.message}; the desk was left as it is`);
      throw error;
    }
  }

  private pragmas(): void {
    // The in-memory copy needs no journal of its own for durability (ours is the journal), only for ROLLBACK.
    this.db.exec('PRAGMA journal_mode = MEMORY; PRAGMA foreign_keys = ON; PRAGMA recursive_triggers = OFF;');
  }

  /** The database as a file, stamped with the journal position it holds. */
  private export(seq: number): Uint8Array {
    this.db.run("INSERT OR REPLACE INTO desk_meta (key, value) VALUES ('journal_seq', ?)", [String(seq)]);
    for (const statement of this.statements.values()) statement.free();
    this.statements.clear();
    // export() closes and reopens the database: the connection's settings go with it.
    const bytes = this.db.export();
    this.pragmas();
    return bytes;
  }

  /** Replaces the journal with one that continues a snapshot holding changes up to `base`, then `records`. */
  private replaceJournal(base: number, records: Buffer): void {
    writeDeskFile(this.journalPath, Buffer.concat([Buffer.from(headerText(this.epoch, this.schemaVersion(), base)), records]));
    closeJournal(this.journal?.fd);
    this.journal = undefined;
    this.openJournal();
  }

  private async create(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const lock = await this.lock();
    try {
      if (existsSync(this.path)) return; // someone else made it first
      if (existsSync(this.journalPath)) throw new DeskFileError(`${this.journalPath} exists without its desk ${this.path}; it was left as it is`);
      this.db = new this.SQL.Database();
      this.pragmas();
      for (const migration of MIGRATIONS) this.db.exec(migration);
      this.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      this.epoch = randomUUID();
      this.db.run("INSERT INTO desk_meta (key, value) VALUES ('epoch', ?), ('created', ?)", [this.epoch, (this.options.clock?.() ?? new Date()).toISOString()]);
      // The snapshot first: a desk without a journal gets one when opened; a journal without a desk is refused.
      writeDeskFile(this.path, this.export(0));
      writeDeskFile(this.journalPath, headerText(this.epoch, SCHEMA_VERSION, 0));
      this.db.close();
    } finally {
      await lock.release();
    }
  }

  /** Brings a desk written by an older version up to this schema; the old file is kept as a backup first. */
  private async migrate(): Promise<void> {
    const lock = await this.lock();
    try {
      this.catchUp();
      const from = this.schemaVersion();
      if (from >= SCHEMA_VERSION) return;
      // The backup: the old snapshot and its journal, as they were.
      const backup = `${this.path}.v${from}.backup`;
      if (!existsSync(backup)) {
        copyFileSync(this.journalPath, `${backup}.journal`);
        copyFileSync(this.path, backup);
        syncFolder(dirname(backup));
      }
      try {
        this.transaction(this.tx(), () => {
          for (let version = from; version < SCHEMA_VERSION; version++) this.db.exec(MIGRATIONS[version]);
          this.db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
        });
      } catch (error) {
        throw new DeskFileError(`${this.path} could not be upgraded from schema ${from}: ${(error as Error).message}; it was left as it is`);
      }
      // The upgraded snapshot, then a journal that says the new schema (older versions then read only).
      writeDeskFile(this.path, this.export(this.seq));
      this.replaceJournal(this.seq, Buffer.alloc(0));
    } finally {
      await lock.release();
    }
  }
}

export type { SqlValue };
