// Documents kept in the desk: closing acts (numbered per year, immutable once issued, corrected by a
// superseding act that voids the old one) and, when asked, the reports generated from it. What is stored is
// what was issued: the data, both renderings and a hash of them; the schema refuses to change an issued one.

import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import { renderClosingAct, renderComplaintAnalysis, renderReproReport } from '../../documents';
import type { DocumentLanguage } from '../../documents/types';
import { closingActData, complaintAnalysisData, reproReportData, type ActScope } from '../documentsData';
import type { Reader, Tx } from '../store';
import type { DocumentKind } from '../vocabulary';
import { logChange, ticket, WorkflowError } from './common';

export interface StoredDocument {
  kind: DocumentKind;
  title: string;
  lang: DocumentLanguage;
  data: unknown;
  markdown: string;
  html: string;
  ticketId?: number;
  bugId?: number;
  organizationId?: number;
  period?: { from: string; to: string };
  number?: string;
  supersedesId?: number;
}

/** Keeps an issued document. */
export function storeDocument(tx: Tx, doc: StoredDocument): number {
  const hash = createHash('sha256').update(doc.markdown).update('\0').update(doc.html).digest('hex');
  return tx.run(
    `INSERT INTO document (kind, number, status, lang, title, ticket_id, bug_id, organization_id, period_from, period_to, data, markdown, html, content_hash,
       supersedes_id, created_at, created_by, issued_at) VALUES (?, ?, 'issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [doc.kind, doc.number ?? null, doc.lang, doc.title, doc.ticketId ?? null, doc.bugId ?? null, doc.organizationId ?? null, doc.period?.from ?? null, doc.period?.to ?? null,
      JSON.stringify(doc.data), doc.markdown, doc.html, hash, doc.supersedesId ?? null, tx.now, tx.by, tx.now],
  ).lastId;
}

/** The next number of a kind for the year of `now`: ACT-2026-0001. */
export function nextDocumentNumber(tx: Tx, prefix: string): string {
  const year = tx.now.slice(0, 4);
  const name = `document:${prefix}:${year}`;
  const value = (tx.get<{ value: number }>('SELECT value FROM counter WHERE name = ?', [name])?.value ?? 0) + 1;
  tx.run('INSERT INTO counter (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [name, value]);
  return `${prefix}-${year}-${String(value).padStart(4, '0')}`;
}

export interface ActInput extends ActScope {
  lang: DocumentLanguage;
}

/**
 * Work recorded on a ticket, what a closing act reports as performed: a recorded run, a note a person wrote
 * (system notes are the desk's), a call to the customer, or a resolution. The inbound call that opened the
 * ticket is not work.
 */
const HAS_WORK = `SELECT 1 AS found FROM ticket WHERE ticket.id = ?1 AND (ticket.resolution IS NOT NULL
  OR EXISTS (SELECT 1 FROM run_ticket WHERE ticket_id = ?1)
  OR EXISTS (SELECT 1 FROM note WHERE ticket_id = ?1 AND kind <> 'system')
  OR EXISTS (SELECT 1 FROM call WHERE ticket_id = ?1 AND direction = 'out'))`;

/**
 * Why these tickets cannot be in an issued act, or undefined when they can: each must be in the desk, have work
 * recorded, and not be in an issued act already (unless that is the act being superseded).
 */
export function actRefusal(reader: Reader, tickets: readonly string[], supersedes?: string): string | undefined {
  for (const key of tickets) {
    const row = ticket(reader, key);
    const issued = reader.get<{ number: string }>(
      "SELECT document.number FROM document_ticket JOIN document ON document.id = document_ticket.document_id WHERE document_ticket.ticket_id = ? AND document.kind = 'closing-act' AND document.status = 'issued' ORDER BY document.id DESC LIMIT 1",
      [row.id],
    );
    if (issued && issued.number !== supersedes) return l10n.t('ticket {0} is already in closing act {1}: a correction supersedes it (--supersedes {1})', row.key, issued.number);
    if (!reader.get(HAS_WORK, [row.id])) return l10n.t('ticket {0} has no work recorded yet (a run, a note, a call to the customer or a resolution): its act can only be a draft (--draft)', row.key);
  }
  return undefined;
}

/** Issues a closing act: numbered, rendered, stored immutable; a superseded act becomes void. */
export function issueClosingAct(tx: Tx, input: ActInput): { id: number; number: string } {
  let supersedesId: number | undefined;
  if (input.supersedes) {
    const old = tx.get<{ id: number; status: string; organization: string | null }>(
      "SELECT document.id, document.status, organization.name AS organization FROM document LEFT JOIN organization ON organization.id = document.organization_id WHERE document.number = ? AND document.kind = 'closing-act'",
      [input.supersedes],
    );
    if (!old) throw new WorkflowError(l10n.t('no closing act {0} in the desk', input.supersedes));
    if (old.status !== 'issued') throw new WorkflowError(l10n.t('closing act {0} is already void', input.supersedes));
    if (old.organization?.toLowerCase() !== input.organization.toLowerCase()) throw new WorkflowError(l10n.t('closing act {0} is for another organization', input.supersedes));
    supersedesId = old.id;
  }
  const refusal = actRefusal(tx, input.tickets, input.supersedes);
  if (refusal) throw new WorkflowError(refusal);
  const number = nextDocumentNumber(tx, 'ACT');
  const data = closingActData(tx, { ...input, number, status: 'issued', date: tx.now, preparedBy: tx.by });
  const organizationId = tx.get<{ id: number }>('SELECT id FROM organization WHERE name = ? COLLATE NOCASE', [input.organization])!.id;
  const id = storeDocument(tx, {
    kind: 'closing-act',
    number,
    title: `${number} — ${data.organization.name}`,
    lang: input.lang,
    data,
    markdown: renderClosingAct(data, { format: 'md', lang: input.lang }),
    html: renderClosingAct(data, { format: 'html', lang: input.lang }),
    organizationId,
    period: input.period,
    supersedesId,
  });
  for (const key of input.tickets) {
    const ticketId = tx.get<{ id: number }>('SELECT id FROM ticket WHERE key = ?', [key.toUpperCase()])!.id;
    tx.run('INSERT INTO document_ticket (document_id, ticket_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [id, ticketId]);
    logChange(tx, 'ticket', ticketId, 'closing_act', null, number);
  }
  if (supersedesId !== undefined) tx.run("UPDATE document SET status = 'void' WHERE id = ?", [supersedesId]);
  return { id, number };
}

/** A kept document: its number and both renderings. */
export interface SavedDocument {
  id: number;
  number: string;
  markdown: string;
  html: string;
}

/** Keeps a reproduction report of a ticket or bug, numbered REP-2026-0001, as the desk shows it now. */
export function saveReproReport(tx: Tx, input: { key: string; lang: DocumentLanguage }): SavedDocument {
  const number = nextDocumentNumber(tx, 'REP');
  const data = reproReportData(tx, input.key, tx.now);
  const subject = tx.get<{ id: number }>(`SELECT id FROM ${data.subject.kind} WHERE key = ?`, [data.subject.key])!;
  const markdown = renderReproReport(data, { format: 'md', lang: input.lang });
  const html = renderReproReport(data, { format: 'html', lang: input.lang });
  const id = storeDocument(tx, {
    kind: 'repro-report',
    number,
    title: `${number} — ${data.subject.key}`,
    lang: input.lang,
    data,
    markdown,
    html,
    ticketId: data.subject.kind === 'ticket' ? subject.id : undefined,
    bugId: data.subject.kind === 'bug' ? subject.id : undefined,
  });
  return { id, number, markdown, html };
}

/** Keeps the complaint analysis of a period, numbered ANL-2026-0001. */
export function saveComplaintAnalysis(tx: Tx, input: { from: string; to: string; lang: DocumentLanguage }): SavedDocument {
  const number = nextDocumentNumber(tx, 'ANL');
  const data = complaintAnalysisData(tx, input.from, input.to, tx.now);
  const markdown = renderComplaintAnalysis(data, { format: 'md', lang: input.lang });
  const html = renderComplaintAnalysis(data, { format: 'html', lang: input.lang });
  const id = storeDocument(tx, { kind: 'complaint-analysis', number, title: `${number} — ${input.from} … ${input.to}`, lang: input.lang, data, markdown, html, period: { from: input.from, to: input.to } });
  return { id, number, markdown, html };
}
