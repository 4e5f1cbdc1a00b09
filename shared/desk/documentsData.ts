// The data each document is made from, gathered from the desk (shared/documents renders it). Read-only.

import { parse } from '../core/parse';
import { stepTitles } from '../core/outline';
import type { CheckData, ClosingActData, ComplaintAnalysisData, CountData, DurationStats, PartyData, ReproReportData, RunData } from '../documents/types';
import type { Reader } from './store';
import { bug as findBug, ticket as findTicket, WorkflowError } from './workflows/common';
import * as l10n from '@vscode/l10n';

interface RunRow {
  id: number;
  script_id: number;
  outcome: RunData['outcome'];
  reason: string;
  expected: RunData['expected'] | null;
  reproduced_runs: number;
  conclusive_runs: number;
  runs: number;
  fingerprints: string;
  diverges_at: number | null;
  version_tested: string | null;
  environment: string | null;
  duration_ms: number;
  evidence: string;
  transcript: string;
  by: string;
  at: string;
}

/** Leaves out what is not set (null, undefined, empty), so that documents show nothing rather than "null". */
const defined = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined && v !== '')) as T;

function runData(row: RunRow): RunData {
  const evidence = JSON.parse(row.evidence) as { checks?: CheckData[] };
  return {
    ...defined({ expected: row.expected ?? undefined, versionTested: row.version_tested ?? undefined, environment: row.environment ?? undefined }),
    at: row.at,
    by: row.by,
    outcome: row.outcome,
    reason: row.reason,
    reproducedRuns: row.reproduced_runs,
    conclusiveRuns: row.conclusive_runs,
    runs: row.runs,
    // No stored word: documents read reproducibility and its interval from k/n (one run measures nothing).
    fingerprints: JSON.parse(row.fingerprints) as string[],
    divergesAt: row.diverges_at,
    durationMs: row.duration_ms,
    checks: (evidence.checks ?? []).map(({ line, role, check, passed, actual }) => ({ line, role, check, passed, actual })),
    transcript: row.transcript,
  };
}

