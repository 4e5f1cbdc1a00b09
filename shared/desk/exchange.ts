// The whole desk as JSON and back (`repro desk export|import`): one top-level array per entity, each row with
// the table's own column names and ids, so that an import into an empty desk gives the same desk. Derived
// tables (search indexes, fingerprints) are rebuilt by the schema's triggers, not exported.

import * as l10n from '@vscode/l10n';
import { SCHEMA_VERSION } from './schema';
import type { DeskStore, Reader } from './store';
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
} as const;

export type DeskExport = { format: 'repro-desk'; version: number; exportedAt: string } & { [K in keyof typeof EXPORTED_TABLES]: Record<string, unknown>[] };

export function exportDesk(reader: Reader, exportedAt: string): DeskExport {
  const out: Record<string, unknown> = { format: 'repro-desk', version: SCHEMA_VERSION, exportedAt };
  for (const [name, table] of Object.entries(EXPORTED_TABLES)) out[name] = reader.all(`SELECT * FROM ${table} ORDER BY rowid`);
  return out as DeskExport;
}

/** Fills an empty desk with an export (of this schema or an older one). */
export async function importDesk(desk: DeskStore, data: unknown): Promise<{ rows: number }> {
  const input = data as Partial<DeskExport> | null;
  if (!input || typeof input !== 'object' || input.format !== 'repro-desk') throw new WorkflowError(l10n.t('not a Repro Desk export (it has no "format": "repro-desk")'));
  if (typeof input.version !== 'number' || input.version > SCHEMA_VERSION) {
    throw new WorkflowError(l10n.t('the export is of schema {0}, newer than this version of Repro Desk knows ({1})', String(input.version), SCHEMA_VERSION));
  }
  for (const table of ['ticket', 'bug', 'call', 'organization', 'staff', 'document']) {
    if (desk.get(`SELECT 1 AS found FROM ${table} LIMIT 1`)) throw new WorkflowError(l10n.t('the desk is not empty: import into a new desk (--db NEW-FILE)'));
  }
  let rows = 0;
  // One change: a row that does not fit stops the import with its JSON path, and nothing of it is kept.
  await desk.replaceAll('import', (tx) => {
    for (const [name, table] of Object.entries(EXPORTED_TABLES)) {
      const list = (input as Record<string, unknown>)[name];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new WorkflowError(l10n.t('{0}: must be an array of rows', name));
      const rules = tableRules(tx, table);
      list.forEach((row: unknown, index) => {
        const at = `${name}[${index}]`;
        const problem = rowProblem(tx, rules, row, at);
        if (problem) throw new WorkflowError(problem);
        const record = row as Record<string, unknown>;
        const columns = Object.keys(record);
        try {
          tx.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => record[c] as string | number | null));
        } catch (error) {
          throw new WorkflowError(insertProblem(error, at, record));
        }
        rows++;
      });
    }
  });
  return { rows };
}

/** What a table's schema says a row must be: its columns' types, which must be there, closed sets, references. */
interface TableRules {
  columns: Map<string, { type: string; required: boolean }>;
  /** column → its closed set (the schema's `CHECK(column IN (…))`). */
  choices: Map<string, string[]>;
  /** column → the exported entity and column it refers to. */
  references: Map<string, { table: string; column: string }>;
}

const EXPORT_NAME: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(EXPORTED_TABLES).map(([name, table]) => [table, name]));

/** Read from the schema itself (PRAGMAs and the CHECKs in its SQL), so that the rules cannot drift from it. */
function tableRules(reader: Reader, table: string): TableRules {
  const info = reader.all<{ name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>(`PRAGMA table_info(${table})`);
  const columns = new Map(info.map((c) => [c.name, { type: c.type.toUpperCase(), required: c.notnull === 1 && c.dflt_value === null && c.pk === 0 }]));
  const sql = reader.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table])?.sql ?? '';
  const choices = new Map<string, string[]>();
  for (const m of sql.matchAll(/CHECK\s*\(\s*(\w+) (?:IS NULL OR \1 )?IN \(([^)]*)\)\s*\)/g)) choices.set(m[1], [...m[2].matchAll(/'([^']*)'/g)].map((v) => v[1]));
  const references = new Map(reader.all<{ from: string; table: string; to: string | null }>(`PRAGMA foreign_key_list(${table})`).map((f) => [f.from, { table: f.table, column: f.to ?? 'id' }]));
  return { columns, choices, references };
}

const shown = (value: unknown): string => JSON.stringify(value);

/** The first thing wrong with a row, as `tickets[3].status: …`, or undefined when it fits. */
function rowProblem(reader: Reader, rules: TableRules, row: unknown, at: string): string | undefined {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return l10n.t('{0}: must be an object (a row)', at);
  const record = row as Record<string, unknown>;
  for (const column of Object.keys(record)) if (!rules.columns.has(column)) return l10n.t('{0}.{1}: a column the desk does not know', at, column);
  for (const [column, { type, required }] of rules.columns) {
    const value = record[column];
    if (value === undefined || value === null) {
      if (required) return l10n.t('{0}.{1}: missing', at, column);
      continue;
    }
    if (type === 'INTEGER' && !Number.isInteger(value)) return l10n.t('{0}.{1}: {2} is not a whole number', at, column, shown(value));
    if (type === 'TEXT' && typeof value !== 'string') return l10n.t('{0}.{1}: {2} is not a text', at, column, shown(value));
    if (type !== 'INTEGER' && type !== 'TEXT' && typeof value === 'object') return l10n.t('{0}.{1}: {2} is not a value', at, column, shown(value));
    const choices = rules.choices.get(column);
    if (choices && !choices.includes(value as string)) return l10n.t('{0}.{1}: {2} is not one of {3}', at, column, shown(value), choices.join(', '));
    const reference = rules.references.get(column);
    if (reference && !reader.get(`SELECT 1 AS found FROM ${reference.table} WHERE ${reference.column} = ?`, [value as number])) {
      return l10n.t('{0}.{1}: no row of {2} has the {3} {4}', at, column, EXPORT_NAME[reference.table] ?? reference.table, reference.column, shown(value));
    }
  }
  return undefined;
}

/** What SQLite refused, in the export's terms (never SQLite's own message). */
function insertProblem(error: unknown, at: string, row: Record<string, unknown>): string {
  const unique = /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec((error as Error)?.message ?? '');
  if (unique) {
    const columns = unique[1].split(', ').map((c) => c.split('.').pop()!);
    return l10n.t('{0}.{1}: {2} appears twice in the export', at, columns.join('+'), columns.map((c) => shown(row[c])).join(', '));
  }
  return l10n.t('{0}: the row breaks a rule of the desk (a value that does not fit with the others)', at);
}
