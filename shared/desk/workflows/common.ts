// What every workflow shares: finding rows by the names people use (keys, logins, organization names),
// the change log, system notes, and the error a workflow rule raises.

import * as l10n from '@vscode/l10n';
import { versionSortKey } from '../schema';
import type { Reader, Tx } from '../store';
import { TICKET_KEY } from '../../core/commands';

/** A workflow rule said no; the message says why, for a person. */
export class WorkflowError extends Error {}

export interface TicketRow {
  id: number;
  key: string;
  type: string;
  subject: string;
  description: string;
  steps: string;
  expected: string;
  actual: string;
  channel: string | null;
  contact_id: number | null;
  organization_id: number | null;
  product_id: number | null;
  component_id: number | null;
  reported_version_id: number | null;
  environment: string;
  status: string;
  priority: string;
  severity: string;
  resolution: string | null;
  assignee_id: number | null;
  callback_due: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  first_response_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  reopen_count: number;
}

export interface BugRow {
  id: number;
  key: string;
  title: string;
  description: string;
  status: string;
  resolution: string | null;
  severity: string;
  reproducibility: string;
  product_id: number | null;
  component_id: number | null;
  developer_id: number | null;
  fixed_in_version_id: number | null;
  external_key: string | null;
  external_url: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  resolved_at: string | null;
}

export function ticket(reader: Reader, key: string): TicketRow {
  const row = reader.get<TicketRow>('SELECT * FROM ticket WHERE key = ?', [key.toUpperCase()]);
  if (!row) throw new WorkflowError(l10n.t('no ticket {0} in the desk', key));
  return row;
}

export function bug(reader: Reader, key: string): BugRow {
  const row = reader.get<BugRow>('SELECT * FROM bug WHERE key = ?', [key.toUpperCase()]);
  if (!row) throw new WorkflowError(l10n.t('no bug {0} in the desk', key));
  return row;
}

export function staffId(reader: Reader, login: string): number {
  const row = reader.get<{ id: number }>('SELECT id FROM staff WHERE login = ?', [login]);
  if (!row) throw new WorkflowError(l10n.t('no staff member with the login {0}', login));
  return row.id;
}

/** The organization of that name, made when it is new. */
export function organizationId(tx: Tx, name: string): number {
  const found = tx.get<{ id: number }>('SELECT id FROM organization WHERE name = ? COLLATE NOCASE', [name.trim()]);
  if (found) return found.id;
  return tx.run('INSERT INTO organization (name, created_at) VALUES (?, ?)', [name.trim(), tx.now]).lastId;
}

/** The product of that name, made when it is new. */
export function productId(tx: Tx, name: string): number {
  const found = tx.get<{ id: number }>('SELECT id FROM product WHERE name = ? COLLATE NOCASE', [name.trim()]);
  if (found) return found.id;
  return tx.run('INSERT INTO product (name) VALUES (?)', [name.trim()]).lastId;
}

/** The version of a product, made (unreleased) when it is new. */
export function versionId(tx: Tx, productName: string, name: string): number {
  const product = productId(tx, productName);
  const found = tx.get<{ id: number }>('SELECT id FROM version WHERE product_id = ? AND name = ?', [product, name.trim()]);
  if (found) return found.id;
  return tx.run('INSERT INTO version (product_id, name, sort_key) VALUES (?, ?, ?)', [product, name.trim(), versionSortKey(name.trim())]).lastId;
}

export function componentId(tx: Tx, productName: string, name: string): number {
  const product = productId(tx, productName);
  const found = tx.get<{ id: number }>('SELECT id FROM component WHERE product_id = ? AND name = ?', [product, name.trim()]);
  if (found) return found.id;
  return tx.run('INSERT INTO component (product_id, name) VALUES (?, ?)', [product, name.trim()]).lastId;
}

/** Records a field change of a ticket or bug (values as text, null for "not set"). */
export function logChange(tx: Tx, entity: 'ticket' | 'bug', id: number, field: string, before: unknown, after: unknown): void {
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  if (text(before) === text(after)) return;
  tx.run('INSERT INTO change_log (entity, entity_id, field, old_value, new_value, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)', [entity, id, field, text(before), text(after), tx.by, tx.now]);
}

/**
 * A note the desk itself writes on a ticket or bug (a status moved by a rule, a suggestion), in the language of
 * whoever made the change (the text is part of the change, so every process replays the same words).
 */
export function systemNote(tx: Tx, target: { ticketId?: number; bugId?: number }, body: string): void {
  tx.run('INSERT INTO note (ticket_id, bug_id, kind, visibility, body, by, at) VALUES (?, ?, ?, ?, ?, ?, ?)', [target.ticketId ?? null, target.bugId ?? null, 'system', 'private', body, tx.by, tx.now]);
}

/** The next key with a prefix (SUP-1, SUP-2…), past every key of that prefix the desk has. */
export function nextKey(tx: Tx, prefix: string): string {
  const name = `key:${prefix}`;
  const value = (tx.get<{ value: number }>('SELECT value FROM counter WHERE name = ?', [name])?.value ?? 0) + 1;
  tx.run('INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
  return `${prefix}-${value}`;
}

/** Checks a key the user chose and keeps the counter of its prefix past it. */
export function claimKey(tx: Tx, key: string, table: 'ticket' | 'bug'): string {
  const upper = key.trim().toUpperCase();
  if (!TICKET_KEY.test(upper)) throw new WorkflowError(l10n.t('{0} is not a key (write it as SUP-1042)', key));
  if (tx.get(`SELECT 1 AS found FROM ${table} WHERE key = ?`, [upper])) throw new WorkflowError(l10n.t('{0} is already in the desk', upper));
  const [prefix, number] = upper.split('-');
  const name = `key:${prefix}`;
  tx.run('INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = CASE WHEN counter.value > excluded.value THEN counter.value ELSE excluded.value END', [name, Number(number)]);
  return upper;
}
