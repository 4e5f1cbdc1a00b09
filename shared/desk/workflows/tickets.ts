// Tickets: the customer's request, from registration to closing (spec §2). The transition table is in
// vocabulary.ts; the rules that need more than the table are here.

import * as l10n from '@vscode/l10n';
import type { Tx } from '../store';
import {
  OPEN_TICKET_STATUSES,
  TICKET_TRANSITIONS,
  label,
  type Channel,
  type Priority,
  type TicketResolution,
  type TicketSeverity,
  type TicketStatus,
  type TicketType,
} from '../vocabulary';
import { claimKey, componentId, logChange, nextKey, organizationId, productId, staffId, ticket, versionId, WorkflowError, type TicketRow } from './common';
import { caseless, checkOne, column, editChecks, editOutcome, findConflicts, named, trimmed, withoutConflicts, type EditConflict, type FieldRead } from './conflicts';

/** The fields a person edits on a ticket; names and logins stand for the rows they name. */
export interface TicketFields {
  type?: TicketType;
  subject?: string;
  description?: string;
  steps?: string;
  expected?: string;
  actual?: string;
  channel?: Channel | null;
  /** A contact's id (contacts are made with `addContact`). */
  contactId?: number | null;
  organization?: string | null;
  product?: string | null;
  component?: string | null;
  /** Needs `product`. */
  reportedVersion?: string | null;
  environment?: string;
  priority?: Priority;
  severity?: TicketSeverity;
}

export interface NewTicket extends TicketFields {
  subject: string;
  /** A key of one's own (from a script's `ticket` directive); else the next of `prefix` (default SUP). */
  key?: string;
  prefix?: string;
  /** The call the ticket comes from. */
  callId?: number;
  assignee?: string;
  callbackDue?: string;
}

/** How each field reads from the row, for the edit's check against what its editor started from. */
const TICKET_READS: { readonly [F in keyof TicketFields]-?: FieldRead<TicketRow> } = {
  type: column('type', true),
  subject: column('subject'),
  description: column('description'),
  steps: column('steps'),
  expected: column('expected'),
  actual: column('actual'),
  channel: column('channel', true),
  contactId: column('contact_id'),
  organization: named('organization_id', 'organization', caseless),
  product: named('product_id', 'product', caseless),
  component: named('component_id', 'component', trimmed),
  reportedVersion: named('reported_version_id', 'version', trimmed),
  environment: column('environment'),
  priority: column('priority', true),
  severity: column('severity', true),
};

/** Column values for fields given (only those), with names resolved to ids. */
function columns(tx: Tx, fields: TicketFields, product?: string | null): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const plain = ['type', 'subject', 'description', 'steps', 'expected', 'actual', 'channel', 'environment', 'priority', 'severity'] as const;
  for (const name of plain) if (fields[name] !== undefined) out[name] = fields[name] as string | null;
  if (fields.subject !== undefined && !fields.subject.trim()) throw new WorkflowError(l10n.t('a ticket needs a subject'));
  if (fields.contactId !== undefined) out.contact_id = fields.contactId;
  if (fields.organization !== undefined) out.organization_id = fields.organization ? organizationId(tx, fields.organization) : null;
  const productName = fields.product !== undefined ? fields.product : product;
  if (fields.product !== undefined) out.product_id = fields.product ? productId(tx, fields.product) : null;
  for (const [field, column, make] of [
    ['component', 'component_id', componentId],
    ['reportedVersion', 'reported_version_id', versionId],
  ] as const) {
    const value = fields[field];
    if (value === undefined) continue;
    if (value && !productName) throw new WorkflowError(l10n.t('a {0} belongs to a product: give the product first', field === 'component' ? l10n.t('component') : l10n.t('version')));
    out[column] = value ? make(tx, productName!, value) : null;
  }
  return out;
}

