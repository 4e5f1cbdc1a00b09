// What a desk table is, as the database's own catalog says it, on either engine: its columns (with their types,
// which a row must give, which the database computes), its primary key, its closed sets and its references; and
// which schema version the desk is at. Export and import (exchange.ts) read tables by it, so that neither names
// a column twice and neither drifts from the schema. The engines keep their catalogs differently (SQLite's
// PRAGMAs and the CREATE statement's text; PostgreSQL's pg_catalog), so there is one reader per engine, in a
// table by `reader.engine`. pg_catalog rather than information_schema: the latter shows constraints only to
// roles that may change a table, and a read-only login must still be able to export.

import type { Engine, Reader } from './store';

export interface TableColumn {
  name: string;
  /** The declared type, upper case: INTEGER, TEXT (the only two the desk's exported tables use). */
  type: string;
  /** A row must give it: NOT NULL (or a key), with no default and not numbered by the database. */
  required: boolean;
}

export interface TableShape {
  /** The columns a row holds, in the table's order; computed ones (the team desk's `search`) left out. */
  columns: TableColumn[];
  /** The primary key's columns, in the key's order: the order rows are exported in, the same on both engines. */
  key: string[];
  /** column → its closed set (the schema's `CHECK(column IN (…))`). */
  choices: Map<string, string[]>;
  /** column → the table and column it refers to. */
  references: Map<string, { table: string; column: string }>;
}

interface Catalog {
  /** The desk's schema version (a desk opened read-only may be older than this Repro Desk's). */
  schemaVersion(reader: Reader): number;
  shape(reader: Reader, table: string): TableShape;
  /** An ORDER BY term that sorts alike on both engines (text by code point, whatever the server's collation). */
  orderBy(column: TableColumn): string;
}

/** A column's name as both engines read it whatever it is (`by`, `at` and `key` are words of SQL). */
const quoted = (name: string): string => `"${name}"`;

/** Values of a closed set inside a CHECK, as each engine writes them: 'a', 'b' (SQLite), 'a'::text (PostgreSQL). */
const quotedValues = (list: string): string[] => [...list.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1].replaceAll("''", "'"));

const embedded: Catalog = {
  schemaVersion: (reader) => reader.get<{ user_version: number }>('PRAGMA user_version')!.user_version,
  shape(reader, table) {
    const info = reader.all<{ name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>(`PRAGMA table_info(${table})`);
    // An INTEGER PRIMARY KEY alone is the rowid: SQLite numbers it when a row leaves it out.
    const keyed = info.filter((c) => c.pk > 0);
    const rowid = keyed.length === 1 && keyed[0].type.toUpperCase() === 'INTEGER' ? keyed[0].name : undefined;
    const columns = info.map((c) => ({ name: c.name, type: c.type.toUpperCase(), required: (c.notnull === 1 || c.pk > 0) && c.dflt_value === null && c.name !== rowid }));
    const sql = reader.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table])?.sql ?? '';
    const choices = new Map<string, string[]>();
    for (const m of sql.matchAll(/CHECK\s*\(\s*(\w+) (?:IS NULL OR \1 )?IN \(([^)]*)\)\s*\)/g)) choices.set(m[1], quotedValues(m[2]));
    const foreign = reader.all<{ from: string; table: string; to: string | null }>(`PRAGMA foreign_key_list(${table})`);
    return {
      columns,
      key: keyed.sort((a, b) => a.pk - b.pk).map((c) => c.name),
      choices,
      references: new Map(foreign.map((f) => [f.from, { table: f.table, column: f.to ?? 'id' }])),
    };
  },
  // SQLite's default collation (BINARY) compares UTF-8 bytes: code point order.
  orderBy: (column) => quoted(column.name),
};

const team: Catalog = {
  schemaVersion: (reader) => Number(reader.get<{ value: string }>("SELECT value FROM desk_meta WHERE key = 'schema_version'")!.value),
  shape(reader, table) {
    const info = reader.all<{ name: string; type: string; required: number; generated: number; pk: number }>(
      `SELECT a.attname AS name, upper(format_type(a.atttypid, a.atttypmod)) AS type,
         (a.attnotnull AND NOT a.atthasdef AND a.attidentity = '') AS required, (a.attgenerated <> '') AS generated,
         coalesce(array_position(p.conkey, a.attnum), 0) AS pk
       FROM pg_attribute a LEFT JOIN pg_constraint p ON p.conrelid = a.attrelid AND p.contype = 'p'
       WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [table],
    );
    const constraints = reader.all<{ kind: string; definition: string; from: string | null; target: string | null; to: string | null }>(
      `SELECT c.contype AS kind, pg_get_constraintdef(c.oid) AS definition, a.attname AS "from", t.relname AS target, b.attname AS "to"
       FROM pg_constraint c
       LEFT JOIN pg_attribute a ON c.contype = 'f' AND a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       LEFT JOIN pg_class t ON t.oid = c.confrelid
       LEFT JOIN pg_attribute b ON c.contype = 'f' AND b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
       WHERE c.conrelid = ?::regclass AND c.contype IN ('c', 'f') ORDER BY c.conname`,
      [table],
    );
    const choices = new Map<string, string[]>();
    const references = new Map<string, { table: string; column: string }>();
    for (const c of constraints) {
      // PostgreSQL keeps `status IN ('a', 'b')` as `(status = ANY (ARRAY['a'::text, 'b'::text]))`.
      const set = c.kind === 'c' ? /^CHECK \(+(?:\(?(\w+) IS NULL\)? OR \(+)?(\w+) = ANY \(ARRAY\[(.*)\]\)\)+$/.exec(c.definition) : null;
      if (set && (!set[1] || set[1] === set[2])) choices.set(set[2], quotedValues(set[3]));
      if (c.kind === 'f' && c.from && c.target && c.to) references.set(c.from, { table: c.target, column: c.to });
    }
    const stored = info.filter((c) => !c.generated);
    return {
      columns: stored.map(({ name, type, required }) => ({ name, type, required: required === 1 })),
      key: stored.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      choices,
      references,
    };
  },
  // The database's collation may sort text by a language's rules; "C" sorts by code point, as SQLite does.
  orderBy: (column) => (column.type === 'TEXT' ? `${quoted(column.name)} COLLATE "C"` : quoted(column.name)),
};

const CATALOGS: Readonly<Record<Engine, Catalog>> = { embedded, team };

export function schemaVersion(reader: Reader): number {
  return CATALOGS[reader.engine ?? 'embedded'].schemaVersion(reader);
}

export function tableShape(reader: Reader, table: string): TableShape {
  return CATALOGS[reader.engine ?? 'embedded'].shape(reader, table);
}

/** Every row of a table, its stored columns only, in the order of its primary key: the same on both engines. */
export function tableRows(reader: Reader, table: string, shape: TableShape = tableShape(reader, table)): Record<string, unknown>[] {
  const catalog = CATALOGS[reader.engine ?? 'embedded'];
  const order = (shape.key.length ? shape.key.map((name) => shape.columns.find((c) => c.name === name)!) : shape.columns).map((c) => catalog.orderBy(c));
  return reader.all(`SELECT ${shape.columns.map((c) => quoted(c.name)).join(', ')} FROM ${table} ORDER BY ${order.join(', ')}`);
}
