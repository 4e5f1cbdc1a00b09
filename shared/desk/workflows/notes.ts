// Notes on tickets and bugs: comments, internal notes, callback summaries. A public note on a ticket answers
// the customer (the first one is the ticket's first response).

import * as l10n from '@vscode/l10n';
import type { Tx } from '../store';
import type { NoteKind, Visibility } from '../vocabulary';
import { bug, ticket, WorkflowError } from './common';
import { markFirstResponse } from './tickets';

export interface NewNote {
  ticket?: string;
  bug?: string;
  kind?: Exclude<NoteKind, 'system'>;
  visibility?: Visibility;
  body: string;
  callId?: number;
}

export function addNote(tx: Tx, input: NewNote): number {
  if ((input.ticket === undefined) === (input.bug === undefined)) throw new WorkflowError(l10n.t('a note is on a ticket or on a bug'));
  if (!input.body.trim()) throw new WorkflowError(l10n.t('a note needs some text'));
  const ticketRow = input.ticket === undefined ? undefined : ticket(tx, input.ticket);
  const bugRow = input.bug === undefined ? undefined : bug(tx, input.bug);
  const visibility = input.visibility ?? (input.kind === 'internal' ? 'private' : 'public');
  const id = tx.run('INSERT INTO note (ticket_id, bug_id, kind, visibility, call_id, body, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    ticketRow?.id ?? null,
    bugRow?.id ?? null,
    input.kind ?? 'comment',
    visibility,
    input.callId ?? null,
    input.body,
    tx.by,
    tx.now,
  ]).lastId;
  if (ticketRow && visibility === 'public') markFirstResponse(tx, ticketRow.id);
  const table = ticketRow ? 'ticket' : 'bug';
  tx.run(`UPDATE ${table} SET updated_at = ? WHERE id = ?`, [tx.now, (ticketRow ?? bugRow)!.id]);
  return id;
}
