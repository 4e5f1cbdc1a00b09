// Bugs: the engineering defect behind one or more tickets, and the loop back to the customers (spec §2): a
// developer assigned escalates the tickets; a fix moves them to "fix ready" with a callback due; a bug is
// verified only when every script linked to it no longer reproduces the defect.

import * as l10n from '@vscode/l10n';
import { OUTCOME_LABELS, type Outcome } from '../../runner/results';
import { MIN_RUNS_TO_MEASURE } from '../../runner/stats';
import type { Reader, Tx } from '../store';
import { BUG_TRANSITIONS, label, type BugResolution, type BugSeverity, type BugStatus, type LinkType, type Reproducibility } from '../vocabulary';
import { bug, claimKey, componentId, logChange, nextKey, productId, staffId, systemNote, ticket, versionId, WorkflowError, type BugRow } from './common';
import { caseless, checkOne, column, editChecks, editOutcome, findConflicts, named, trimmed, withoutConflicts, type EditConflict, type FieldRead } from './conflicts';
import { changeTicketStatus } from './tickets';

/** How long after a fix the customer is due a call, when nothing else is said (hours). */
export const CALLBACK_AFTER_FIX_HOURS = 24;

export interface BugFields {
  title?: string;
  description?: string;
  severity?: BugSeverity;
  product?: string | null;
  component?: string | null;
  externalKey?: string | null;
  externalUrl?: string | null;
}

/** How each field reads from the row, for the edit's check against what its editor started from. */
const BUG_READS: { readonly [F in keyof BugFields]-?: FieldRead<BugRow> } = {
  title: column('title'),
  description: column('description'),
  severity: column('severity', true),
  product: named('product_id', 'product', caseless),
  component: named('component_id', 'component', trimmed),
  externalKey: column('external_key'),
  externalUrl: column('external_url'),
};

export interface NewBug extends BugFields {
  title: string;
  key?: string;
  /** Versions the defect is known in (of `product`). */
  affectedVersions?: string[];
  /** Tickets it causes (linked `caused-by`). */
  tickets?: string[];
}

