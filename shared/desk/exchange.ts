// The whole desk as JSON and back (`repro desk export|import`, and `repro desk push`, which is both at once):
// one top-level array per entity, each row with the table's own column names and ids, so that an import into an
// empty desk gives the same desk, numbers (SUP-N, ACT-YYYY-N: the counters) and change log included. Derived
// data (search indexes, the team desk's `search` columns, fingerprints) is rebuilt by the schema, not exported.
// Invariant: both engines export the same desk to the same bytes (but for `exportedAt`): the same columns in
// the same order, rows in primary-key order, text sorted by code point (tableCatalog.ts).

import * as l10n from '@vscode/l10n';
import { PostgresError } from './engines/postgres/sync';
import { SCHEMA_VERSION } from './schema';
import type { DeskStore, Engine, Reader, Tx } from './store';
import { schemaVersion, tableRows, tableShape, type TableColumn, type TableShape } from './tableCatalog';
import { WorkflowError } from './workflows/common';

/** Entity name in the JSON → table, in an order that inserts every row after the rows it refers to. */
export const EXPORTED_TABLES = {
  organizations: 'organization',
  contacts: 'contact',
  products: 'product',
  components: 'component',
  versions: 'version',
  staff: 'staff',
  tickets: 'ticket',
  bugs: 'bug',
  bugVersions: 'bug_version',
  ticketBugs: 'ticket_bug',
  calls: 'call',
  scripts: 'script',
  scriptTickets: 'script_ticket',
  scriptBugs: 'script_bug',
  runs: 'run',
  runTickets: 'run_ticket',
  notes: 'note',
  changes: 'change_log',
  documents: 'document',
  documentTickets: 'document_ticket',
  counters: 'counter',
  trackers: 'tracker',
  trackerIssues: 'tracker_issue',
} as const;

export type DeskExport = { format: 'repro-desk'; version: number; exportedAt: string } & { [K in keyof typeof EXPORTED_TABLES]: Record<string, unknown>[] };

export function exportDesk(reader: Reader, exportedAt: string): DeskExport {
  const out: Record<string, unknown> = { format: 'repro-desk', version: schemaVersion(reader), exportedAt };
  for (const [name, table] of Object.entries(EXPORTED_TABLES)) out[name] = tableRows(reader, table);
  return out as DeskExport;
}

/** Whether the desk holds nothing an export would carry (a new desk: what an import and a push go into). */
export function deskIsEmpty(reader: Reader): boolean {
  return Object.values(EXPORTED_TABLES).every((table) => !reader.get(`SELECT 1 AS found FROM ${table} LIMIT 1`));
}

const notEmpty = (): WorkflowError => new WorkflowError(l10n.t('the desk is not empty: import into a new desk (--db NEW-FILE)'));

/** A row of the export on its way in: where it is in the export (for messages), its values, its columns. */
interface Incoming {
  at: string;
  record: Record<string, unknown>;
  columns: string[];
}

/**
 * How rows go into each engine. The embedded desk runs in-process: one INSERT a row costs nothing to send.
 * The team desk pays a round trip a statement, so rows go in as batches, each one statement with one
 * parameter (the rows as JSON), whose text is the same for every batch of a table (the dialect caches it).
 */
const INSERTS: Readonly<Record<Engine, { /** How much JSON a batch holds; 0: one row a statement. */ batchBytes: number; statement(table: string, rows: readonly Incoming[]): { sql: string; params: (string | number | null)[] } }>> = {
  embedded: {
    batchBytes: 0,
    statement: (table, [row]) => ({
      sql: `INSERT INTO ${table} (${row.columns.map(quoted).join(', ')}) VALUES (${row.columns.map(() => '?').join(', ')})`,
      params: row.columns.map((c) => row.record[c] as string | number | null),
    }),
  },
  team: {
    batchBytes: 4 << 20,
    statement: (table, rows) => {
      const list = rows[0].columns.map(quoted).join(', ');
      return { sql: `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(NULL::${table}, ?::json)`, params: [JSON.stringify(rows.map((r) => r.record))] };
    },
  },
};

