// The tracker's actions on tickets and bugs (spec §4): new, change status (only the transitions the workflow
// allows, with a resolution where one is needed), assign, link to a bug (or make one from the ticket), add a
// note, copy the key or a link, open by key.

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { staffList } from '../../../../shared/desk/lookups';
import {
  BUG_RESOLUTIONS,
  BUG_TRANSITIONS,
  PRIORITIES,
  STAFF_ROLES,
  TICKET_RESOLUTIONS,
  TICKET_TRANSITIONS,
  type BugResolution,
  type BugStatus,
  type Priority,
  type StaffRole,
  type TicketResolution,
  type TicketStatus,
  type TicketType,
} from '../../../../shared/desk/vocabulary';
import { bug, ticket } from '../../../../shared/desk/workflows/common';
import { deskLink } from '../links';
import { said, type DeskNode } from '../views/nodes';
import { ask, bugKey, options, pick, pickBug, pickOrType, pickTicket, pickValue, ticketKey, type Choice, type Handler } from './common';

/** A ticket or a bug, from a key (looked up) or an element. */
async function target(ctx: DeskContext, arg: unknown): Promise<{ kind: 'ticket' | 'bug'; key: string } | undefined> {
  const node = arg as { kind?: string } | undefined;
  if (node?.kind === 'bug') return { kind: 'bug', key: bugKey(arg)! };
  const key = ticketKey(arg);
  if (!key) return undefined;
  if (typeof arg !== 'string') return { kind: 'ticket', key };
  // A bare key names a ticket, else a bug (the same key form serves both); neither is a clear refusal.
  const desk = await ctx.desk.desk();
  try {
    return { kind: 'ticket', key: ticket(desk, key).key };
  } catch {
    return { kind: 'bug', key: bug(desk, key).key };
  }
}