/** The reproduction report of a ticket or a bug (by key). */
export function reproReportData(reader: Reader, key: string, generatedAt: string): ReproReportData {
  const upper = key.toUpperCase();
  const isTicket = reader.get('SELECT 1 AS found FROM ticket WHERE key = ?', [upper]) !== undefined;
  if (!isTicket && !reader.get('SELECT 1 AS found FROM bug WHERE key = ?', [upper])) throw new WorkflowError(l10n.t('no ticket or bug {0} in the desk', key));
  let subject: ReproReportData['subject'];
  let bugIds: number[];
  let runScope: string;
  let scopeId: number;
  if (isTicket) {
    const t = findTicket(reader, upper);
    const names = reader.get<{ organization: string | null; contact: string | null; product: string | null; version: string | null }>(
      `SELECT organization.name AS organization, contact.name AS contact, product.name AS product, version.name AS version FROM ticket
       LEFT JOIN organization ON organization.id = ticket.organization_id LEFT JOIN contact ON contact.id = ticket.contact_id
       LEFT JOIN product ON product.id = ticket.product_id LEFT JOIN version ON version.id = ticket.reported_version_id WHERE ticket.id = ?`,
      [t.id],
    )!;
    subject = defined({
      kind: 'ticket' as const,
      key: t.key,
      title: t.subject,
      status: t.status,
      priority: t.priority,
      severity: t.severity,
      organization: names.organization ?? undefined,
      contact: names.contact ?? undefined,
      product: names.product ?? undefined,
      reportedVersion: names.version ?? undefined,
      environment: t.environment || undefined,
    });
    bugIds = reader.all<{ bug_id: number }>('SELECT bug_id FROM ticket_bug WHERE ticket_id = ?', [t.id]).map((r) => r.bug_id);
    runScope = 'run.id IN (SELECT run_id FROM run_ticket WHERE ticket_id = ?)';
    scopeId = t.id;
  } else {
    const b = findBug(reader, upper);
    const product = b.product_id === null ? undefined : reader.get<{ name: string }>('SELECT name FROM product WHERE id = ?', [b.product_id])?.name;
    subject = defined({ kind: 'bug' as const, key: b.key, title: b.title, status: b.status, severity: b.severity, reproducibility: b.reproducibility, product });
    bugIds = [b.id];
    runScope = `run.script_id IN (SELECT script_id FROM script_bug WHERE bug_id = ?1
      UNION SELECT script_ticket.script_id FROM script_ticket JOIN ticket_bug ON ticket_bug.ticket_id = script_ticket.ticket_id WHERE ticket_bug.bug_id = ?1)`;
    scopeId = b.id;
  }
  const inBugs = bugIds.length ? bugIds.join(', ') : 'NULL';
  const tickets = reader.all<{ key: string; subject: string; organization: string | null }>(
    `SELECT DISTINCT ticket.key, ticket.subject, organization.name AS organization FROM ticket LEFT JOIN organization ON organization.id = ticket.organization_id
     WHERE ticket.id IN (SELECT ticket_id FROM ticket_bug WHERE bug_id IN (${inBugs}))${isTicket ? ' OR ticket.key = ?' : ''} ORDER BY ticket.key`,
    isTicket ? [upper] : [],
  ).map((t) => defined({ key: t.key, subject: t.subject, organization: t.organization ?? undefined }));
  const bugs = reader.all<{ key: string; title: string; status: string }>(`SELECT key, title, status FROM bug WHERE id IN (${inBugs}) ORDER BY key`);
  // The run to show: the latest attempt to reproduce (a verification of a fix only when there is nothing else).
  const runs = reader.all<RunRow>(`SELECT run.* FROM run WHERE ${runScope} ORDER BY (run.expected = 'not-reproduced'), run.at DESC, run.id DESC`, [scopeId]);
  const shown = runs[0];
  const script = shown ? reader.get<{ path: string; title: string | null; content: string }>('SELECT path, title, content FROM script WHERE id = ?', [shown.script_id]) : undefined;
  return {
    generatedAt,
    subject,
    tickets,
    bugs,
    script: script && defined({ path: script.path, title: script.title ?? undefined, steps: stepTitles(parse(script.content)), content: script.content }),
    run: shown && runData(shown),
    history: runs
      .slice(1, 11)
      .map((r) => defined({ at: r.at, outcome: r.outcome, reproducedRuns: r.reproduced_runs, conclusiveRuns: r.conclusive_runs, versionTested: r.version_tested ?? undefined })),
  };
}

/** What an act covers: the customer, its tickets, who gives the support, the period, the act it corrects. */
export interface ActScope {
  organization: string;
  tickets: readonly string[];
  contactId?: number;
  provider: PartyData;
  period?: { from: string; to: string };
  /** The number of the act this one corrects. */
  supersedes?: string;
}

export interface ActRequest extends ActScope {
  number?: string;
  status: ClosingActData['status'];
  date: string;
  /** The login of who prepares the act. */
  preparedBy: string;
}