export function createBug(tx: Tx, input: NewBug): { id: number; key: string } {
  if (!input.title.trim()) throw new WorkflowError(l10n.t('a bug needs a title'));
  const key = input.key ? claimKey(tx, input.key, 'bug') : nextKey(tx, 'BUG');
  const product = input.product ? productId(tx, input.product) : null;
  const component = input.component && input.product ? componentId(tx, input.product, input.component) : null;
  const id = tx.run(
    'INSERT INTO bug (key, title, description, severity, product_id, component_id, external_key, external_url, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [key, input.title.trim(), input.description ?? '', input.severity ?? 'major', product, component, input.externalKey ?? null, input.externalUrl ?? null, tx.now, tx.by, tx.now],
  ).lastId;
  logChange(tx, 'bug', id, 'created', null, key);
  for (const version of input.affectedVersions ?? []) {
    if (!input.product) throw new WorkflowError(l10n.t('a {0} belongs to a product: give the product first', l10n.t('version')));
    tx.run('INSERT INTO bug_version (bug_id, version_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [id, versionId(tx, input.product, version)]);
  }
  for (const ticketKey of input.tickets ?? []) linkTicketToBug(tx, ticketKey, key);
  return { id, key };
}

/** Changes the fields given; with `base`, as updateTicket: a field someone else changed meanwhile is not saved. */
export function updateBug(tx: Tx, key: string, given: BugFields, base: BugFields = {}): EditConflict | undefined {
  const row = bug(tx, key);
  const conflicts = findConflicts(tx, 'bug', row, editChecks(BUG_READS, tx, row, given, base));
  const fields = withoutConflicts(given, conflicts);
  const values: Record<string, string | number | null> = {};
  for (const [field, column] of [['title', 'title'], ['description', 'description'], ['severity', 'severity'], ['externalKey', 'external_key'], ['externalUrl', 'external_url']] as const) {
    if (fields[field] !== undefined) values[column] = fields[field] ?? null;
  }
  if (fields.product !== undefined) values.product_id = fields.product ? productId(tx, fields.product) : null;
  if (fields.component !== undefined) {
    const product = fields.product ?? (row.product_id === null ? null : tx.get<{ name: string }>('SELECT name FROM product WHERE id = ?', [row.product_id])!.name);
    if (fields.component && !product) throw new WorkflowError(l10n.t('a {0} belongs to a product: give the product first', l10n.t('component')));
    values.component_id = fields.component ? componentId(tx, product!, fields.component) : null;
  }
  const changed = Object.entries(values).filter(([column, value]) => row[column as keyof BugRow] !== value);
  if (changed.length > 0) {
    tx.run(`UPDATE bug SET ${changed.map(([c]) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`, [...changed.map(([, v]) => v), tx.now, row.id]);
    for (const [column, value] of changed) logChange(tx, 'bug', row.id, column, row[column as keyof BugRow], value);
  }
  return editOutcome('bug', row.key, conflicts, fields);
}

/** The same versions, whatever their order and spaces. */
const versionSet = (list: string): string => [...new Set(list.split(',').map((v) => v.trim()).filter(Boolean))].sort().join(',');

/** Sets the versions the defect is known in; `base`, the versions the editor saw. */
export function setAffectedVersions(tx: Tx, key: string, product: string, versions: readonly string[], base?: readonly string[]): EditConflict | undefined {
  const row = bug(tx, key);
  const before = tx.all<{ name: string }>('SELECT version.name FROM bug_version JOIN version ON version.id = bug_version.version_id WHERE bug_id = ? ORDER BY sort_key', [row.id]).map((v) => v.name);
  const conflict = checkOne(tx, 'bug', row, { field: 'affectedVersions', log: 'affected_versions', base: base?.join(', '), yours: versions.join(', '), theirs: before.join(', '), fold: versionSet });
  if (conflict) return conflict;
  tx.run('DELETE FROM bug_version WHERE bug_id = ?', [row.id]);
  for (const version of versions) tx.run('INSERT INTO bug_version (bug_id, version_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [row.id, versionId(tx, product, version)]);
  logChange(tx, 'bug', row.id, 'affected_versions', before.join(', ') || null, [...versions].join(', ') || null);
  return undefined;
}

export function linkTicketToBug(tx: Tx, ticketKey: string, bugKey: string, linkType: LinkType = 'caused-by'): void {
  const t = ticket(tx, ticketKey);
  const b = bug(tx, bugKey);
  const existing = tx.get<{ link_type: string }>('SELECT link_type FROM ticket_bug WHERE ticket_id = ? AND bug_id = ?', [t.id, b.id]);
  if (existing?.link_type === linkType) return;
  tx.run('INSERT INTO ticket_bug (ticket_id, bug_id, link_type, created_at, created_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (ticket_id, bug_id) DO UPDATE SET link_type = excluded.link_type', [t.id, b.id, linkType, tx.now, tx.by]);
  logChange(tx, 'ticket', t.id, 'bug', existing ? `${b.key} (${existing.link_type})` : null, `${b.key} (${linkType})`);
  // The ticket's runs now count for the bug.
  updateReproducibility(tx, b.id);
}

export function unlinkTicketFromBug(tx: Tx, ticketKey: string, bugKey: string): void {
  const t = ticket(tx, ticketKey);
  const b = bug(tx, bugKey);
  if (tx.run('DELETE FROM ticket_bug WHERE ticket_id = ? AND bug_id = ?', [t.id, b.id]).changes === 0) return;
  logChange(tx, 'ticket', t.id, 'bug', b.key, null);
  updateReproducibility(tx, b.id);
}

/**
 * A developer takes the bug: an unconfirmed or confirmed bug goes in progress, and every ticket it causes that
 * is still with the specialist is escalated. `base`: the developer the editor saw (null: none).
 */
export function assignDeveloper(tx: Tx, bugKey: string, login: string, base?: string | null): EditConflict | undefined {
  const row = bug(tx, bugKey);
  const before = row.developer_id === null ? null : (tx.get<{ login: string }>('SELECT login FROM staff WHERE id = ?', [row.developer_id])?.login ?? null);
  const conflict = checkOne(tx, 'bug', row, { field: 'developer', log: 'developer', base, yours: login, theirs: before });
  if (conflict) return conflict;
  const developer = staffId(tx, login);
  if (row.developer_id !== developer) {
    tx.run('UPDATE bug SET developer_id = ?, updated_at = ? WHERE id = ?', [developer, tx.now, row.id]);
    logChange(tx, 'bug', row.id, 'developer', before, login);
  }
  if (row.status === 'unconfirmed' || row.status === 'confirmed') changeBugStatus(tx, row.key, 'in-progress');
  const tickets = tx.all<{ key: string }>(
    "SELECT ticket.key FROM ticket_bug JOIN ticket ON ticket.id = ticket_bug.ticket_id WHERE ticket_bug.bug_id = ? AND ticket_bug.link_type = 'caused-by' AND ticket.status IN ('triaged', 'reproducing', 'waiting')",
    [row.id],
  );
  for (const t of tickets) changeTicketStatus(tx, t.key, 'escalated');
  return undefined;
}

/** Every script whose runs count for the bug: linked to it, or to a ticket it causes. */
export function bugScripts(reader: Reader, bugId: number): { id: number; path: string; content: string }[] {
  return reader.all(
    `SELECT DISTINCT script.id, script.path, script.content FROM script
       WHERE script.id IN (SELECT script_id FROM script_bug WHERE bug_id = ?)
          OR script.id IN (SELECT script_ticket.script_id FROM script_ticket JOIN ticket_bug ON ticket_bug.ticket_id = script_ticket.ticket_id WHERE ticket_bug.bug_id = ? AND ticket_bug.link_type = 'caused-by')
       ORDER BY script.path`,
    [bugId, bugId],
  );
}

/**
 * Moves a bug along its workflow. Resolving needs a resolution; resolving as fixed moves every escalated
 * ticket it causes to "fix ready", with a system note and a callback due. `verified` needs every linked script's
 * latest run, since the bug was resolved, to be `not-reproduced`. With `base` (the status the editor saw), a
 * status someone else moved meanwhile is not moved again.
 */
export function changeBugStatus(tx: Tx, key: string, status: BugStatus, options: { resolution?: BugResolution; fixedIn?: string; callbackDue?: string; base?: BugStatus } = {}): EditConflict | undefined {
  const row = bug(tx, key);
  const from = row.status as BugStatus;
  const conflict = checkOne(tx, 'bug', row, { field: 'status', log: 'status', base: options.base, yours: status, theirs: from, choice: true });
  if (conflict) return conflict;
  if (from === status) return undefined;
  if (!BUG_TRANSITIONS[from].includes(status)) throw new WorkflowError(l10n.t('bug {0} cannot go from {1} to {2}', row.key, l10n.t(label(from)), l10n.t(label(status))));
  if (status === 'resolved' && !options.resolution) throw new WorkflowError(l10n.t('resolving bug {0} needs a resolution', row.key));
  if (status === 'verified') {
    const scripts = bugScripts(tx, row.id);
    if (scripts.length === 0) throw new WorkflowError(l10n.t('bug {0} has no repro script to verify the fix with', row.key));
    for (const script of scripts) {
      const latest = tx.get<{ outcome: string }>('SELECT outcome FROM run WHERE script_id = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT 1', [script.id, row.resolved_at ?? '']);
      if (latest?.outcome !== 'not-reproduced') {
        throw new WorkflowError(
          latest
            ? l10n.t('bug {0} is not verified: {1} was {2} in its latest run', row.key, script.path, l10n.t(OUTCOME_LABELS[latest.outcome as Outcome]))
            : l10n.t('bug {0} is not verified: {1} has not been run since the fix', row.key, script.path),
        );
      }
    }
  }
  let fixedIn = row.fixed_in_version_id;
  if (status === 'resolved' && options.fixedIn) {
    const product = row.product_id === null ? undefined : tx.get<{ name: string }>('SELECT name FROM product WHERE id = ?', [row.product_id])?.name;
    if (!product) throw new WorkflowError(l10n.t('a {0} belongs to a product: give the product first', l10n.t('version')));
    fixedIn = versionId(tx, product, options.fixedIn);
  }
  const reopened = status === 'confirmed' && ['resolved', 'verified', 'closed'].includes(from);
  const resolution = status === 'resolved' ? options.resolution! : reopened ? null : row.resolution;
  tx.run('UPDATE bug SET status = ?, resolution = ?, fixed_in_version_id = ?, resolved_at = ?, updated_at = ? WHERE id = ?', [
    status,
    resolution,
    reopened ? null : fixedIn,
    status === 'resolved' ? tx.now : reopened ? null : row.resolved_at,
    tx.now,
    row.id,
  ]);
  logChange(tx, 'bug', row.id, 'status', from, status);
  logChange(tx, 'bug', row.id, 'resolution', row.resolution, resolution);
  logChange(tx, 'bug', row.id, 'fixed_in_version', versionName(tx, row.fixed_in_version_id), versionName(tx, reopened ? null : fixedIn));
  if (status === 'resolved' && resolution === 'fixed') closeTheLoop(tx, row, options.callbackDue);
  return undefined;
}

function versionName(tx: Tx, id: number | null): string | null {
  return id === null ? null : (tx.get<{ name: string }>('SELECT name FROM version WHERE id = ?', [id])?.name ?? null);
}

/** A fix is ready: every escalated ticket the bug causes moves to "fix ready", and its customer is due a call. */
function closeTheLoop(tx: Tx, row: BugRow, callbackDue: string | undefined): void {
  const due = callbackDue ?? new Date(Date.parse(tx.now) + CALLBACK_AFTER_FIX_HOURS * 3600_000).toISOString();
  const version = tx.get<{ name: string }>('SELECT version.name FROM bug JOIN version ON version.id = bug.fixed_in_version_id WHERE bug.id = ?', [row.id])?.name;
  const tickets = tx.all<{ id: number; key: string; callback_due: string | null }>(
    "SELECT ticket.id, ticket.key, ticket.callback_due FROM ticket_bug JOIN ticket ON ticket.id = ticket_bug.ticket_id WHERE ticket_bug.bug_id = ? AND ticket_bug.link_type = 'caused-by' AND ticket.status = 'escalated'",
    [row.id],
  );
  for (const t of tickets) {
    changeTicketStatus(tx, t.key, 'fix-ready');
    tx.run('UPDATE ticket SET callback_due = ? WHERE id = ?', [due, t.id]);
    // Logged as any change of the field (who set a callback is who a conflict over it names).
    logChange(tx, 'ticket', t.id, 'callback_due', t.callback_due, due);
    systemNote(tx, { ticketId: t.id }, version ? l10n.t('Bug {0} is fixed in {1}: call the customer.', row.key, version) : l10n.t('Bug {0} is fixed: call the customer.', row.key));
  }
}

/**
 * The bug's reproducibility from its runs (verifications left out: they test the fix, not the defect):
 * always when every conclusive run reproduced, sometimes or random when some did (half or more: sometimes),
 * unable to reproduce when none did. A value set by hand to N/A stays.
 * Fewer than 2 conclusive runs in all measure nothing (spec §4): the value is left as it is (have not tried, or
 * what was set by hand), never `always` or `unable to reproduce` on the word of one run.
 */
export function updateReproducibility(tx: Tx, bugId: number): void {
  const row = tx.get<{ reproducibility: string }>('SELECT reproducibility FROM bug WHERE id = ?', [bugId])!;
  if (row.reproducibility === 'not-applicable') return;
  const scripts = bugScripts(tx, bugId).map((s) => s.id);
  const totals = scripts.length === 0 ? undefined : tx.get<{ k: number | null; n: number | null }>(
    `SELECT sum(reproduced_runs) AS k, sum(conclusive_runs) AS n FROM run WHERE script_id IN (${scripts.map(() => '?').join(', ')}) AND (expected IS NULL OR expected = 'reproduced')`,
    scripts,
  );
  const k = totals?.k ?? 0;
  const n = totals?.n ?? 0;
  if (n < MIN_RUNS_TO_MEASURE) return;
  const value: Reproducibility = k === n ? 'always' : k === 0 ? 'unable-to-reproduce' : k * 2 >= n ? 'sometimes' : 'random';
  if (value === row.reproducibility) return;
  tx.run('UPDATE bug SET reproducibility = ? WHERE id = ?', [value, bugId]);
  logChange(tx, 'bug', bugId, 'reproducibility', row.reproducibility, value);
}

/**
 * Sets reproducibility by hand (N/A, or before any script exists); runs recorded later recompute it, unless N/A.
 * `base`: the value the editor saw (a run recorded meanwhile may have changed it).
 */
export function setReproducibility(tx: Tx, key: string, value: Reproducibility, base?: Reproducibility): EditConflict | undefined {
  const row = bug(tx, key);
  const conflict = checkOne(tx, 'bug', row, { field: 'reproducibility', log: 'reproducibility', base, yours: value, theirs: row.reproducibility, choice: true });
  if (conflict) return conflict;
  if (row.reproducibility === value) return undefined;
  tx.run('UPDATE bug SET reproducibility = ?, updated_at = ? WHERE id = ?', [value, tx.now, row.id]);
  logChange(tx, 'bug', row.id, 'reproducibility', row.reproducibility, value);
  return undefined;
}
