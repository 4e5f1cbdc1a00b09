// The whole desk as JSON and back (`repro desk export|import`): one top-level array per entity, each row with
// the table's own column names and ids, so that an import into an empty desk gives the same desk. Derived
// tables (search indexes, fingerprints) are rebuilt by the schema's triggers, not exported.

import * as l10n from '@vscode/l10n';
import { SCHEMA_VERSION } from './schema';
import type { Desk, Reader } from './store';
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
export async function importDesk(desk: Desk, data: unknown): Promise<{ rows: number }> {
  const input = data as Partial<DeskExport> | null;
  if (!input || typeof input !== 'object' || input.format !== 'repro-desk') throw new WorkflowError(l10n.t('not a Repro Desk export (it has no "format": "repro-desk")'));
  if (typeof input.version !== 'number' || input.version > SCHEMA_VERSION) {
    throw new WorkflowError(l10n.t('the export is of schema {0}, newer than this version of Repro Desk knows ({1})', String(input.version), SCHEMA_VERSION));
  }
  for (const table of ['ticket', 'bug', 'call', 'organization', 'staff', 'document']) {
    if (desk.get(`SELECT 1 AS found FROM ${table} LIMIT 1`)) throw new WorkflowError(l10n.t('the desk is not empty: import into a new desk (--db NEW-FILE)'));
  }
  let rows = 0;
  await desk.replaceAll('import', (tx) => {
    for (const [name, table] of Object.entries(EXPORTED_TABLES)) {
      const list = (input as Record<string, unknown>)[name];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new WorkflowError(l10n.t('"{0}" must be an array of rows', name));
      const known = new Set(tx.all<{ name: string }>(`PRAGMA table_info(${table})`).map((c) => c.name));
      for (const row of list as Record<string, unknown>[]) {
        const columns = Object.keys(row ?? {});
        const unknown = columns.find((c) => !known.has(c));
        if (unknown) throw new WorkflowError(l10n.t('"{0}" has a column the desk does not know: {1}', name, unknown));
        tx.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => row[c] as string | number | null));
        rows++;
      }
    }
  });
  return { rows };
}