/** A closing act for tickets of one organization. */
export function closingActData(reader: Reader, request: ActRequest): ClosingActData {
  const organization = reader.get<{ id: number; name: string; phone: string | null; email: string | null }>('SELECT * FROM organization WHERE name = ? COLLATE NOCASE', [request.organization]);
  if (!organization) throw new WorkflowError(l10n.t('no organization {0} in the desk', request.organization));
  if (request.tickets.length === 0) throw new WorkflowError(l10n.t('a closing act covers at least one ticket'));
  const rows = request.tickets.map((key) => findTicket(reader, key));
  for (const t of rows) {
    if (t.organization_id !== organization.id) throw new WorkflowError(l10n.t('ticket {0} is not {1}\'s', t.key, organization.name));
  }
  const contactId = request.contactId ?? rows.find((t) => t.contact_id !== null)?.contact_id ?? undefined;
  const contact = contactId === undefined ? undefined : reader.get<{ name: string; phone: string | null; email: string | null }>('SELECT name, phone, email FROM contact WHERE id = ?', [contactId]);
  const staff = reader.get<{ name: string; role: string }>('SELECT name, role FROM staff WHERE login = ?', [request.preparedBy]);
  return defined({
    number: request.number,
    status: request.status,
    date: request.date,
    supersedes: request.supersedes,
    provider: request.provider,
    organization: defined({ name: organization.name, phone: organization.phone ?? undefined, email: organization.email ?? undefined }),
    contact: contact && defined({ name: contact.name, phone: contact.phone ?? undefined, email: contact.email ?? undefined }),
    period: request.period,
    tickets: rows.map((t) => {
      const names = reader.get<{ product: string | null; version: string | null }>(
        'SELECT product.name AS product, version.name AS version FROM ticket LEFT JOIN product ON product.id = ticket.product_id LEFT JOIN version ON version.id = ticket.reported_version_id WHERE ticket.id = ?',
        [t.id],
      )!;
      const bugs = reader.all<{ key: string; title: string; fixed: string | null }>(
        'SELECT bug.key, bug.title, version.name AS fixed FROM ticket_bug JOIN bug ON bug.id = ticket_bug.bug_id LEFT JOIN version ON version.id = bug.fixed_in_version_id WHERE ticket_bug.ticket_id = ? ORDER BY bug.key',
        [t.id],
      );
      const work = reader.all<{ text: string }>(
        `SELECT text FROM (
           SELECT at, id, body AS text FROM note WHERE ticket_id = ?1 AND visibility = 'public' AND kind IN ('comment', 'callback')
           UNION ALL SELECT at, id, summary FROM call WHERE ticket_id = ?1 AND direction = 'out' AND outcome IN ('reached', 'resolved-on-call') AND summary <> '') AS work
         ORDER BY at, id`,
        [t.id],
      ).map((w) => w.text);
      return defined({
        key: t.key,
        subject: t.subject,
        type: t.type,
        status: t.status,
        resolution: t.resolution ?? undefined,
        product: names.product ?? undefined,
        reportedVersion: names.version ?? undefined,
        fixedInVersion: bugs.find((b) => b.fixed)?.fixed ?? undefined,
        openedAt: t.created_at,
        resolvedAt: t.resolved_at ?? undefined,
        bugs: bugs.map(({ key, title }) => ({ key, title })),
        work,
      });
    }),
    evidence: rows.flatMap((t) =>
      reader
        .all<RunRow & { path: string }>(
          // Per script of the ticket, its latest run: the verification when the fix was verified.
          `SELECT run.*, script.path FROM run JOIN script ON script.id = run.script_id
           WHERE run.id IN (SELECT (SELECT r.id FROM run r JOIN run_ticket rt ON rt.run_id = r.id WHERE rt.ticket_id = ?1 AND r.script_id = st.script_id ORDER BY r.at DESC, r.id DESC LIMIT 1)
                            FROM script_ticket st WHERE st.ticket_id = ?1)
           ORDER BY script.path`,
          [t.id],
        )
        .map((r) =>
          defined({
            ticketKey: t.key,
            script: r.path,
            at: r.at,
            outcome: r.outcome,
            expected: r.expected ?? undefined,
            reproducedRuns: r.reproduced_runs,
            conclusiveRuns: r.conclusive_runs,
            versionTested: r.version_tested ?? undefined,
            fingerprint: (JSON.parse(r.fingerprints) as string[])[0],
          }),
        ),
    ),
    preparedBy: defined({ name: staff?.name ?? request.preparedBy, role: staff?.role }),
  });
}

/** Hours between two ISO times. */
const hours = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3600_000;

function stats(values: number[]): DurationStats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (n: number): number => Math.round(n * 10) / 10;
  const middle = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { count: sorted.length, medianHours: round(middle), averageHours: round(sorted.reduce((a, b) => a + b, 0) / sorted.length), p90Hours: round(at(0.9)) };
}

/**
 * The complaint analysis of a period (`from`, `to`: dates, both days included): the tickets opened in it, how
 * they were handled, and the bugs behind them.
 */
