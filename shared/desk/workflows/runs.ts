// Recording runs (spec §2): a run of a script goes to the tickets its `ticket` directives name (a key the
// desk does not know becomes a new ticket, with a note saying so: nothing recorded is dropped), updates the
// reproducibility of the bugs behind them, and, when it reproduced with a failure fingerprint that another
// bug's runs share, suggests linking the ticket to that bug (the same defect reported by another customer).

import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import type { RunDetail, ScriptResult } from '../../runner/results';
import type { Tx } from '../store';
import { bug, logChange, systemNote, WorkflowError } from './common';
import { bugScripts, updateReproducibility } from './bugs';
import { createTicket } from './tickets';

/** How much of the transcript a run keeps (lines), for reports. */
export const TRANSCRIPT_LINES = 200;

export interface RecordedRun {
  /** The script's path, relative to the workspace where there is one. */
  path: string;
  /** Its text, as it ran. */
  content: string;
  title?: string;
  /** Its `ticket` directives. */
  tickets: readonly string[];
  /** Bugs it is linked to besides its tickets'. */
  bugs?: readonly string[];
  result: ScriptResult;
  /** The runs in detail (for the evidence a report shows). */
  details?: readonly RunDetail[];
  expected?: 'reproduced' | 'not-reproduced';
  versionTested?: string;
  environment?: string;
  callId?: number;
}

export interface RecordedRunResult {
  runId: number;
  tickets: string[];
  /** Tickets made because the script named keys the desk did not know. */
  created: string[];
  /** Bugs whose runs failed the same way, not yet linked to the ticket. */
  suggestions: { ticket: string; bug: string }[];
}

