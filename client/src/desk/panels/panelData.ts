// What a ticket or bug panel shows, read from the desk in one go and sent to the webview as JSON: every field
// (names, not ids), the choices its pickers offer, the linked bugs or tickets, scripts with their latest outcome,
// documents, and the newest part of the timeline. Read-only and bounded: everything is looked up by key or id
// through an index, and the timeline sent is the latest `limit` entries, so a panel opens as fast on a desk of
// 100k tickets as on an empty one.
// Pure (no vscode): tested in plain Node, timed on a 10k-ticket desk.
// The name lookups below are reads the shared queries do not offer yet; they belong in shared/desk/queries.ts
// (ticketView/bugView) when another part needs them.

import { bugScriptSummaries, bugTickets, bugTimeline, listDocuments, ticketBugs, ticketScripts, ticketTimeline, type DocumentRow, type ScriptSummary, type TimelineEntry } from '../../../../shared/desk/queries';
import type { Reader } from '../../../../shared/desk/store';
import { BUG_TRANSITIONS, TICKET_TRANSITIONS, type BugStatus, type TicketStatus } from '../../../../shared/desk/vocabulary';
import { bug as findBug, ticket as findTicket } from '../../../../shared/desk/workflows/common';
import { percentText, wilsonInterval } from '../../../../shared/runner/stats';

/** A script with its latest run's 95% interval in percent ("12–77%"), null with no conclusive run. */
export type PanelScript = ScriptSummary & { interval: string | null };

/** The interval from the run row's k/n: the desk stores counts, not intervals (no schema change). */
function withInterval(script: ScriptSummary): PanelScript {
  const interval = wilsonInterval(script.reproducedRuns ?? 0, script.conclusiveRuns ?? 0);
  return { ...script, interval: interval && percentText(interval) };
}

/** How many timeline entries a panel shows at first, and how many more each "Show more" adds. */
export const TIMELINE_PAGE = 50;
/** How many contacts the contact picker offers (the organization's, then the current one). */
const CONTACT_LIMIT = 200;

export interface Timeline {
  /** Newest first. */
  entries: TimelineEntry[];
  total: number;
}

export interface StaffOption {
  login: string;
  name: string;
  role: string;
}

export interface TicketPanelData {
  kind: 'ticket';
  key: string;
  /** Every editable field, as the webview's inputs hold it ('' for not set). */
  fields: {
    subject: string;
    description: string;
    steps: string;
    expected: string;
    actual: string;
    environment: string;
    type: string;
    priority: string;
    severity: string;
    channel: string;
    organization: string;
    contact: string;
    product: string;
    component: string;
    reportedVersion: string;
    assignee: string;
    callbackDue: string;
    status: string;
    resolution: string;
  };
  info: { createdAt: string; createdBy: string; updatedAt: string; firstResponseAt: string | null; resolvedAt: string | null; closedAt: string | null; reopenCount: number };
  options: {
    /** Where the status may go from here (the transition table), the current one first. */
    statuses: string[];
    staff: StaffOption[];
    contacts: { id: number; name: string; phone: string | null; email: string | null }[];
    products: string[];
    components: string[];
    versions: string[];
  };
  bugs: { key: string; title: string; status: string; linkType: string; developer: string | null }[];
  scripts: PanelScript[];
  documents: DocumentRow[];
  timeline: Timeline;
}

export interface BugPanelData {
  kind: 'bug';
  key: string;
  fields: {
    title: string;
    description: string;
    severity: string;
    product: string;
    component: string;
    affectedVersions: string;
    developer: string;
    reproducibility: string;
    externalKey: string;
    externalUrl: string;
    status: string;
    resolution: string;
    fixedIn: string;
  };
  info: { createdAt: string; createdBy: string; updatedAt: string; resolvedAt: string | null };
  options: { statuses: string[]; staff: StaffOption[]; products: string[]; components: string[]; versions: string[] };
  tickets: { key: string; subject: string; status: string; organization: string | null; linkType: string }[];
  scripts: PanelScript[];
  documents: DocumentRow[];
  timeline: Timeline;
}

export type PanelData = TicketPanelData | BugPanelData;

/** Change-log fields that hold ids: the name each id stands for, so the timeline reads "Acme" and not "3". */
const ID_FIELDS: Readonly<Record<string, { table: string; field: string }>> = {
  organization_id: { table: 'organization', field: 'organization' },
  contact_id: { table: 'contact', field: 'contact' },
  product_id: { table: 'product', field: 'product' },
  component_id: { table: 'component', field: 'component' },
  reported_version_id: { table: 'version', field: 'reportedVersion' },
};

const text = (value: string | null | undefined): string => value ?? '';

function nameOf(reader: Reader, table: string, id: number | null): string | null {
  return id === null ? null : (reader.get<{ name: string }>(`SELECT name FROM ${table} WHERE id = ?`, [id])?.name ?? null);
}

/** The latest `limit` entries, newest first, with ids in the change log turned into names. */
function bounded(reader: Reader, all: TimelineEntry[], limit: number): Timeline {
  const entries = all.slice(Math.max(0, all.length - limit)).reverse();
  for (const entry of entries) {
    const lookup = entry.kind === 'change' ? ID_FIELDS[entry.what] : undefined;
    if (!lookup) continue;
    entry.what = lookup.field;
    entry.before = entry.before === null || entry.before === undefined ? null : (nameOf(reader, lookup.table, Number(entry.before)) ?? entry.before);
    entry.after = entry.after === null || entry.after === undefined ? null : (nameOf(reader, lookup.table, Number(entry.after)) ?? entry.after);
  }
  return { entries, total: all.length };
}