export function complaintAnalysisData(reader: Reader, from: string, to: string, generatedAt: string): ComplaintAnalysisData {
  const start = `${from.slice(0, 10)}T00:00:00.000Z`;
  const end = new Date(Date.parse(`${to.slice(0, 10)}T00:00:00.000Z`) + 86_400_000).toISOString();
  if (!(start < end)) throw new WorkflowError(l10n.t('the period ends before it starts'));
  const inPeriod = 'ticket.created_at >= ?1 AND ticket.created_at < ?2';
  const period = [start, end];
  const count = (expression: string, joins = ''): CountData[] =>
    reader.all<CountData>(
      `SELECT coalesce(${expression}, '') AS value, count(*) AS count FROM ticket ${joins} WHERE ${inPeriod} GROUP BY 1 ORDER BY count DESC, value`,
      period,
    );
  const scalar = (sql: string): number => reader.get<{ n: number }>(sql, period)!.n;
  const tickets = reader.all<{ created_at: string; first_response_at: string | null; resolved_at: string | null; reopen_count: number }>(
    `SELECT created_at, first_response_at, resolved_at, reopen_count FROM ticket WHERE ${inPeriod}`,
    period,
  );
  const everResolved = tickets.filter((t) => t.resolved_at !== null || t.reopen_count > 0);
  const asOf = generatedAt < end ? generatedAt : end;
  return {
    from: from.slice(0, 10),
    to: to.slice(0, 10),
    generatedAt,
    totals: {
      opened: tickets.length,
      resolved: scalar('SELECT count(*) AS n FROM ticket WHERE resolved_at >= ?1 AND resolved_at < ?2'),
      closed: scalar('SELECT count(*) AS n FROM ticket WHERE closed_at >= ?1 AND closed_at < ?2'),
      reopened: scalar(`SELECT count(DISTINCT entity_id) AS n FROM change_log WHERE entity = 'ticket' AND field = 'status' AND old_value IN ('resolved', 'closed') AND new_value NOT IN ('resolved', 'closed', 'cancelled') AND at >= ?1 AND at < ?2`),
      open: scalar(`SELECT count(*) AS n FROM ticket WHERE ${inPeriod} AND status NOT IN ('resolved', 'closed', 'cancelled')`),
    },
    byStatus: count('ticket.status'),
    byPriority: count('ticket.priority'),
    bySeverity: count('ticket.severity'),
    byProduct: count('product.name', 'LEFT JOIN product ON product.id = ticket.product_id'),
    byVersion: count("product.name || ' ' || version.name", 'LEFT JOIN version ON version.id = ticket.reported_version_id LEFT JOIN product ON product.id = version.product_id'),
    byOrganization: count('organization.name', 'LEFT JOIN organization ON organization.id = ticket.organization_id'),
    byChannel: count('ticket.channel'),
    byType: count('ticket.type'),
    firstResponse: stats(tickets.filter((t) => t.first_response_at).map((t) => hours(t.created_at, t.first_response_at!))),
    resolution: stats(tickets.filter((t) => t.resolved_at).map((t) => hours(t.created_at, t.resolved_at!))),
    reopenRate: everResolved.length === 0 ? null : everResolved.filter((t) => t.reopen_count > 0).length / everResolved.length,
    topBugs: reader.all(
      `SELECT bug.key, bug.title, count(DISTINCT ticket.id) AS tickets, count(DISTINCT ticket.organization_id) AS customers
       FROM ticket JOIN ticket_bug ON ticket_bug.ticket_id = ticket.id JOIN bug ON bug.id = ticket_bug.bug_id
       WHERE ${inPeriod} GROUP BY bug.id ORDER BY tickets DESC, customers DESC, bug.key LIMIT 10`,
      period,
    ),
    reproducibility: reader.all<CountData>(
      `SELECT bug.reproducibility AS value, count(*) AS count FROM bug
       WHERE bug.id IN (SELECT ticket_bug.bug_id FROM ticket JOIN ticket_bug ON ticket_bug.ticket_id = ticket.id WHERE ${inPeriod})
       GROUP BY 1 ORDER BY count DESC, value`,
      period,
    ),
    overdue: reader
      .all<{ key: string; subject: string; organization: string | null; due: string; status: string }>(
        `SELECT ticket.key, ticket.subject, organization.name AS organization, ticket.callback_due AS due, ticket.status
         FROM ticket LEFT JOIN organization ON organization.id = ticket.organization_id
         WHERE ticket.callback_due IS NOT NULL AND ticket.callback_due < ?1 AND ticket.status NOT IN ('resolved', 'closed', 'cancelled')
         ORDER BY ticket.callback_due`,
        [asOf],
      )
      .map((t) => defined({ key: t.key, subject: t.subject, organization: t.organization ?? undefined, due: t.due, daysOverdue: Math.floor(hours(t.due, asOf) / 24), status: t.status })),
  };
}