const quoted = (column: string): string => `"${column}"`;

/**
 * Inserts rows that share their columns. A batch the database refuses is tried again a row at a time (inside a
 * savepoint, which undoes the batch), so that the message names the row that broke the rule.
 */
function insertRows(tx: Tx, table: string, rows: readonly Incoming[]): { lastId: number } {
  const { sql, params } = INSERTS[tx.engine ?? 'embedded'].statement(table, rows);
  if (rows.length === 1) {
    try {
      return tx.run(sql, params);
    } catch (error) {
      const refused = insertProblem(error, rows[0].at, rows[0].record);
      throw refused ? new WorkflowError(refused) : error;
    }
  }
  tx.run('SAVEPOINT import_rows');
  try {
    const inserted = tx.run(sql, params);
    tx.run('RELEASE SAVEPOINT import_rows');
    return inserted;
  } catch (error) {
    if (!brokeRule(error)) throw error;
    tx.run('ROLLBACK TO SAVEPOINT import_rows');
    let inserted = { lastId: 0 };
    for (const row of rows) inserted = insertRows(tx, table, [row]);
    tx.run('RELEASE SAVEPOINT import_rows');
    return inserted;
  }
}

/** Fills an empty desk with an export (of this schema or an older one). */
export async function importDesk(desk: DeskStore, data: unknown): Promise<{ rows: number }> {
  const input = data as Partial<DeskExport> | null;
  if (!input || typeof input !== 'object' || input.format !== 'repro-desk') throw new WorkflowError(l10n.t('not a Repro Desk export (it has no "format": "repro-desk")'));
  if (typeof input.version !== 'number' || input.version > SCHEMA_VERSION) {
    throw new WorkflowError(l10n.t('the export is of schema {0}, newer than this version of Repro Desk knows ({1})', String(input.version), SCHEMA_VERSION));
  }
  if (!deskIsEmpty(desk)) throw notEmpty();
  let rows = 0;
  // One change: a row that does not fit stops the import with its JSON path, and nothing of it is kept.
  await desk.replaceAll('import', (tx) => {
    // Asked again under the change's lock: another import may have filled the desk since.
    if (!deskIsEmpty(tx)) throw notEmpty();
    const { batchBytes } = INSERTS[tx.engine ?? 'embedded'];
    const shapes = new Map<string, TableShape>(Object.values(EXPORTED_TABLES).map((table) => [table, tableShape(tx, table)]));
    // The desk was empty, so the rows a reference may name are the ones this import has put in so far (or
    // is about to, in the same batch: a statement's references are checked at its end).
    const present = new Map<string, Set<unknown>>();
    for (const shape of shapes.values()) for (const { table, column } of shape.references.values()) present.set(`${table}.${column}`, new Set());
    for (const [name, table] of Object.entries(EXPORTED_TABLES)) {
      const list = (input as Record<string, unknown>)[name];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new WorkflowError(l10n.t('{0}: must be an array of rows', name));
      const shape = shapes.get(table)!;
      const known = new Map(shape.columns.map((c) => [c.name, c]));
      const targets = shape.columns.map((c) => c.name).filter((c) => present.has(`${table}.${c}`));
      let batch: Incoming[] = [];
      let bytes = 0;
      const flush = (): { lastId: number } | undefined => {
        if (batch.length === 0) return undefined;
        const inserted = insertRows(tx, table, batch);
        rows += batch.length;
        batch = [];
        bytes = 0;
        return inserted;
      };
      list.forEach((row: unknown, index) => {
        const at = `${name}[${index}]`;
        const problem = rowProblem(shape, known, present, row, at);
        if (problem) throw new WorkflowError(problem);
        const record = row as Record<string, unknown>;
        const columns = Object.keys(record);
        // A row without its id (a hand-made export) gets the database's next one, known only once it is in.
        const numbered = targets.filter((c) => record[c] === undefined || record[c] === null);
        const size = batchBytes > 0 ? JSON.stringify(record).length : 0;
        const full = batchBytes === 0 || bytes + size > batchBytes;
        if (batch.length > 0 && (full || numbered.length > 0 || columns.join() !== batch[0].columns.join())) flush();
        batch.push({ at, record, columns });
        bytes += size;
        for (const column of targets) if (!numbered.includes(column)) present.get(`${table}.${column}`)!.add(record[column]);
        if (numbered.length === 0) return;
        const { lastId } = flush()!;
        for (const column of numbered) if (shape.key.length === 1 && shape.key[0] === column) present.get(`${table}.${column}`)!.add(lastId);
      });
      flush();
    }
  });
  return { rows };
}

