// Two people editing the same field of a ticket or bug: an edit may say what it started from (the value its
// editor read, `base`), and inside the change's transaction that is compared with the row as it is now. When
// someone else changed the field in between, the edit of that field is refused (EditConflict, with both values
// and who changed it when, from the change log); fields nobody else touched are saved. The same on both
// engines: the comparison is the workflow's own, on the row read under the change's lock.
// Invariant: a field is refused only when the desk holds neither what the editor started from nor what it
// saves (a change to the same value is not a conflict, and neither is a change made and undone meanwhile).

import * as l10n from '@vscode/l10n';
import type { Reader } from '../store';
import { label } from '../vocabulary';
import { WorkflowError } from './common';

/** A field's value as people write it (names, logins, ISO times; null for not set). */
export type FieldValue = string | number | null | undefined;

/** One field refused: what the desk holds now (theirs), what the edit gave (yours), who set theirs and when. */
export interface FieldConflict {
  /** The edit's name for the field (`priority`, `organization`, `assignee`…). */
  field: string;
  /** What the editor started from. */
  base: string | null;
  theirs: string | null;
  yours: string | null;
  /** Who set theirs; null when the change log holds no entry for it (a write the log does not record). */
  by: string | null;
  /** When theirs was set (the row's last change when the log does not say). */
  at: string;
  /** The values are of a closed set (a priority, a status): shown by their labels. */
  choice: boolean;
}

/** What each field is called in a conflict's message, shown through l10n.t. */
export const FIELD_NAMES: Readonly<Record<string, string>> = {
  subject: 'subject',
  title: 'title',
  description: 'description',
  steps: 'steps to reproduce',
  expected: 'expected result',
  actual: 'actual result',
  environment: 'environment',
  type: 'type',
  priority: 'priority',
  severity: 'severity',
  channel: 'channel',
  contactId: 'contact person',
  organization: 'organization',
  product: 'product',
  component: 'component',
  reportedVersion: 'reported version',
  assignee: 'assignee',
  callbackDue: 'callback due',
  status: 'status',
  developer: 'developer',
  reproducibility: 'reproducibility',
  affectedVersions: 'affected versions',
  externalKey: 'external tracker key',
  externalUrl: 'external tracker address',
};

