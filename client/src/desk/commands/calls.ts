// Calls: registering one (the specialist's first duty, so it takes a handful of keystrokes: Enter accepts
// the likely answer at each step), logging a callback on a ticket, and making a ticket from a call.

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { contacts, organizations, callById } from '../../../../shared/desk/lookups';
import { recentCalls } from '../../../../shared/desk/queries';
import { CALL_OUTCOMES, CHANNELS, type CallDirection, type CallOutcome, type Channel, type Priority } from '../../../../shared/desk/vocabulary';
import type { NewCall } from '../../../../shared/desk/workflows/calls';
import { ask, daysFromNow, options, pick, pickOrType, pickTicket, pickValue, refuse, ticketKey, type Choice, type Handler } from './common';

/** What `repro.desk.registerCall` can be given; whatever is missing is asked. */
export interface RegisterCallArgs {
  direction: CallDirection;
  /** An organization's name (a new name makes it); null: none. */
  organization: string | null;
  /** A contact's name (a new one is made) or id; null: none. */
  contact: string | number | null;
  channel: Channel;
  summary: string;
  /** For an outbound call; an inbound one reached the user. */
  outcome: CallOutcome;
  /** `new`: a ticket from this call (its subject is the summary unless `subject` says); `none`; or a ticket key. */
  ticket: 'new' | 'none' | string;
  subject: string;
  priority: Priority;
  callbackDue: string;
}

/** When to call back next: the usual choices, and a date of one's own. */
async function askCallbackDue(suggestSoon: boolean): Promise<string | null | undefined> {
  const items: Choice<string | null | 'custom'>[] = [
    { label: vscode.l10n.t('No further callback'), value: null },
    { label: vscode.l10n.t('Tomorrow'), value: daysFromNow(1) },
    { label: vscode.l10n.t('In 2 days'), value: daysFromNow(2) },
    { label: vscode.l10n.t('In a week'), value: daysFromNow(7) },
    { label: vscode.l10n.t('On a date…'), value: 'custom' },
  ];
  if (suggestSoon) items.push(items.shift()!);
  const chosen = await pick(items, vscode.l10n.t('When to call back next?'));
  if (chosen !== 'custom') return chosen;
  const date = await ask(vscode.l10n.t('Call back on (YYYY-MM-DD)'), { required: true, validate: (text) => (isDate(text) ? undefined : vscode.l10n.t('Write the date as YYYY-MM-DD')) });
  return date === undefined ? undefined : new Date(`${date}T09:00:00`).toISOString();
}

const isDate = (text: string): boolean => /^\d{4}-\d\d-\d\d$/.test(text) && !Number.isNaN(Date.parse(text));