export function createTicket(tx: Tx, input: NewTicket): { id: number; key: string } {
  const key = input.key ? claimKey(tx, input.key, 'ticket') : nextKey(tx, (input.prefix ?? 'SUP').toUpperCase());
  const values = columns(tx, input);
  // A ticket made from a call takes the caller's organization unless told otherwise.
  if (input.callId !== undefined && values.organization_id === undefined) {
    const call = tx.get<{ organization_id: number | null; contact_id: number | null; channel: string }>('SELECT organization_id, contact_id, channel FROM call WHERE id = ?', [input.callId]);
    if (!call) throw new WorkflowError(l10n.t('no call {0} in the desk', input.callId));
    values.organization_id = call.organization_id;
    values.contact_id ??= call.contact_id;
    values.channel ??= call.channel;
  }
  if (input.assignee) values.assignee_id = staffId(tx, input.assignee);
  if (input.callbackDue) values.callback_due = input.callbackDue;
  const all: Record<string, string | number | null> = { key, ...values, created_at: tx.now, created_by: tx.by, updated_at: tx.now };
  const names = Object.keys(all);
  const id = tx.run(`INSERT INTO ticket (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, Object.values(all)).lastId;
  if (input.callId !== undefined) tx.run('UPDATE call SET ticket_id = ? WHERE id = ?', [id, input.callId]);
  logChange(tx, 'ticket', id, 'created', null, key);
  return { id, key };
}

/**
 * Changes the fields given; each change goes into the change log. With `base` (what the editor started from,
 * field by field), a field someone else changed meanwhile is not saved: the others are, and the EditConflict
 * returned says which were refused (perform throws it once the rest is committed).
 */
export function updateTicket(tx: Tx, key: string, fields: TicketFields, base: TicketFields = {}): EditConflict | undefined {
  const row = ticket(tx, key);
  const conflicts = findConflicts(tx, 'ticket', row, editChecks(TICKET_READS, tx, row, fields, base));
  const kept = withoutConflicts(fields, conflicts);
  const product = kept.product === undefined && row.product_id !== null ? tx.get<{ name: string }>('SELECT name FROM product WHERE id = ?', [row.product_id])?.name : undefined;
  const values = columns(tx, kept, product);
  const changed = Object.entries(values).filter(([column, value]) => row[column as keyof TicketRow] !== value);
  if (changed.length > 0) {
    tx.run(`UPDATE ticket SET ${changed.map(([column]) => `${column} = ?`).join(', ')}, updated_at = ? WHERE id = ?`, [...changed.map(([, v]) => v), tx.now, row.id]);
    for (const [column, value] of changed) logChange(tx, 'ticket', row.id, column, row[column as keyof TicketRow], value);
  }
  return editOutcome('ticket', row.key, conflicts, kept);
}

/** Gives the ticket to a specialist (null: to nobody); `base`, the assignee the editor saw. */
export function assignTicket(tx: Tx, key: string, login: string | null, base?: string | null): EditConflict | undefined {
  const row = ticket(tx, key);
  const before = row.assignee_id === null ? null : (tx.get<{ login: string }>('SELECT login FROM staff WHERE id = ?', [row.assignee_id])?.login ?? null);
  const conflict = checkOne(tx, 'ticket', row, { field: 'assignee', log: 'assignee', base, yours: login, theirs: before });
  if (conflict) return conflict;
  const id = login ? staffId(tx, login) : null;
  if (id === row.assignee_id) return undefined;
  tx.run('UPDATE ticket SET assignee_id = ?, updated_at = ? WHERE id = ?', [id, tx.now, row.id]);
  logChange(tx, 'ticket', row.id, 'assignee', before, login);
  return undefined;
}

/** When the specialist owes the customer a call (null: nothing owed); `base`, the time the editor saw. */
export function setCallback(tx: Tx, key: string, due: string | null, base?: string | null): EditConflict | undefined {
  const row = ticket(tx, key);
  const conflict = checkOne(tx, 'ticket', row, { field: 'callbackDue', log: 'callback_due', base, yours: due, theirs: row.callback_due });
  if (conflict) return conflict;
  if (row.callback_due === due) return undefined;
  tx.run('UPDATE ticket SET callback_due = ?, updated_at = ? WHERE id = ?', [due, tx.now, row.id]);
  logChange(tx, 'ticket', row.id, 'callback_due', row.callback_due, due);
  return undefined;
}

/**
 * Moves a ticket along its workflow. `escalated` needs a linked bug with a developer; `resolved` needs a
 * resolution; leaving `resolved` or `closed` for an open status reopens the ticket and counts it. With `base`
 * (the status the editor saw), a status someone else moved meanwhile is not moved again.
 */
export function changeTicketStatus(tx: Tx, key: string, status: TicketStatus, options: { resolution?: TicketResolution; base?: TicketStatus } = {}): EditConflict | undefined {
  const row = ticket(tx, key);
  const from = row.status as TicketStatus;
  const conflict = checkOne(tx, 'ticket', row, { field: 'status', log: 'status', base: options.base, yours: status, theirs: from, choice: true });
  if (conflict) return conflict;
  if (from === status) return undefined;
  if (!TICKET_TRANSITIONS[from].includes(status)) {
    throw new WorkflowError(l10n.t('ticket {0} cannot go from {1} to {2}', row.key, l10n.t(label(from)), l10n.t(label(status))));
  }
  if (status === 'escalated' && !tx.get('SELECT 1 AS found FROM ticket_bug JOIN bug ON bug.id = ticket_bug.bug_id WHERE ticket_bug.ticket_id = ? AND bug.developer_id IS NOT NULL', [row.id])) {
    throw new WorkflowError(l10n.t('ticket {0} is escalated to a developer through a bug: link it to a bug and assign the bug a developer first', row.key));
  }
  const resolution = status === 'resolved' ? options.resolution : null;
  if (status === 'resolved' && !resolution) throw new WorkflowError(l10n.t('resolving ticket {0} needs a resolution', row.key));
  const reopened = (from === 'resolved' || from === 'closed') && OPEN_TICKET_STATUSES.includes(status);
  tx.run(
    `UPDATE ticket SET status = ?, resolution = ?, updated_at = ?,
       resolved_at = CASE WHEN ? = 'resolved' THEN ? WHEN ? THEN NULL ELSE resolved_at END,
       closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END,
       reopen_count = reopen_count + ?
     WHERE id = ?`,
    [status, status === 'closed' ? row.resolution : resolution ?? null, tx.now, status, tx.now, reopened ? 1 : 0, status, tx.now, reopened ? 1 : 0, row.id],
  );
  logChange(tx, 'ticket', row.id, 'status', from, status);
  if (status !== 'closed') logChange(tx, 'ticket', row.id, 'resolution', row.resolution, resolution ?? null);
  return undefined;
}

/** The first answer to the customer (an outbound call, a public note) is the ticket's first response. */
export function markFirstResponse(tx: Tx, ticketId: number): void {
  tx.run('UPDATE ticket SET first_response_at = ? WHERE id = ? AND first_response_at IS NULL', [tx.now, ticketId]);
}
