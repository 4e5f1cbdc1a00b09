// The Repro Desk activity-bar container's four trees (package.json `views.reproDesk`). They re-read whenever
// the desk changes (here, in another window, in a terminal's `repro run --record`), and the Tickets view's
// grouping and filter show in its description and in the context keys its title buttons read. While the team
// desk is offline each view says so in its message, and keeps what it shows.

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { BugsView } from './bugs';
import { CallsView } from './calls';
import { DocumentsView } from './documents';
import { TicketsView } from './tickets';

export interface DeskViews {
  calls: CallsView;
  tickets: TicketsView;
  bugs: BugsView;
  documents: DocumentsView;
  /** Re-reads every view. */
  refresh(): void;
}

/** The view ids, as the manifest names them. */
export const VIEW_IDS = { calls: 'reproDesk.calls', tickets: 'reproDesk.tickets', bugs: 'reproDesk.bugs', documents: 'reproDesk.documents' } as const;

let registered: DeskViews | undefined;

/** The views of this window (for the commands and the extension's API). */
export function deskViews(): DeskViews {
  if (!registered) throw new Error('the desk views are not registered yet');
  return registered;
}

export function registerViews(ctx: DeskContext): DeskViews {
  const trees = { calls: new CallsView(ctx), tickets: new TicketsView(ctx), bugs: new BugsView(ctx), documents: new DocumentsView(ctx) };
  const views = Object.fromEntries(
    Object.entries(trees).map(([name, tree]) => [name, vscode.window.createTreeView(VIEW_IDS[name as keyof typeof VIEW_IDS], { treeDataProvider: tree, showCollapseAll: name === 'tickets' })]),
  ) as Record<keyof typeof trees, vscode.TreeView<unknown>>;
  const refresh = (): void => {
    for (const tree of Object.values(trees)) tree.refresh();
  };
  const showTicketState = (): void => {
    const tickets = trees.tickets;
    views.tickets.description = tickets.filtered ? tickets.describeFilter() : undefined;
    void vscode.commands.executeCommand('setContext', 'reproDesk.ticketGrouping', tickets.grouping);
    void vscode.commands.executeCommand('setContext', 'reproDesk.ticketsFiltered', tickets.filtered);
  };
  const showConnection = (): void => {
    // The reason is the status bar item's tooltip (and the log): four views need not repeat a URL.
    const message = ctx.desk.offline === undefined ? undefined : vscode.l10n.t('Desk offline — reconnecting');
    for (const view of Object.values(views)) view.message = message;
  };
  showTicketState();
  ctx.extension.subscriptions.push(...Object.values(trees), ...Object.values(views), ctx.desk.onDidChange(refresh), ctx.desk.onDidChangeStatus(showConnection), trees.tickets.onDidChangeState(showTicketState), {
    dispose: () => (registered = undefined),
  });
  registered = { ...trees, refresh };
  return registered;
}