export function contentHash(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The run a report shows: the first that reproduced, else the first conclusive, else the first. */
export function shownRun(details: readonly RunDetail[]): RunDetail | undefined {
  return details.find((d) => d.outcome === 'reproduced') ?? details.find((d) => d.outcome === 'not-reproduced') ?? details[0];
}

export function recordRun(tx: Tx, input: RecordedRun): RecordedRunResult {
  const hash = contentHash(input.content);
  const existing = tx.get<{ id: number }>('SELECT id FROM script WHERE path = ?', [input.path]);
  const scriptId = existing
    ? (tx.run('UPDATE script SET title = ?, content = ?, content_hash = ?, updated_at = ? WHERE id = ?', [input.title ?? null, input.content, hash, tx.now, existing.id]), existing.id)
    : tx.run('INSERT INTO script (path, title, content, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [input.path, input.title ?? null, input.content, hash, tx.now, tx.now]).lastId;

  const created: string[] = [];
  const tickets = [...new Set(input.tickets.map((k) => k.toUpperCase()))].map((key) => {
    const found = tx.get<{ id: number; key: string }>('SELECT id, key FROM ticket WHERE key = ?', [key]);
    if (found) return found;
    const made = createTicket(tx, { key, subject: input.title?.trim() || key });
    systemNote(tx, { ticketId: made.id }, l10n.t('Made from a recorded run of {0}: the desk did not know {1} yet.', input.path, key));
    created.push(made.key);
    return made;
  });
  for (const t of tickets) tx.run('INSERT INTO script_ticket (script_id, ticket_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [scriptId, t.id]);
  for (const key of input.bugs ?? []) tx.run('INSERT INTO script_bug (script_id, bug_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [scriptId, bug(tx, key).id]);

  const r = input.result;
  const shown = shownRun(input.details ?? []);
  const evidence = shown ? { steps: shown.steps.map((s) => ({ title: s.title, line: s.line, outcome: s.outcome })), checks: shown.steps.flatMap((s) => s.checks) } : { steps: [], checks: [] };
  const transcript = shown ? shown.transcript.slice(0, TRANSCRIPT_LINES).map((e) => `${String(e.line).padStart(4)}  ${e.text}`).join('\n') : '';
  const fingerprints = [...new Set(r.results.map((x) => x.fingerprint).filter((f): f is string => f !== null))];
  const durationMs = r.results.reduce((sum, x) => sum + x.durationMs, 0);
  const runId = tx.run(
    `INSERT INTO run (script_id, content_hash, outcome, reason, expected, reproduced_runs, conclusive_runs, runs, reproducibility, fingerprints,
       diverges_at, version_tested, environment, duration_ms, evidence, transcript, call_id, by, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [scriptId, hash, r.outcome, r.reason, input.expected ?? null, r.reproducedRuns, r.conclusiveRuns, r.runs, r.reproducibility, JSON.stringify(fingerprints),
      r.divergesAt, input.versionTested ?? null, input.environment ?? null, durationMs, JSON.stringify(evidence), transcript, input.callId ?? null, tx.by, tx.now],
  ).lastId;
  for (const t of tickets) {
    tx.run('INSERT INTO run_ticket (run_id, ticket_id) VALUES (?, ?)', [runId, t.id]);
    tx.run('UPDATE ticket SET updated_at = ? WHERE id = ?', [tx.now, t.id]);
  }

  // The bugs whose reproducibility this run counts for.
  const bugIds = tx.all<{ id: number }>(
    `SELECT DISTINCT bug_id AS id FROM script_bug WHERE script_id = ?
     UNION SELECT ticket_bug.bug_id FROM script_ticket JOIN ticket_bug ON ticket_bug.ticket_id = script_ticket.ticket_id WHERE script_ticket.script_id = ? AND ticket_bug.link_type = 'caused-by'`,
    [scriptId, scriptId],
  );
  for (const { id } of bugIds) updateReproducibility(tx, id);

  const suggestions = r.outcome === 'reproduced' ? suggestLinks(tx, runId, fingerprints, tickets) : [];
  return { runId, tickets: tickets.map((t) => t.key), created, suggestions };
}

/** Bugs behind other runs that failed with one of these fingerprints, not yet linked to these tickets. */
function suggestLinks(tx: Tx, runId: number, fingerprints: readonly string[], tickets: readonly { id: number; key: string }[]): RecordedRunResult['suggestions'] {
  if (fingerprints.length === 0 || tickets.length === 0) return [];
  const candidates = tx.all<{ bug_id: number; key: string }>(
    `SELECT DISTINCT bug.id AS bug_id, bug.key FROM run_fingerprint
       JOIN run ON run.id = run_fingerprint.run_id
       JOIN bug ON bug.id IN (
         SELECT bug_id FROM script_bug WHERE script_id = run.script_id
         UNION SELECT ticket_bug.bug_id FROM run_ticket JOIN ticket_bug ON ticket_bug.ticket_id = run_ticket.ticket_id WHERE run_ticket.run_id = run.id)
     WHERE run_fingerprint.fingerprint IN (${fingerprints.map(() => '?').join(', ')}) AND run.id <> ?
     ORDER BY bug.key`,
    [...fingerprints, runId],
  );
  const suggestions: RecordedRunResult['suggestions'] = [];
  for (const t of tickets) {
    for (const c of candidates) {
      if (tx.get('SELECT 1 AS found FROM ticket_bug WHERE ticket_id = ? AND bug_id = ?', [t.id, c.bug_id])) continue;
      suggestions.push({ ticket: t.key, bug: c.key });
      systemNote(tx, { ticketId: t.id }, l10n.t('This run failed exactly as runs of bug {0} did (same fingerprint): the same defect? Link {1} to {0}.', c.key, t.key));
    }
  }
  return suggestions;
}

/** The scripts that verify a fix: every script linked to the bug, to run expecting `not-reproduced`. */
export function verificationPlan(tx: Pick<Tx, 'get' | 'all'>, bugKey: string): { bug: string; scripts: { path: string; content: string }[] } {
  const row = bug(tx, bugKey);
  const scripts = bugScripts(tx, row.id);
  if (scripts.length === 0) throw new WorkflowError(l10n.t('bug {0} has no repro script to verify the fix with', row.key));
  return { bug: row.key, scripts: scripts.map(({ path, content }) => ({ path, content })) };
}

/** Links a script to a ticket or bug explicitly (besides its `ticket` directives). */
export function linkScript(tx: Tx, path: string, content: string, target: { ticket?: string; bug?: string }): void {
  const hash = contentHash(content);
  const found = tx.get<{ id: number }>('SELECT id FROM script WHERE path = ?', [path]);
  const id = found?.id ?? tx.run('INSERT INTO script (path, content, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', [path, content, hash, tx.now, tx.now]).lastId;
  if (target.ticket) {
    const t = tx.get<{ id: number }>('SELECT id FROM ticket WHERE key = ?', [target.ticket.toUpperCase()]);
    if (!t) throw new WorkflowError(l10n.t('no ticket {0} in the desk', target.ticket));
    tx.run('INSERT INTO script_ticket (script_id, ticket_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [id, t.id]);
    logChange(tx, 'ticket', t.id, 'script', null, path);
  }
  if (target.bug) {
    const b = bug(tx, target.bug);
    tx.run('INSERT INTO script_bug (script_id, bug_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [id, b.id]);
    logChange(tx, 'bug', b.id, 'script', null, path);
    updateReproducibility(tx, b.id);
  }
}