export function callCommands(ctx: DeskContext): Record<string, Handler> {
  /** The organization: a known one, a new name, or none. */
  const askOrganization = async (): Promise<string | null | undefined> => {
    const desk = await ctx.desk.desk();
    const items: Choice<string | null>[] = [
      ...organizations(desk).map((o) => ({ label: o.name, description: [o.phone, o.email].filter(Boolean).join(', '), value: o.name })),
      { label: vscode.l10n.t('No organization'), value: null },
    ];
    const chosen = await pickOrType(items, vscode.l10n.t('Organization (type a new name to add it)'), (typed) => vscode.l10n.t('New organization: {0}', typed));
    return chosen !== null && typeof chosen === 'object' ? chosen.typed : chosen;
  };

  const askContact = async (organization: string | null): Promise<string | number | null | undefined> => {
    const desk = await ctx.desk.desk();
    const items: Choice<number | null>[] = [
      ...contacts(desk, organization ?? undefined).map((c) => ({ label: c.name, description: [c.phone, c.email].filter(Boolean).join(', '), value: c.id })),
      { label: vscode.l10n.t('No contact'), value: null },
    ];
    const chosen = await pickOrType(items, vscode.l10n.t('Who called (type a new name to add them)'), (typed) => vscode.l10n.t('New contact: {0}', typed));
    return chosen !== null && typeof chosen === 'object' ? chosen.typed : chosen;
  };

  const askTicket = async (direction: CallDirection, summary: string): Promise<string | undefined> => {
    const items: Choice<string>[] = [
      { label: `$(add) ${vscode.l10n.t('New ticket')}`, description: summary, value: 'new' },
      { label: `$(search) ${vscode.l10n.t('Existing ticket…')}`, value: 'existing' },
      { label: `$(circle-slash) ${vscode.l10n.t('No ticket')}`, value: 'none' },
    ];
    // A call out is usually about a ticket that exists.
    if (direction === 'out') items.unshift(items.splice(1, 1)[0]);
    const chosen = await pick(items, vscode.l10n.t('What is the call about?'));
    return chosen === 'existing' ? pickTicket(ctx, vscode.l10n.t('Which ticket? (type a key or words of its subject)')) : chosen;
  };

  return {
    /** Registers a call; resolves with the call's id and its ticket's key, or undefined when dismissed. */
    'repro.desk.registerCall': async (arg) => {
      const given = options<RegisterCallArgs>(arg);
      const direction = given.direction ?? (await pickValue(['in', 'out'] as const, vscode.l10n.t('Inbound or outbound call?')));
      if (!direction) return undefined;
      const organization = given.organization !== undefined ? given.organization : await askOrganization();
      if (organization === undefined) return undefined;
      const contact = given.contact !== undefined ? given.contact : await askContact(organization);
      if (contact === undefined) return undefined;
      const channel = given.channel ?? (await pickValue(CHANNELS, vscode.l10n.t('Channel')));
      if (!channel) return undefined;
      const summary = given.summary ?? (await ask(vscode.l10n.t('What the call was about (a new ticket takes this as its subject)'), { required: true }));
      if (summary === undefined) return undefined;
      const outcome = given.outcome ?? (direction === 'in' ? 'reached' : await pickValue(CALL_OUTCOMES, vscode.l10n.t('How did the call go?')));
      if (!outcome) return undefined;
      const ticket = given.ticket ?? (await askTicket(direction, summary));
      if (!ticket) return undefined;
      const input: NewCall = {
        direction,
        channel,
        organization: organization ?? undefined,
        ...(typeof contact === 'number' ? { contactId: contact } : contact ? { contact: { name: contact } } : {}),
        summary,
        outcome,
        callbackDue: given.callbackDue,
        ...(ticket === 'new' ? { newTicket: { subject: given.subject ?? summary, priority: given.priority } } : ticket === 'none' ? {} : { ticket }),
      };
      const result = await ctx.desk.perform('registerCall', input);
      const message = result.ticketKey ? vscode.l10n.t('Call registered on {0}.', result.ticketKey) : vscode.l10n.t('Call registered.');
      if (arg === undefined && result.ticketKey) {
        void vscode.window.showInformationMessage(message, vscode.l10n.t('Open Ticket')).then((open) => open && vscode.commands.executeCommand('repro.desk.openTicket', result.ticketKey));
      } else vscode.window.setStatusBarMessage(message, 5000);
      return result;
    },

    /** An outbound call on a ticket: how it went, what was said, when to call next. */
    'repro.desk.logCallback': async (target, arg) => {
      const given = options<{ outcome: CallOutcome; summary: string; callbackDue: string | null }>(arg);
      const key = ticketKey(target) ?? (await pickTicket(ctx, vscode.l10n.t('Which ticket did you call about?')));
      if (!key) return undefined;
      const outcome = given.outcome ?? (await pickValue(CALL_OUTCOMES, vscode.l10n.t('How did the call go?')));
      if (!outcome) return undefined;
      const summary = given.summary ?? (await ask(vscode.l10n.t('What was said'), { required: true }));
      if (summary === undefined) return undefined;
      const reached = outcome !== 'no-answer' && outcome !== 'voicemail';
      const due = given.callbackDue !== undefined ? given.callbackDue : await askCallbackDue(!reached || outcome === 'callback-needed');
      if (due === undefined) return undefined;
      const result = await ctx.desk.perform('registerCall', { direction: 'out', ticket: key, summary, outcome, ...(due ? { callbackDue: due } : {}) });
      // "No further callback" after a call that did not reach anyone clears what was owed, as the person said.
      if (due === null && !reached) await ctx.desk.perform('setCallback', key, null);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Callback logged on {0}.', key), 5000);
      return result;
    },

    /** A ticket from a call that has none: its subject is the call's summary. */
    'repro.desk.ticketFromCall': async (target, arg) => {
      const given = options<{ subject: string; priority: Priority }>(arg);
      const desk = await ctx.desk.desk();
      let id = typeof target === 'number' ? target : (target as { kind?: string; row?: { id: number } } | undefined)?.kind === 'call' ? (target as { row: { id: number } }).row.id : undefined;
      if (id === undefined) {
        const items: Choice<number>[] = recentCalls(desk, 200)
          .filter((c) => !c.ticket)
          .map((c) => ({ label: c.summary || vscode.l10n.t('(no summary)'), description: [c.organization, c.contact].filter(Boolean).join(', '), value: c.id }));
        if (items.length === 0) {
          void vscode.window.showInformationMessage(vscode.l10n.t('Every recent call is on a ticket already.'));
          return undefined;
        }
        id = await pick(items, vscode.l10n.t('Which call?'));
        if (id === undefined) return undefined;
      }
      const call = callById(desk, id);
      if (!call) refuse(vscode.l10n.t('There is no call {0} in the desk.', id));
      if (call.ticket) {
        void vscode.window.showInformationMessage(vscode.l10n.t('That call is on {0} already.', call.ticket));
        return call.ticket;
      }
      const subject = given.subject ?? (await ask(vscode.l10n.t('Subject of the new ticket'), { value: call.summary, required: true }));
      if (subject === undefined) return undefined;
      const { key } = await ctx.desk.perform('createTicket', { subject, callId: id, ...(given.priority ? { priority: given.priority } : {}) });
      vscode.window.setStatusBarMessage(vscode.l10n.t('Ticket {0} made from the call.', key), 5000);
      return key;
    },
  };
}