const EXPORT_NAME: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(EXPORTED_TABLES).map(([name, table]) => [table, name]));

const shown = (value: unknown): string => JSON.stringify(value);

/** The first thing wrong with a row, as `tickets[3].status: …`, or undefined when it fits. */
function rowProblem(shape: TableShape, known: Map<string, TableColumn>, present: Map<string, Set<unknown>>, row: unknown, at: string): string | undefined {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return l10n.t('{0}: must be an object (a row)', at);
  const record = row as Record<string, unknown>;
  for (const column of Object.keys(record)) if (!known.has(column)) return l10n.t('{0}.{1}: a column the desk does not know', at, column);
  for (const [column, { type, required }] of known) {
    const value = record[column];
    if (value === undefined || value === null) {
      if (required) return l10n.t('{0}.{1}: missing', at, column);
      continue;
    }
    if (type === 'INTEGER' && !Number.isInteger(value)) return l10n.t('{0}.{1}: {2} is not a whole number', at, column, shown(value));
    if (type === 'TEXT' && typeof value !== 'string') return l10n.t('{0}.{1}: {2} is not a text', at, column, shown(value));
    if (type !== 'INTEGER' && type !== 'TEXT' && typeof value === 'object') return l10n.t('{0}.{1}: {2} is not a value', at, column, shown(value));
    const choices = shape.choices.get(column);
    if (choices && !choices.includes(value as string)) return l10n.t('{0}.{1}: {2} is not one of {3}', at, column, shown(value), choices.join(', '));
    const reference = shape.references.get(column);
    if (reference && !present.get(`${reference.table}.${reference.column}`)!.has(value)) {
      return l10n.t('{0}.{1}: no row of {2} has the {3} {4}', at, column, EXPORT_NAME[reference.table] ?? reference.table, reference.column, shown(value));
    }
  }
  return undefined;
}

/** The columns a uniqueness error names: SQLite's message, PostgreSQL's detail (`Key (a, b)=(…) already exists.`). */
function duplicated(error: unknown): string[] | undefined {
  if (error instanceof PostgresError) {
    const key = error.code === '23505' ? /^Key \((.+?)\)=\(/.exec(error.error.detail ?? '') : null;
    return key?.[1].split(', ').map((c) => c.replace(/^"|"$/g, ''));
  }
  const unique = /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec((error as Error)?.message ?? '');
  return unique?.[1].split(', ').map((c) => c.split('.').pop()!);
}

/**
 * A rule of the schema the row broke, or a value the column cannot hold (SQLSTATE classes 23 and 22 on
 * PostgreSQL), as opposed to a failure of the database or the way to it.
 */
const brokeRule = (error: unknown): boolean => (error instanceof PostgresError ? /^2[23]/.test(error.code ?? '') : /constraint failed/.test((error as Error)?.message ?? ''));

/**
 * What the database refused, in the export's terms (never the database's own message); undefined when the row
 * is not what failed (a connection lost in the middle of the import is reported as itself).
 */
function insertProblem(error: unknown, at: string, row: Record<string, unknown>): string | undefined {
  if (!brokeRule(error)) return undefined;
  const columns = duplicated(error);
  if (columns) return l10n.t('{0}.{1}: {2} appears twice in the export', at, columns.join('+'), columns.map((c) => shown(row[c])).join(', '));
  return l10n.t('{0}: the row breaks a rule of the desk (a value that does not fit with the others)', at);
}
