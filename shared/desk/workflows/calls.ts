// Calls: every contact with a user, inbound (a user reports) or outbound (a callback, a technical call during a
// reproduction, a fix confirmation). A call on a ticket settles the callback the ticket was due, and may set
// the next one.

import * as l10n from '@vscode/l10n';
import type { Tx } from '../store';
import type { CallDirection, CallOutcome, CallPurpose, Channel } from '../vocabulary';
import { organizationId, ticket, WorkflowError } from './common';
import { addContact } from './people';
import { createTicket, markFirstResponse, type NewTicket } from './tickets';

export interface NewCall {
  direction: CallDirection;
  /** Default: `report` for inbound calls, `callback` for outbound ones. */
  purpose?: CallPurpose;
  channel?: Channel;
  /** An existing contact, or a new one. */
  contactId?: number;
  contact?: { name: string; phone?: string; email?: string };
  organization?: string;
  /** The ticket the call is about. */
  ticket?: string;
  /** When it happened (default: now). */
  at?: string;
  durationSeconds?: number;
  summary: string;
  outcome: CallOutcome;
  /** When to call back next. */
  callbackDue?: string;
  /** A ticket to open from this call (an inbound report). */
  newTicket?: Omit<NewTicket, 'callId'>;
}

export function registerCall(tx: Tx, input: NewCall): { callId: number; ticketKey?: string } {
  if (input.ticket && input.newTicket) throw new WorkflowError(l10n.t('a call is about an existing ticket or opens a new one, not both'));
  const about = input.ticket ? ticket(tx, input.ticket) : undefined;
  const organization = input.organization
    ? organizationId(tx, input.organization)
    : input.contactId !== undefined
      ? (tx.get<{ organization_id: number | null }>('SELECT organization_id FROM contact WHERE id = ?', [input.contactId])?.organization_id ?? null)
      : (about?.organization_id ?? null);
  const contactId = input.contact ? addContact(tx, { ...input.contact, organization: input.organization }) : (input.contactId ?? about?.contact_id ?? null);
  const purpose = input.purpose ?? (input.direction === 'in' ? 'report' : 'callback');
  const callId = tx.run(
    'INSERT INTO call (direction, purpose, channel, contact_id, organization_id, ticket_id, staff, at, duration_s, summary, outcome, callback_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [input.direction, purpose, input.channel ?? 'phone', contactId, organization, about?.id ?? null, tx.by, input.at ?? tx.now, input.durationSeconds ?? null, input.summary, input.outcome, input.callbackDue ?? null],
  ).lastId;
  if (about) {
    if (input.direction === 'out' && ['reached', 'resolved-on-call'].includes(input.outcome)) markFirstResponse(tx, about.id);
    // The call settles what was owed (when the user was reached) and sets what is owed next.
    const reached = input.outcome !== 'no-answer' && input.outcome !== 'voicemail';
    const due = input.callbackDue ?? (reached ? null : about.callback_due);
    if (due !== about.callback_due) tx.run('UPDATE ticket SET callback_due = ?, updated_at = ? WHERE id = ?', [due, tx.now, about.id]);
  }
  if (input.newTicket) {
    const created = createTicket(tx, { channel: input.channel ?? 'phone', ...input.newTicket, callId, callbackDue: input.callbackDue });
    return { callId, ticketKey: created.key };
  }
  return { callId, ticketKey: about?.key };
}
