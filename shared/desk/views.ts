// A ticket or a bug with everything around it, by names (not ids), as `repro ticket show` and `repro bug show`
// print it: its fields, the linked bugs or tickets, its scripts with their latest outcome, its documents and
// its whole timeline (oldest first). Read-only. Throws the desk's WorkflowError for a key it does not have.

import { bugScriptSummaries, bugTickets, bugTimeline, listDocuments, ticketBugs, ticketScripts, ticketTimeline, type DocumentRow, type ScriptSummary, type TimelineEntry } from './queries';
import type { Reader } from './store';
import { bug as findBug, ticket as findTicket } from './workflows/common';

export interface TicketView {
  key: string;
  subject: string;
  type: string;
  status: string;
  resolution: string | null;
  priority: string;
  severity: string;
  channel: string | null;
  organization: string | null;
  contact: string | null;
  phone: string | null;
  product: string | null;
  version: string | null;
  assignee: string | null;
  callbackDue: string | null;
  description: string;
  environment: string;
  createdAt: string;
  reopenCount: number;
  bugs: { key: string; title: string; status: string; linkType: string; developer: string | null }[];
  scripts: ScriptSummary[];
  documents: DocumentRow[];
  timeline: TimelineEntry[];
}

export function ticketView(reader: Reader, key: string): TicketView {
  const t = findTicket(reader, key);
  const names = reader.get<Pick<TicketView, 'organization' | 'contact' | 'phone' | 'product' | 'version' | 'assignee'>>(
    `SELECT organization.name AS organization, contact.name AS contact, contact.phone, product.name AS product, version.name AS version, staff.login AS assignee
     FROM ticket LEFT JOIN organization ON organization.id = ticket.organization_id LEFT JOIN contact ON contact.id = ticket.contact_id
       LEFT JOIN product ON product.id = ticket.product_id LEFT JOIN version ON version.id = ticket.reported_version_id
       LEFT JOIN staff ON staff.id = ticket.assignee_id
     WHERE ticket.id = ?`,
    [t.id],
  )!;
  return {
    key: t.key,
    subject: t.subject,
    type: t.type,
    status: t.status,
    resolution: t.resolution,
    priority: t.priority,
    severity: t.severity,
    channel: t.channel,
    ...names,
    callbackDue: t.callback_due,
    description: t.description,
    environment: t.environment,
    createdAt: t.created_at,
    reopenCount: t.reopen_count,
    bugs: ticketBugs(reader, t.id),
    scripts: ticketScripts(reader, t.id),
    documents: listDocuments(reader, { ticketId: t.id }),
    timeline: ticketTimeline(reader, t.id),
  };
}

export interface BugView {
  key: string;
  title: string;
  status: string;
  resolution: string | null;
  severity: string;
  reproducibility: string;
  product: string | null;
  developer: string | null;
  fixedIn: string | null;
  affectedVersions: string[];
  externalKey: string | null;
  description: string;
  tickets: { key: string; subject: string; status: string; organization: string | null; linkType: string }[];
  scripts: ScriptSummary[];
  documents: DocumentRow[];
  timeline: TimelineEntry[];
}

export function bugView(reader: Reader, key: string): BugView {
  const b = findBug(reader, key);
  const names = reader.get<Pick<BugView, 'product' | 'developer' | 'fixedIn'>>(
    `SELECT product.name AS product, staff.login AS developer, version.name AS fixedIn
     FROM bug LEFT JOIN product ON product.id = bug.product_id LEFT JOIN staff ON staff.id = bug.developer_id LEFT JOIN version ON version.id = bug.fixed_in_version_id
     WHERE bug.id = ?`,
    [b.id],
  )!;
  return {
    key: b.key,
    title: b.title,
    status: b.status,
    resolution: b.resolution,
    severity: b.severity,
    reproducibility: b.reproducibility,
    ...names,
    affectedVersions: reader.all<{ name: string }>('SELECT version.name FROM bug_version JOIN version ON version.id = bug_version.version_id WHERE bug_version.bug_id = ? ORDER BY version.sort_key', [b.id]).map((v) => v.name),
    externalKey: b.external_key,
    description: b.description,
    tickets: bugTickets(reader, b.id),
    scripts: bugScriptSummaries(reader, b.id),
    documents: listDocuments(reader, { bugId: b.id }),
    timeline: bugTimeline(reader, b.id),
  };
}
