// What the desk shows: pages of tickets and bugs, callbacks due, a ticket or bug with everything around it
// (its timeline of calls, notes, changes and runs). Read-only; the views and the CLI share them.

import type { Outcome } from '../runner/results';
import type { Reader } from './store';
import { ticketMatch } from './search';
import type { BugStatus, Priority, TicketStatus } from './vocabulary';

export interface TicketListRow {
  key: string;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  severity: string;
  type: string;
  organization: string | null;
  assignee: string | null;
  callbackDue: string | null;
  createdAt: string;
  updatedAt: string;
  /** The outcome of the ticket's latest recorded run, if any. */
  lastOutcome: string | null;
}

export interface TicketQuery {
  status?: readonly TicketStatus[];
  priority?: readonly Priority[];
  organization?: string;
  assignee?: string;
  search?: string;
  /** Newest change first (default), newest first, most urgent first, or by key. */
  sort?: 'updated' | 'created' | 'priority' | 'key';
  limit?: number;
  offset?: number;
  /**
   * Count no further than one past this (`total` is then at most countUpTo + 1, read as "more than
   * countUpTo"): a group of 200k tickets on a team desk takes 25 ms to count exactly and 1 ms this far.
   */
  countUpTo?: number;
}

/**
 * How far the Tickets view counts a group: past it the view says "10000+" (an exact count of a 200k group on
 * a team desk costs more than the page itself; nobody reads the last digits of it). The CLI counts exactly.
 */
export const COUNT_UP_TO = 10_000;

const PRIORITY_ORDER = "CASE ticket.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END";
const TICKET_SORT: Record<NonNullable<TicketQuery['sort']>, string> = {
  updated: 'ticket.updated_at DESC, ticket.id DESC',
  created: 'ticket.created_at DESC, ticket.id DESC',
  priority: `${PRIORITY_ORDER}, ticket.updated_at DESC, ticket.id DESC`,
  key: "substr(ticket.key, 1, instr(ticket.key, '-')), CAST(substr(ticket.key, instr(ticket.key, '-') + 1) AS INTEGER)",
};

const list = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