export function ticketCommands(ctx: DeskContext): Record<string, Handler> {
  /** A staff member (a developer first when `role` says so), or a new one added on the spot. */
  const pickStaff = async (placeHolder: string, role: StaffRole, extra: Choice<string | null>[] = []): Promise<string | null | undefined> => {
    const desk = await ctx.desk.desk();
    const items: Choice<string | null>[] = [...staffList(desk, role).map((s) => ({ label: s.login, description: `${s.name} · ${said(s.role)}`, value: s.login })), ...extra];
    const chosen = await pickOrType(items, placeHolder, (typed) => vscode.l10n.t('Add {0} to the staff', typed));
    if (chosen === null || typeof chosen !== 'object') return chosen;
    const name = await ask(vscode.l10n.t('Full name of {0}', chosen.typed), { required: true });
    if (name === undefined) return undefined;
    const newRole = await pickValue(STAFF_ROLES, vscode.l10n.t('Role of {0}', name));
    if (!newRole) return undefined;
    await ctx.desk.perform('addStaff', { login: chosen.typed, name, role: newRole });
    return chosen.typed;
  };

  const ticketOrAsk = async (arg: unknown, placeHolder: string): Promise<{ kind: 'ticket' | 'bug'; key: string } | undefined> =>
    (await target(ctx, arg)) ?? (await pickTicket(ctx, placeHolder).then((key) => (key ? { kind: 'ticket' as const, key } : undefined)));
  const requireTicket = async (arg: unknown, placeHolder: string): Promise<string | undefined> => ticketKey(arg) ?? pickTicket(ctx, placeHolder);
  const requireBug = async (arg: unknown, placeHolder: string): Promise<string | undefined> => bugKey(arg) ?? pickBug(ctx, placeHolder);

  return {
    /** A new ticket (without a call: an e-mail, a portal request); resolves with its key. */
    'repro.desk.newTicket': async (arg) => {
      const given = options<{ subject: string; organization: string; priority: Priority; type: TicketType; open: boolean }>(arg);
      const subject = given.subject ?? (await ask(vscode.l10n.t('Subject of the new ticket'), { required: true }));
      if (subject === undefined) return undefined;
      const priority = given.priority ?? (arg === undefined ? await pickValue(['normal', ...PRIORITIES.filter((p) => p !== 'normal')], vscode.l10n.t('Priority')) : undefined);
      if (arg === undefined && !priority) return undefined;
      const { key } = await ctx.desk.perform('createTicket', { subject, ...(priority ? { priority } : {}), ...(given.organization ? { organization: given.organization } : {}), ...(given.type ? { type: given.type } : {}) });
      if (given.open ?? arg === undefined) await vscode.commands.executeCommand('repro.desk.openTicket', key);
      return key;
    },

    'repro.desk.changeTicketStatus': async (arg, status, resolution) => {
      const key = await requireTicket(arg, vscode.l10n.t('Change the status of which ticket?'));
      if (!key) return undefined;
      const row = ticket(await ctx.desk.desk(), key);
      const next = (status as TicketStatus | undefined) ?? (await pickValue(TICKET_TRANSITIONS[row.status as TicketStatus], vscode.l10n.t('{0} is {1}: move it to', row.key, said(row.status))));
      if (!next) return undefined;
      const why = next === 'resolved' ? ((resolution as TicketResolution | undefined) ?? (await pickValue(TICKET_RESOLUTIONS, vscode.l10n.t('Resolution')))) : undefined;
      if (next === 'resolved' && !why) return undefined;
      await ctx.desk.perform('changeTicketStatus', row.key, next, why ? { resolution: why } : {});
      return next;
    },

    /** Assigns a ticket to a specialist (null: nobody). */
    'repro.desk.assignTicket': async (arg, login) => {
      const key = await requireTicket(arg, vscode.l10n.t('Assign which ticket?'));
      if (!key) return undefined;
      const who = login !== undefined ? (login as string | null) : await pickStaff(vscode.l10n.t('Assign {0} to', key), 'specialist', [{ label: vscode.l10n.t('Nobody'), value: null }]);
      if (who === undefined) return undefined;
      await ctx.desk.perform('assignTicket', key, who);
      return who;
    },

    /** Links a ticket to a bug: a key, `{ title }` for a new bug made from the ticket, or asked. */
    'repro.desk.linkToBug': async (arg, bugArg) => {
      const key = await requireTicket(arg, vscode.l10n.t('Link which ticket to a bug?'));
      if (!key) return undefined;
      const desk = await ctx.desk.desk();
      const row = ticket(desk, key);
      const NEW = '\0new';
      let chosen = typeof bugArg === 'string' ? bugArg.toUpperCase() : bugArg && typeof bugArg === 'object' ? NEW : undefined;
      chosen ??= await pickBug(ctx, vscode.l10n.t('Link {0} to which bug?', key), [{ label: `$(add) ${vscode.l10n.t('New bug from this ticket…')}`, value: NEW }]);
      if (!chosen) return undefined;
      if (chosen !== NEW) {
        await ctx.desk.perform('linkTicketToBug', key, chosen);
        return chosen;
      }
      const title = (bugArg as { title?: string } | undefined)?.title ?? (await ask(vscode.l10n.t('Title of the bug'), { value: row.subject, required: true }));
      if (title === undefined) return undefined;
      const made = await ctx.desk.perform('createBug', { title, tickets: [key] });
      vscode.window.setStatusBarMessage(vscode.l10n.t('{0} is linked to the new bug {1}.', key, made.key), 5000);
      return made.key;
    },

    /** A note on a ticket or bug: a public comment (it answers the customer) or an internal one. */
    'repro.desk.addNote': async (arg, body, kind) => {
      const on = await ticketOrAsk(arg, vscode.l10n.t('Add a note to which ticket?'));
      if (!on) return undefined;
      const kinds: Choice<'comment' | 'internal'>[] = [
        { label: vscode.l10n.t('Internal note'), description: vscode.l10n.t('only the desk sees it'), value: 'internal' },
        { label: vscode.l10n.t('Comment to the customer'), description: vscode.l10n.t('public: counts as a response'), value: 'comment' },
      ];
      const noteKind = (kind as 'comment' | 'internal' | undefined) ?? (await pick(kinds, vscode.l10n.t('What kind of note?')));
      if (!noteKind) return undefined;
      const text = typeof body === 'string' ? body : await ask(vscode.l10n.t('Note on {0}', on.key), { required: true });
      if (text === undefined) return undefined;
      return ctx.desk.perform('addNote', { [on.kind]: on.key, kind: noteKind, body: text });
    },

    /** "Open" in a context menu: the element's panel or preview. */
    'repro.desk.openItem': async (arg) => {
      const node = arg as DeskNode | undefined;
      if (node?.kind === 'bug') return vscode.commands.executeCommand('repro.desk.openBug', node.row.key);
      if (node?.kind === 'document') return vscode.commands.executeCommand('repro.desk.openDocument', node.row.id);
      const key = ticketKey(arg);
      return key ? vscode.commands.executeCommand('repro.desk.openTicket', key) : undefined;
    },

    'repro.desk.copyKey': async (arg) => {
      const on = await ticketOrAsk(arg, vscode.l10n.t('Copy the key of which ticket?'));
      if (!on) return undefined;
      await vscode.env.clipboard.writeText(on.key);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', on.key), 3000);
      return on.key;
    },

    'repro.desk.copyLink': async (arg) => {
      const on = await ticketOrAsk(arg, vscode.l10n.t('Copy a link to which ticket?'));
      if (!on) return undefined;
      const link = deskLink(ctx, on.kind, on.key);
      await vscode.env.clipboard.writeText(link);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', link), 3000);
      return link;
    },

    /** Opens the ticket panel of a key typed or picked (words of a subject find it too). */
    'repro.desk.openTicketByKey': async (arg) => {
      const key = ticketKey(arg) ?? (await pickTicket(ctx, vscode.l10n.t('Open which ticket? (type a key or words of its subject)')));
      if (!key) return undefined;
      ticket(await ctx.desk.desk(), key);
      await vscode.commands.executeCommand('repro.desk.openTicket', key);
      return key;
    },

    'repro.desk.changeBugStatus': async (arg, status, extra) => {
      const key = await requireBug(arg, vscode.l10n.t('Change the status of which bug?'));
      if (!key) return undefined;
      const row = bug(await ctx.desk.desk(), key);
      const given = options<{ resolution: BugResolution; fixedIn: string; callbackDue: string }>(extra);
      const next = (status as BugStatus | undefined) ?? (await pickValue(BUG_TRANSITIONS[row.status as BugStatus], vscode.l10n.t('{0} is {1}: move it to', row.key, said(row.status))));
      if (!next) return undefined;
      let resolution = given.resolution;
      let fixedIn = given.fixedIn;
      if (next === 'resolved' && !resolution) {
        resolution = await pickValue(BUG_RESOLUTIONS, vscode.l10n.t('Resolution'));
        if (!resolution) return undefined;
        if (resolution === 'fixed' && status === undefined && row.product_id !== null) {
          fixedIn = await ask(vscode.l10n.t('Fixed in which version? (optional)'));
          if (fixedIn === undefined) return undefined;
        }
      }
      await ctx.desk.perform('changeBugStatus', row.key, next, { ...(resolution ? { resolution } : {}), ...(fixedIn ? { fixedIn } : {}), ...(given.callbackDue ? { callbackDue: given.callbackDue } : {}) });
      if (next === 'resolved' && resolution === 'fixed') {
        vscode.window.setStatusBarMessage(vscode.l10n.t('{0} is fixed: its tickets are ready for a call to the customer.', row.key), 5000);
      }
      return next;
    },

    /** A developer takes the bug: its tickets are escalated (the workflow's rule). */
    'repro.desk.assignDeveloper': async (arg, login) => {
      const key = await requireBug(arg, vscode.l10n.t('Assign a developer to which bug?'));
      if (!key) return undefined;
      const who = typeof login === 'string' ? login : await pickStaff(vscode.l10n.t('Developer for {0}', key), 'developer');
      if (!who) return undefined;
      await ctx.desk.perform('assignDeveloper', key, who);
      return who;
    },

    'repro.desk.openBugByKey': async (arg) => {
      const key = bugKey(arg) ?? (await pickBug(ctx, vscode.l10n.t('Open which bug?')));
      if (!key) return undefined;
      bug(await ctx.desk.desk(), key);
      await vscode.commands.executeCommand('repro.desk.openBug', key);
      return key;
    },
  };
}
