// The desk as a whole and the views' own buttons: refresh, import an export, the settings, the team desk's
// password, and the Tickets view's grouping, filter, search and paging.

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { organizations, staffList } from '../../../../shared/desk/lookups';
import { PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../../../../shared/desk/vocabulary';
import type { DeskViews } from '../views';
import { said, type DeskNode, type TicketGrouping } from '../views/nodes';
import type { TicketFilter } from '../views/tickets';
import { ask, options, pick, type Choice, type Handler } from './common';

export function deskCommands(ctx: DeskContext, views: DeskViews): Record<string, Handler> {
  /** One of the filter's fields, asked with the current value preselected. */
  const FILTER_FIELDS: Readonly<Record<keyof TicketFilter, () => Promise<Partial<TicketFilter> | undefined>>> = {
    status: async () => {
      const current = views.tickets.filter.status ?? [];
      const items = TICKET_STATUSES.map((value) => ({ label: said(value), value, picked: current.includes(value) }));
      const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Show tickets with these statuses'), ignoreFocusOut: true });
      return chosen && { status: chosen.map((c) => c.value as TicketStatus) };
    },
    priority: async () => {
      const current = views.tickets.filter.priority ?? [];
      const items = [...PRIORITIES].reverse().map((value) => ({ label: said(value), value, picked: current.includes(value) }));
      const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Show tickets with these priorities'), ignoreFocusOut: true });
      return chosen && { priority: chosen.map((c) => c.value as Priority) };
    },
    organization: async () => {
      const items: Choice<string>[] = [{ label: vscode.l10n.t('Any organization'), value: '' }, ...organizations(await ctx.desk.desk()).map((o) => ({ label: o.name, description: String(o.tickets), value: o.name }))];
      const chosen = await pick(items, vscode.l10n.t('Show the tickets of'));
      return chosen === undefined ? undefined : { organization: chosen };
    },
    assignee: async () => {
      const items: Choice<string>[] = [{ label: vscode.l10n.t('Anyone'), value: '' }, ...staffList(await ctx.desk.desk(), 'specialist').map((s) => ({ label: s.login, description: s.name, value: s.login }))];
      const chosen = await pick(items, vscode.l10n.t('Show the tickets assigned to'));
      return chosen === undefined ? undefined : { assignee: chosen };
    },
    search: async () => {
      const text = await ask(vscode.l10n.t('Search tickets (words of the subject, description, steps; a key)'), { value: views.tickets.filter.search });
      return text === undefined ? undefined : { search: text };
    },
  };

  return {
    'repro.desk.refresh': async () => {
      await ctx.desk.refresh();
      views.refresh();
    },

    'repro.desk.openSettings': () => vscode.commands.executeCommand('workbench.action.openSettings', 'repro.desk'),

    /** Forgets the team desk's password this window kept (SecretStorage); the desk then asks for it again. */
    'repro.desk.forgetPassword': async () => {
      const { isTeamDeskUrl } = require('../../../../shared/desk/paths') as typeof import('../../../../shared/desk/paths');
      if (!isTeamDeskUrl(ctx.desk.path)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('This window works on a desk file, which has no password.'));
        return false;
      }
      const kept = await ctx.desk.forgetPassword();
      void vscode.window.showInformationMessage(kept ? vscode.l10n.t('The team desk password is forgotten.') : vscode.l10n.t('No team desk password was kept in this window.'));
      return kept;
    },

    /** Fills an empty desk from a `repro desk export` file. */
    'repro.desk.importDesk': async (arg) => {
      const uri =
        arg instanceof vscode.Uri
          ? arg
          : (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Desk export')]: ['json'] }, openLabel: vscode.l10n.t('Import') }))?.[0];
      if (!uri) return undefined;
      let data: unknown;
      try {
        data = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be read as a desk export: {1}', vscode.workspace.asRelativePath(uri), error instanceof Error ? error.message : String(error)));
        return undefined;
      }
      const { importDesk } = require('../../../../shared/desk/exchange') as typeof import('../../../../shared/desk/exchange');
      const { rows } = await importDesk(await ctx.desk.desk(), data);
      views.refresh();
      void vscode.window.showInformationMessage(vscode.l10n.t('Imported {0} rows into the desk.', rows));
      return rows;
    },

    /** Groups the Tickets view by status or priority (arg), or switches to the other. */
    'repro.desk.toggleTicketGrouping': (arg) => {
      const next: TicketGrouping = arg === 'status' || arg === 'priority' ? arg : views.tickets.grouping === 'status' ? 'priority' : 'status';
      views.tickets.grouping = next;
      return next;
    },

    /** Narrows the Tickets view: a filter object replaces the filter; without one, a field is asked. */
    'repro.desk.filterTickets': async (arg) => {
      const given = options<TicketFilter>(arg);
      if (arg !== undefined) {
        views.tickets.filter = given;
        return views.tickets.filter;
      }
      const fields: Choice<keyof TicketFilter | 'clear'>[] = [
        { label: vscode.l10n.t('Status…'), description: (views.tickets.filter.status ?? []).map(said).join(', '), value: 'status' },
        { label: vscode.l10n.t('Priority…'), description: (views.tickets.filter.priority ?? []).map(said).join(', '), value: 'priority' },
        { label: vscode.l10n.t('Organization…'), description: views.tickets.filter.organization, value: 'organization' },
        { label: vscode.l10n.t('Assignee…'), description: views.tickets.filter.assignee, value: 'assignee' },
        { label: vscode.l10n.t('Search…'), description: views.tickets.filter.search, value: 'search' },
      ];
      if (views.tickets.filtered) fields.push({ label: vscode.l10n.t('Clear the filter'), value: 'clear' });
      const field = await pick(fields, vscode.l10n.t('Filter tickets by'));
      if (!field) return undefined;
      if (field === 'clear') {
        views.tickets.filter = {};
        return views.tickets.filter;
      }
      const change = await FILTER_FIELDS[field]();
      if (change) views.tickets.filter = { ...views.tickets.filter, ...change };
      return views.tickets.filter;
    },

    /** Full-text search in the Tickets view (arg: the text; empty clears it). */
    'repro.desk.searchTickets': async (arg) => {
      const change = typeof arg === 'string' ? { search: arg } : await FILTER_FIELDS.search();
      if (change) views.tickets.filter = { ...views.tickets.filter, ...change };
      return views.tickets.filter;
    },

    'repro.desk.clearTicketFilter': () => {
      views.tickets.filter = {};
      return views.tickets.filter;
    },

    /** The "Load more…" element of a list. */
    'repro.desk.loadMore': (arg) => {
      const node = arg as DeskNode | undefined;
      if (node?.kind !== 'more') return undefined;
      if (node.view === 'bugs') views.bugs.loadMore();
      else views.tickets.loadMore(node.group);
      return node.group;
    },
  };
}