export function listTickets(reader: Reader, query: TicketQuery = {}): { total: number; rows: TicketListRow[] } {
  // Two forms of the same filter: the count reads the status index (it covers the count); the page reads the
  // newest first and skips the others, cheaper than sorting every match (the `+` keeps SQLite off the index).
  const where: string[] = [];
  const countWhere: string[] = [];
  const params: (string | number)[] = [];
  const filter = (condition: string, values: (string | number)[], pageCondition = condition): void => {
    countWhere.push(condition);
    where.push(pageCondition);
    params.push(...values);
  };
  if (query.status?.length) {
    const one = query.status.length === 1;
    filter(one ? 'ticket.status = ?' : `ticket.status IN (${list(query.status)})`, [...query.status], one ? 'ticket.status = ?' : `+ticket.status IN (${list(query.status)})`);
  }
  if (query.priority?.length) filter(`ticket.priority IN (${list(query.priority)})`, [...query.priority]);
  if (query.organization) filter('organization.name = ? COLLATE NOCASE', [query.organization]);
  if (query.assignee) filter('staff.login = ?', [query.assignee]);
  const match = query.search ? ticketMatch(reader, query.search) : undefined;
  if (query.search && !match) return { total: 0, rows: [] };
  if (match) filter(match.sql, [match.param]);
  const joins = 'LEFT JOIN organization ON organization.id = ticket.organization_id LEFT JOIN staff ON staff.id = ticket.assignee_id';
  const whereText = (conditions: string[]): string => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
  const from = `FROM ticket ${joins} ${whereText(where)}`;
  // The joins only when a filter reads them: a count over the bare table can use an index alone.
  const countJoins = query.organization || query.assignee ? joins : '';
  const counted = `FROM ticket ${countJoins} ${whereText(countWhere)}`;
  const count = (): number =>
    query.countUpTo === undefined
      ? reader.get<{ n: number }>(`SELECT count(*) AS n ${counted}`, params)!.n
      : reader.get<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 ${counted} LIMIT ?) AS upTo`, [...params, query.countUpTo + 1])!.n;
  const order = TICKET_SORT[query.sort ?? 'updated'];
  // The page's ids first (a sort of narrow rows), then what each of those 50 rows shows: the last run's outcome
  // is looked up 50 times, not once per ticket that matched.
  const rows = reader.all<TicketListRow>(
    `SELECT ticket.key, ticket.subject, ticket.status, ticket.priority, ticket.severity, ticket.type, organization.name AS organization,
       staff.login AS assignee, ticket.callback_due AS callbackDue, ticket.created_at AS createdAt, ticket.updated_at AS updatedAt,
       (SELECT run.outcome FROM run_ticket JOIN run ON run.id = run_ticket.run_id WHERE run_ticket.ticket_id = ticket.id ORDER BY run.at DESC, run.id DESC LIMIT 1) AS lastOutcome
     FROM (SELECT ticket.id ${from} ORDER BY ${order} LIMIT ? OFFSET ?) AS page
       JOIN ticket ON ticket.id = page.id ${joins}
     ORDER BY ${order}`,
    [...params, query.limit ?? 50, query.offset ?? 0],
  );
  // The count reads every match (a common word's search on a team desk of 1M tickets matches 240k of them):
  // it is made when `total` is first read, right away by whoever destructures it, and never by the searches
  // that show only a page of rows (the quick pick, the panels, completion), which need not pay for it.
  let total: number | undefined;
  return {
    rows,
    get total(): number {
      return (total ??= count());
    },
  };
}

export interface BugListRow {
  key: string;
  title: string;
  status: BugStatus;
  severity: string;
  reproducibility: string;
  developer: string | null;
  fixedIn: string | null;
  tickets: number;
  customers: number;
  updatedAt: string;
}

export function listBugs(reader: Reader, query: { status?: readonly BugStatus[]; limit?: number; offset?: number } = {}): { total: number; rows: BugListRow[] } {
  const where = query.status?.length ? `WHERE bug.status IN (${list(query.status)})` : '';
  const params = [...(query.status ?? [])];
  const total = reader.get<{ n: number }>(`SELECT count(*) AS n FROM bug ${where}`, params)!.n;
  const rows = reader.all<BugListRow>(
    `SELECT bug.key, bug.title, bug.status, bug.severity, bug.reproducibility, staff.login AS developer, version.name AS fixedIn,
       (SELECT count(*) FROM ticket_bug WHERE bug_id = bug.id) AS tickets,
       (SELECT count(DISTINCT ticket.organization_id) FROM ticket_bug JOIN ticket ON ticket.id = ticket_bug.ticket_id WHERE ticket_bug.bug_id = bug.id) AS customers,
       bug.updated_at AS updatedAt
     FROM bug LEFT JOIN staff ON staff.id = bug.developer_id LEFT JOIN version ON version.id = bug.fixed_in_version_id
     ${where} ORDER BY bug.updated_at DESC, bug.id DESC LIMIT ? OFFSET ?`,
    [...params, query.limit ?? 50, query.offset ?? 0],
  );
  return { total, rows };
}

export interface CallbackRow {
  key: string;
  subject: string;
  status: string;
  organization: string | null;
  contact: string | null;
  phone: string | null;
  due: string;
}

/** Tickets that owe the customer a call, soonest first. */
export function callbacksDue(reader: Reader): CallbackRow[] {
  return reader.all<CallbackRow>(
    `SELECT ticket.key, ticket.subject, ticket.status, organization.name AS organization, contact.name AS contact, contact.phone, ticket.callback_due AS due
     FROM ticket LEFT JOIN organization ON organization.id = ticket.organization_id LEFT JOIN contact ON contact.id = ticket.contact_id
     WHERE ticket.callback_due IS NOT NULL AND ticket.status NOT IN ('closed', 'cancelled')
     ORDER BY ticket.callback_due, ticket.id`,
  );
}

export interface CallRow {
  id: number;
  direction: string;
  purpose: string;
  channel: string;
  at: string;
  summary: string;
  outcome: string;
  contact: string | null;
  organization: string | null;
  ticket: string | null;
  staff: string;
  callbackDue: string | null;
}

export function recentCalls(reader: Reader, limit = 50): CallRow[] {
  return reader.all<CallRow>(
    `SELECT call.id, call.direction, call.purpose, call.channel, call.at, call.summary, call.outcome, contact.name AS contact,
       organization.name AS organization, ticket.key AS ticket, call.staff, call.callback_due AS callbackDue
     FROM call LEFT JOIN contact ON contact.id = call.contact_id LEFT JOIN organization ON organization.id = call.organization_id
       LEFT JOIN ticket ON ticket.id = call.ticket_id
     ORDER BY call.at DESC, call.id DESC LIMIT ?`,
    [limit],
  );
}

export interface TimelineEntry {
  at: string;
  kind: 'call' | 'note' | 'change' | 'run';
  by: string;
  /** call: direction/purpose/outcome; note: its kind and visibility; change: the field; run: the outcome. */
  what: string;
  text: string;
  /** change: before and after. */
  before?: string | null;
  after?: string | null;
}

/** Everything that happened to a ticket, oldest first. */
export function ticketTimeline(reader: Reader, ticketId: number): TimelineEntry[] {
  return reader.all<TimelineEntry>(
    `SELECT at, kind, by, what, text, before, after FROM (
       SELECT at, 'call' AS kind, staff AS by, direction || ' ' || purpose || ' ' || outcome AS what, summary AS text, NULL AS before, NULL AS after, 0 AS ord, id FROM call WHERE ticket_id = ?1
       UNION ALL SELECT at, 'note', by, kind || ' ' || visibility, body, NULL, NULL, 1, id FROM note WHERE ticket_id = ?1
       UNION ALL SELECT at, 'change', by, field, '', old_value, new_value, 2, id FROM change_log WHERE entity = 'ticket' AND entity_id = ?1
       UNION ALL SELECT run.at, 'run', run.by, run.outcome, run.reason || ' (' || run.reproduced_runs || '/' || run.conclusive_runs || ')', NULL, NULL, 3, run.id
         FROM run_ticket JOIN run ON run.id = run_ticket.run_id WHERE run_ticket.ticket_id = ?1) AS entries
     ORDER BY at, ord, id`,
    [ticketId],
  );
}

/** Everything that happened to a bug, oldest first; a comment from the developers' tracker by its author there. */
export function bugTimeline(reader: Reader, bugId: number): TimelineEntry[] {
  return reader.all<TimelineEntry>(
    `SELECT at, kind, by, what, text, before, after FROM (
       SELECT at, 'note' AS kind, coalesce(external_author, by) AS by, kind || ' ' || visibility AS what, body AS text, NULL AS before, NULL AS after, 1 AS ord, id FROM note WHERE bug_id = ?1
       UNION ALL SELECT at, 'change', by, field, '', old_value, new_value, 2, id FROM change_log WHERE entity = 'bug' AND entity_id = ?1) AS entries
     ORDER BY at, ord, id`,
    [bugId],
  );
}

/** The bugs a ticket is linked to, by key. */
export function ticketBugs(reader: Reader, ticketId: number): { key: string; title: string; status: string; linkType: string; developer: string | null }[] {
  return reader.all(
    `SELECT bug.key, bug.title, bug.status, ticket_bug.link_type AS linkType, staff.login AS developer
     FROM ticket_bug JOIN bug ON bug.id = ticket_bug.bug_id LEFT JOIN staff ON staff.id = bug.developer_id WHERE ticket_bug.ticket_id = ? ORDER BY bug.key`,
    [ticketId],
  );
}

/** The tickets linked to a bug, oldest first. */
export function bugTickets(reader: Reader, bugId: number): { key: string; subject: string; status: string; organization: string | null; linkType: string }[] {
  return reader.all(
    `SELECT ticket.key, ticket.subject, ticket.status, organization.name AS organization, ticket_bug.link_type AS linkType
     FROM ticket_bug JOIN ticket ON ticket.id = ticket_bug.ticket_id LEFT JOIN organization ON organization.id = ticket.organization_id
     WHERE ticket_bug.bug_id = ? ORDER BY ticket.id`,
    [bugId],
  );
}

export interface ScriptSummary {
  path: string;
  title: string | null;
  lastOutcome: string | null;
  lastRunAt: string | null;
  reproducedRuns: number | null;
  conclusiveRuns: number | null;
}

const SCRIPT_SUMMARY = `SELECT script.path, script.title, run.outcome AS lastOutcome, run.at AS lastRunAt, run.reproduced_runs AS reproducedRuns, run.conclusive_runs AS conclusiveRuns
  FROM script LEFT JOIN run ON run.id = (SELECT id FROM run WHERE script_id = script.id ORDER BY at DESC, id DESC LIMIT 1)`;

export function ticketScripts(reader: Reader, ticketId: number): ScriptSummary[] {
  return reader.all<ScriptSummary>(`${SCRIPT_SUMMARY} WHERE script.id IN (SELECT script_id FROM script_ticket WHERE ticket_id = ?) ORDER BY script.path`, [ticketId]);
}

export function bugScriptSummaries(reader: Reader, bugId: number): ScriptSummary[] {
  return reader.all<ScriptSummary>(
    `${SCRIPT_SUMMARY} WHERE script.id IN (SELECT script_id FROM script_bug WHERE bug_id = ?1
       UNION SELECT script_ticket.script_id FROM script_ticket JOIN ticket_bug ON ticket_bug.ticket_id = script_ticket.ticket_id WHERE ticket_bug.bug_id = ?1) ORDER BY script.path`,
    [bugId],
  );
}

export interface DocumentRow {
  id: number;
  kind: string;
  number: string | null;
  status: string;
  title: string;
  lang: string;
  createdAt: string;
  issuedAt: string | null;
}

export function listDocuments(reader: Reader, filter: { ticketId?: number; bugId?: number } = {}): DocumentRow[] {
  const where = filter.ticketId !== undefined
    ? 'WHERE document.ticket_id = ?1 OR document.id IN (SELECT document_id FROM document_ticket WHERE ticket_id = ?1)'
    : filter.bugId !== undefined
      ? 'WHERE document.bug_id = ?1'
      : '';
  const params = filter.ticketId ?? filter.bugId;
  return reader.all<DocumentRow>(
    `SELECT id, kind, number, status, title, lang, created_at AS createdAt, issued_at AS issuedAt FROM document ${where} ORDER BY created_at DESC, id DESC`,
    params === undefined ? [] : [params],
  );
}

export function ticketExists(reader: Reader, key: string): boolean {
  return reader.get<{ one: number }>('SELECT 1 AS one FROM ticket WHERE key = ?', [key]) !== undefined;
}

/** What a glance at a ticket shows (a hover): its state, its assignee, and its latest run. */
export interface TicketGlance {
  key: string;
  subject: string;
  status: string;
  priority: string;
  assignee: string | null;
  assigneeName: string | null;
  outcome: Outcome | null;
  reproduced: number | null;
  conclusive: number | null;
  at: string | null;
}

export function ticketGlance(reader: Reader, key: string): TicketGlance | undefined {
  return reader.get<TicketGlance>(
    `SELECT ticket.key, ticket.subject, ticket.status, ticket.priority, staff.login AS assignee, staff.name AS assigneeName,
       run.outcome, run.reproduced_runs AS reproduced, run.conclusive_runs AS conclusive, run.at
     FROM ticket LEFT JOIN staff ON staff.id = ticket.assignee_id
       LEFT JOIN run ON run.id = (SELECT run.id FROM run_ticket JOIN run ON run.id = run_ticket.run_id
         WHERE run_ticket.ticket_id = ticket.id ORDER BY run.at DESC, run.id DESC LIMIT 1)
     WHERE ticket.key = ?`,
    [key],
  );
}
