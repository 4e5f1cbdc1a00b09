// What the editor's pickers offer and a few single rows the UI looks up (a stored document to preview, a call
// to open a ticket from): read-only, small, in the order a person picks from.

import type { Reader } from './store';
import type { StaffRole } from './vocabulary';

export interface StaffChoice {
  login: string;
  name: string;
  role: StaffRole;
}

/** The active staff, developers last when `role` prefers specialists, else by name. */
export function staffList(reader: Reader, prefer?: StaffRole): StaffChoice[] {
  return reader.all<StaffChoice>('SELECT login, name, role FROM staff WHERE active = 1 ORDER BY role <> ?, name, login', [prefer ?? '']);
}

export interface OrganizationChoice {
  name: string;
  phone: string | null;
  email: string | null;
  tickets: number;
}

/** Organizations, the busiest first. */
export function organizations(reader: Reader): OrganizationChoice[] {
  return reader.all<OrganizationChoice>(
    `SELECT organization.name, organization.phone, organization.email, count(ticket.id) AS tickets
     FROM organization LEFT JOIN ticket ON ticket.organization_id = organization.id
     GROUP BY organization.id ORDER BY tickets DESC, organization.name`,
  );
}

export interface ContactChoice {
  id: number;
  name: string;
  phone: string | null;
  email: string | null;
  organization: string | null;
}

/** The contacts of an organization (all of them when none is named), by name. */
export function contacts(reader: Reader, organization?: string): ContactChoice[] {
  const where = organization ? 'WHERE organization.name = ? COLLATE NOCASE' : '';
  return reader.all<ContactChoice>(
    `SELECT contact.id, contact.name, contact.phone, contact.email, organization.name AS organization
     FROM contact LEFT JOIN organization ON organization.id = contact.organization_id ${where} ORDER BY contact.name, contact.id`,
    organization ? [organization] : [],
  );
}

/** Products with their versions, newest version first. */
export function products(reader: Reader): { name: string; versions: string[] }[] {
  const rows = reader.all<{ name: string; version: string | null }>(
    'SELECT product.name, version.name AS version FROM product LEFT JOIN version ON version.product_id = product.id ORDER BY product.name, version.sort_key DESC',
  );
  const byName = new Map<string, string[]>();
  for (const row of rows) {
    const versions = byName.get(row.name) ?? [];
    if (row.version !== null) versions.push(row.version);
    byName.set(row.name, versions);
  }
  return [...byName].map(([name, versions]) => ({ name, versions }));
}

export interface StoredDocumentRow {
  id: number;
  kind: string;
  number: string | null;
  status: string;
  title: string;
  lang: string;
  markdown: string;
  html: string;
}

export function storedDocument(reader: Reader, id: number): StoredDocumentRow | undefined {
  return reader.get<StoredDocumentRow>('SELECT id, kind, number, status, title, lang, markdown, html FROM document WHERE id = ?', [id]);
}

/** One call, with the ticket it is about (if any). */
export function callById(reader: Reader, id: number): { id: number; summary: string; direction: string; channel: string; ticket: string | null; organization: string | null } | undefined {
  return reader.get(
    `SELECT call.id, call.summary, call.direction, call.channel, ticket.key AS ticket, organization.name AS organization
     FROM call LEFT JOIN ticket ON ticket.id = call.ticket_id LEFT JOIN organization ON organization.id = call.organization_id WHERE call.id = ?`,
    [id],
  );
}

/** Whether the desk knows a script by that path (recorded or linked before). */
export function knownScript(reader: Reader, path: string): boolean {
  return reader.get('SELECT 1 AS found FROM script WHERE path = ?', [path]) !== undefined;
}

/** Whether the desk holds anything a person entered (the views show their welcome otherwise). */
export function deskIsEmpty(reader: Reader): boolean {
  return !reader.get('SELECT 1 AS found FROM ticket UNION ALL SELECT 1 FROM call UNION ALL SELECT 1 FROM bug LIMIT 1');
}