const text = (value: FieldValue): string | null => (value === null || value === undefined || value === '' ? null : String(value));
/** A value in a one-line message: a closed set's label, else the text quoted, on one line, long text cut. */
function shown(value: string | null, choice: boolean): string {
  if (value === null) return l10n.t('not set');
  if (choice) return l10n.t(label(value));
  const line = value.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 59)}…` : line);
}
const time = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');

/**
 * The edit was refused for the fields in `conflicts` (the others given were saved: `saved`). Its message is one
 * line for the CLI; the panel shows the fields' values from `conflicts`.
 */
export class EditConflict extends WorkflowError {
  constructor(
    readonly entity: 'ticket' | 'bug',
    readonly key: string,
    readonly conflicts: readonly FieldConflict[],
    readonly saved: readonly string[],
  ) {
    const parts = conflicts.map((c) =>
      c.by === null
        ? l10n.t('{0} was changed to {1} at {2}, yours ({3}) was not saved', l10n.t(FIELD_NAMES[c.field] ?? c.field), shown(c.theirs, c.choice), time(c.at), shown(c.yours, c.choice))
        : l10n.t('{0} was changed to {1} by {2} at {3}, yours ({4}) was not saved', l10n.t(FIELD_NAMES[c.field] ?? c.field), shown(c.theirs, c.choice), c.by, time(c.at), shown(c.yours, c.choice)),
    );
    const message = l10n.t('{0} changed while you edited it: {1}', key, parts.join('; '));
    super(saved.length ? l10n.t('{0}; saved: {1}', message, saved.map((f) => l10n.t(FIELD_NAMES[f] ?? f)).join(', ')) : message);
  }
}

/** One field of an edit, to check: the change log's name for it, and its values in the edit's form. */
export interface EditCheck {
  field: string;
  /** The change log's `field` for it (`organization_id`, `assignee`…). */
  log: string;
  base: FieldValue;
  yours: FieldValue;
  theirs: FieldValue;
  /** What the change log's `new_value` holds when it set theirs (an id where theirs is a name); default theirs. */
  logged?: FieldValue;
  /** Of a closed set (shown by its label). */
  choice?: boolean;
  /** Names are the same whatever their spaces (and for organizations and products, their case). */
  fold?: (value: string) => string;
}

function same(a: FieldValue, b: FieldValue, fold: (value: string) => string = (v) => v): boolean {
  const [x, y] = [text(a), text(b)];
  return x === null || y === null ? x === y : fold(x) === fold(y);
}

/** The checks that conflict: the desk holds neither the base nor yours. Checks without a base are not checked. */
export function findConflicts(reader: Reader, entity: 'ticket' | 'bug', row: { id: number; updated_at: string }, checks: readonly EditCheck[]): FieldConflict[] {
  return checks
    .filter((c) => c.base !== undefined && !same(c.theirs, c.base, c.fold) && !same(c.theirs, c.yours, c.fold))
    .map((c) => {
      const last = reader.get<{ by: string; at: string; new_value: string | null }>(
        'SELECT by, at, new_value FROM change_log WHERE entity = ? AND entity_id = ? AND field = ? ORDER BY id DESC LIMIT 1',
        [entity, row.id, c.log],
      );
      // The entry names who set theirs only when it is the one that set it.
      const known = last !== undefined && same(last.new_value, c.logged === undefined ? c.theirs : c.logged);
      return { field: c.field, base: text(c.base), theirs: text(c.theirs), yours: text(c.yours), by: known ? last.by : null, at: known ? last.at : row.updated_at, choice: c.choice ?? false };
    });
}

/** Folds for names: trimmed; organizations and products are found whatever their case. */
export const trimmed = (value: string): string => value.trim();
export const caseless = (value: string): string => value.trim().toLowerCase();

/** How one field a person edits reads from its row, in the edit's form (names, not ids). */
export interface FieldRead<Row> {
  /** The change log's `field` for it. */
  log: string;
  read(reader: Reader, row: Row): FieldValue;
  /** What the change log holds for the value (the id, where the edit names it); default what `read` gives. */
  logged?(row: Row): FieldValue;
  fold?: (value: string) => string;
  choice?: boolean;
}

/** A column as it is (`choice`: of a closed set). */
export function column<Row>(name: keyof Row & string, choice = false): FieldRead<Row> {
  return { log: name, read: (_reader, row) => row[name] as FieldValue, choice };
}

/** An id column, read as the name of the row it points at (the log keeps the id). */
export function named<Row>(name: keyof Row & string, table: 'organization' | 'product' | 'component' | 'version', fold: (value: string) => string): FieldRead<Row> {
  return { log: name, read: (reader, row) => nameOf(reader, table, row[name] as number | null), logged: (row) => row[name] as FieldValue, fold };
}

export function nameOf(reader: Reader, table: string, id: number | null): string | null {
  return id === null ? null : (reader.get<{ name: string }>(`SELECT name FROM ${table} WHERE id = ?`, [id])?.name ?? null);
}

/** The checks of the fields an edit gives, each against its base (fields given no base are not checked). */
export function editChecks<Row, F extends object>(reads: { readonly [K in keyof F]-?: FieldRead<Row> }, reader: Reader, row: Row, fields: F, base: Partial<F>): EditCheck[] {
  return (Object.keys(fields) as (keyof F & string)[])
    .filter((field) => fields[field] !== undefined && base[field] !== undefined)
    .map((field) => {
      const how = reads[field];
      return { field, log: how.log, base: base[field] as FieldValue, yours: fields[field] as FieldValue, theirs: how.read(reader, row), logged: how.logged?.(row), fold: how.fold, choice: how.choice };
    });
}

/** The fields of an edit that do not conflict (to be saved). */
export function withoutConflicts<F extends object>(fields: F, conflicts: readonly FieldConflict[]): F {
  const refused = new Set(conflicts.map((c) => c.field));
  return Object.fromEntries(Object.entries(fields).filter(([field]) => !refused.has(field))) as F;
}

/** What an edit of several fields returns: nothing when none conflicted, else the conflict naming those kept. */
export function editOutcome(entity: 'ticket' | 'bug', key: string, conflicts: readonly FieldConflict[], kept: object): EditConflict | undefined {
  if (conflicts.length === 0) return undefined;
  return new EditConflict(entity, key, conflicts, Object.entries(kept).flatMap(([field, value]) => (value === undefined ? [] : [field])));
}

/** The one-field checks (assignee, status…): the conflict to return, or undefined to go on. */
export function checkOne(reader: Reader, entity: 'ticket' | 'bug', row: { id: number; key: string; updated_at: string }, check: EditCheck): EditConflict | undefined {
  const conflicts = findConflicts(reader, entity, row, [check]);
  return conflicts.length ? new EditConflict(entity, row.key, conflicts, []) : undefined;
}