function staff(reader: Reader): StaffOption[] {
  return reader.all<StaffOption>('SELECT login, name, role FROM staff WHERE active = 1 ORDER BY name, login');
}

function productChoices(reader: Reader, productId: number | null): { products: string[]; components: string[]; versions: string[] } {
  const names = (sql: string, params: (number | string)[] = []): string[] => reader.all<{ name: string }>(sql, params).map((r) => r.name);
  return {
    products: names('SELECT name FROM product ORDER BY name LIMIT 500'),
    components: productId === null ? [] : names('SELECT name FROM component WHERE product_id = ? ORDER BY name', [productId]),
    versions: productId === null ? [] : names('SELECT name FROM version WHERE product_id = ? ORDER BY sort_key', [productId]),
  };
}

/** Everything the ticket panel shows. Throws the desk's WorkflowError when the key is not in the desk. */
export function ticketPanelData(reader: Reader, key: string, limit = TIMELINE_PAGE): TicketPanelData {
  const t = findTicket(reader, key);
  const names = reader.get<{ organization: string | null; contact: string | null; product: string | null; component: string | null; version: string | null; assignee: string | null }>(
    `SELECT organization.name AS organization, contact.name AS contact, product.name AS product, component.name AS component, version.name AS version, staff.login AS assignee
     FROM ticket LEFT JOIN organization ON organization.id = ticket.organization_id LEFT JOIN contact ON contact.id = ticket.contact_id
       LEFT JOIN product ON product.id = ticket.product_id LEFT JOIN component ON component.id = ticket.component_id
       LEFT JOIN version ON version.id = ticket.reported_version_id LEFT JOIN staff ON staff.id = ticket.assignee_id
     WHERE ticket.id = ?`,
    [t.id],
  )!;
  const contacts = reader.all<{ id: number; name: string; phone: string | null; email: string | null }>(
    `SELECT id, name, phone, email FROM contact WHERE (organization_id = ?1 AND ?1 IS NOT NULL) OR id = ?2 ORDER BY id = ?2 DESC, name LIMIT ${CONTACT_LIMIT}`,
    [t.organization_id, t.contact_id],
  );
  const status = t.status as TicketStatus;
  return {
    kind: 'ticket',
    key: t.key,
    fields: {
      subject: t.subject,
      description: t.description,
      steps: t.steps,
      expected: t.expected,
      actual: t.actual,
      environment: t.environment,
      type: t.type,
      priority: t.priority,
      severity: t.severity,
      channel: text(t.channel),
      organization: text(names.organization),
      contact: t.contact_id === null ? '' : String(t.contact_id),
      product: text(names.product),
      component: text(names.component),
      reportedVersion: text(names.version),
      assignee: text(names.assignee),
      callbackDue: text(t.callback_due),
      status: t.status,
      resolution: text(t.resolution),
    },
    info: {
      createdAt: t.created_at,
      createdBy: t.created_by,
      updatedAt: t.updated_at,
      firstResponseAt: t.first_response_at,
      resolvedAt: t.resolved_at,
      closedAt: t.closed_at,
      reopenCount: t.reopen_count,
    },
    options: { statuses: [status, ...TICKET_TRANSITIONS[status]], staff: staff(reader), contacts, ...productChoices(reader, t.product_id) },
    bugs: ticketBugs(reader, t.id),
    scripts: ticketScripts(reader, t.id).map(withInterval),
    documents: listDocuments(reader, { ticketId: t.id }),
    timeline: bounded(reader, ticketTimeline(reader, t.id), limit),
  };
}

/** Everything the bug panel shows. Throws the desk's WorkflowError when the key is not in the desk. */
export function bugPanelData(reader: Reader, key: string, limit = TIMELINE_PAGE): BugPanelData {
  const b = findBug(reader, key);
  const developer = b.developer_id === null ? null : (reader.get<{ login: string }>('SELECT login FROM staff WHERE id = ?', [b.developer_id])?.login ?? null);
  const affected = reader.all<{ name: string }>('SELECT version.name FROM bug_version JOIN version ON version.id = bug_version.version_id WHERE bug_version.bug_id = ? ORDER BY version.sort_key', [b.id]);
  const status = b.status as BugStatus;
  return {
    kind: 'bug',
    key: b.key,
    fields: {
      title: b.title,
      description: b.description,
      severity: b.severity,
      product: text(nameOf(reader, 'product', b.product_id)),
      component: text(nameOf(reader, 'component', b.component_id)),
      affectedVersions: affected.map((v) => v.name).join(', '),
      developer: text(developer),
      reproducibility: b.reproducibility,
      externalKey: text(b.external_key),
      externalUrl: text(b.external_url),
      status: b.status,
      resolution: text(b.resolution),
      fixedIn: text(nameOf(reader, 'version', b.fixed_in_version_id)),
    },
    info: { createdAt: b.created_at, createdBy: b.created_by, updatedAt: b.updated_at, resolvedAt: b.resolved_at },
    options: { statuses: [status, ...BUG_TRANSITIONS[status]], staff: staff(reader), ...productChoices(reader, b.product_id) },
    tickets: bugTickets(reader, b.id),
    scripts: bugScriptSummaries(reader, b.id).map(withInterval),
    documents: listDocuments(reader, { bugId: b.id }),
    timeline: bounded(reader, bugTimeline(reader, b.id), limit),
  };
}

export function panelData(reader: Reader, kind: 'ticket' | 'bug', key: string, limit = TIMELINE_PAGE): PanelData {
  return kind === 'ticket' ? ticketPanelData(reader, key, limit) : bugPanelData(reader, key, limit);
}
