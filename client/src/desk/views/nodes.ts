// The elements of the desk's trees and how each looks: one builder per kind, in a table. Elements carry the
// rows the queries gave (commands take them from a context menu: a ticket element is as good as its key).
// Text from the desk reaches a tooltip only through `appendText`, which escapes Markdown: a subject can never
// become a link or markup.

import * as vscode from 'vscode';
import { COUNT_UP_TO, type BugListRow, type CallbackRow, type CallRow, type DocumentRow, type TicketListRow } from '../../../../shared/desk/queries';
import { label } from '../../../../shared/desk/vocabulary';
import { OUTCOME_LABELS, type Outcome } from '../../../../shared/runner/results';

export type TicketGrouping = 'status' | 'priority';

export type DeskNode =
  | { kind: 'section'; section: 'callbacks' | 'calls'; count: number }
  | { kind: 'callback'; row: CallbackRow; overdue: boolean }
  | { kind: 'call'; row: CallRow }
  | { kind: 'group'; by: TicketGrouping; value: string; total: number; expanded: boolean }
  | { kind: 'ticket'; row: TicketListRow }
  | { kind: 'more'; view: 'tickets' | 'bugs'; group: string; shown: number; total: number }
  | { kind: 'bug'; row: BugListRow }
  | { kind: 'document'; row: DocumentRow }
  | { kind: 'message'; id: string; text: string; icon?: string; tooltip?: string; command?: vscode.Command };

type Builders = { [K in DeskNode['kind']]: (node: Extract<DeskNode, { kind: K }>) => vscode.TreeItem };

/** A value from a closed vocabulary, as a person reads it in the editor's language. */
export const said = (value: string | null | undefined): string => (value ? vscode.l10n.t(label(value)) : '');

/** A run's outcome as the Testing view and the CLI say it. */
export const outcomeText = (outcome: string): string => (outcome in OUTCOME_LABELS ? vscode.l10n.t(OUTCOME_LABELS[outcome as Outcome]) : outcome);

/** A count as the view shows it: exact up to COUNT_UP_TO, then "10000+". */
const counted = (total: number): string => (total > COUNT_UP_TO ? `${COUNT_UP_TO}+` : String(total));

/** A stored time (ISO, UTC) in the editor's language and the local zone: 25.11.2026, 14:05. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(vscode.env.language, { dateStyle: 'short', timeStyle: 'short' });
}

/** The icon of a ticket by the outcome of its latest run: the question a specialist asks first. */
const OUTCOME_ICONS: Readonly<Record<string, [string, string?]>> = {
  reproduced: ['bug', 'testing.iconFailed'],
  'not-reproduced': ['pass', 'testing.iconPassed'],
  inconclusive: ['question', 'testing.iconQueued'],
  error: ['error', 'testing.iconErrored'],
  none: ['circle-large-outline'],
};

const BUG_ICONS: Readonly<Record<string, string>> = {
  unconfirmed: 'circle-large-outline',
  confirmed: 'bug',
  'in-progress': 'tools',
  resolved: 'check',
  verified: 'verified',
  closed: 'archive',
};

const DOCUMENT_ICONS: Readonly<Record<string, string>> = { 'repro-report': 'file-text', 'closing-act': 'law', 'complaint-analysis': 'graph' };

function icon(id: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/** A tooltip: a bold heading, then `label: value` lines; every value escaped. */
function tooltip(heading: string, lines: readonly [string, string | null | undefined][]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(heading).appendMarkdown('**');
  for (const [name, value] of lines) {
    if (!value) continue;
    md.appendMarkdown('  \n').appendText(`${name}: ${value}`);
  }
  return md;
}

/** `SUP-1 The subject` (no highlight: the tree shows highlights as search matches). */
const keyed = (key: string, text: string): string => `${key} ${text}`;

const open = (command: string, key: string): vscode.Command => ({ command, title: vscode.l10n.t('Open'), arguments: [key] });

const BUILDERS: Builders = {
  section: (node) => {
    const title = node.section === 'callbacks' ? vscode.l10n.t('Callbacks due ({0})', node.count) : vscode.l10n.t('Recent calls');
    const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `section:${node.section}`;
    item.contextValue = 'section';
    item.iconPath = icon(node.section === 'callbacks' ? 'bell' : 'history');
    return item;
  },
  callback: ({ row, overdue }) => {
    const item = new vscode.TreeItem(keyed(row.key, row.subject));
    item.id = `callback:${row.key}`;
    item.contextValue = 'callback';
    item.description = overdue ? vscode.l10n.t('overdue since {0}', when(row.due)) : vscode.l10n.t('due {0}', when(row.due));
    item.iconPath = overdue ? icon('warning', 'errorForeground') : icon('call-outgoing');
    item.tooltip = tooltip(`${row.key} ${row.subject}`, [
      [vscode.l10n.t('Callback due'), when(row.due) + (overdue ? ` (${vscode.l10n.t('overdue')})` : '')],
      [vscode.l10n.t('Organization'), row.organization],
      [vscode.l10n.t('Contact'), [row.contact, row.phone].filter(Boolean).join(', ')],
      [vscode.l10n.t('Status'), said(row.status)],
    ]);
    item.accessibilityInformation = { label: `${row.key} ${row.subject}, ${item.description}` };
    item.command = open('repro.desk.openTicket', row.key);
    return item;
  },
  call: ({ row }) => {
    const item = new vscode.TreeItem(row.summary || vscode.l10n.t('(no summary)'));
    item.id = `call:${row.id}`;
    item.contextValue = row.ticket ? 'call.ticket' : 'call.noTicket';
    item.description = [row.ticket, row.organization, when(row.at)].filter(Boolean).join(' · ');
    item.iconPath = icon(row.direction === 'in' ? 'call-incoming' : 'call-outgoing');
    item.tooltip = tooltip(`${said(row.direction)} · ${said(row.purpose)} · ${said(row.channel)}`, [
      [vscode.l10n.t('When'), when(row.at)],
      [vscode.l10n.t('Organization'), row.organization],
      [vscode.l10n.t('Contact'), row.contact],
      [vscode.l10n.t('Outcome'), said(row.outcome)],
      [vscode.l10n.t('Ticket'), row.ticket],
      [vscode.l10n.t('Summary'), row.summary],
      [vscode.l10n.t('Registered by'), row.staff],
    ]);
    if (row.ticket) item.command = open('repro.desk.openTicket', row.ticket);
    return item;
  },
  group: (node) => {
    const item = new vscode.TreeItem(said(node.value), node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${node.by}:${node.value}`;
    item.contextValue = 'group';
    item.description = counted(node.total);
    return item;
  },
  ticket: ({ row }) => {
    const item = new vscode.TreeItem(keyed(row.key, row.subject));
    item.id = `ticket:${row.key}`;
    item.contextValue = 'ticket';
    item.description = `${said(row.status)} · ${said(row.priority)}`;
    const [name, color] = OUTCOME_ICONS[row.lastOutcome ?? 'none'] ?? OUTCOME_ICONS.none;
    item.iconPath = icon(name, color);
    item.tooltip = tooltip(`${row.key} ${row.subject}`, [
      [vscode.l10n.t('Status'), said(row.status)],
      [vscode.l10n.t('Priority'), said(row.priority)],
      [vscode.l10n.t('Organization'), row.organization],
      [vscode.l10n.t('Assignee'), row.assignee],
      [vscode.l10n.t('Last outcome'), row.lastOutcome ? outcomeText(row.lastOutcome) : vscode.l10n.t('not run yet')],
      [vscode.l10n.t('Callback due'), when(row.callbackDue)],
    ]);
    item.accessibilityInformation = { label: `${row.key} ${row.subject}, ${item.description}` };
    item.command = open('repro.desk.openTicket', row.key);
    return item;
  },
  more: (node) => {
    const item = new vscode.TreeItem(vscode.l10n.t('Load more… ({0} of {1} shown)', node.shown, counted(node.total)));
    item.id = `more:${node.view}:${node.group}`;
    item.contextValue = 'more';
    item.iconPath = icon('ellipsis');
    item.command = { command: 'repro.desk.loadMore', title: vscode.l10n.t('Load more…'), arguments: [node] };
    return item;
  },
  bug: ({ row }) => {
    const item = new vscode.TreeItem(keyed(row.key, row.title));
    item.id = `bug:${row.key}`;
    item.contextValue = 'bug';
    item.description = `${said(row.status)} · ${said(row.reproducibility)}`;
    item.iconPath = icon(BUG_ICONS[row.status] ?? 'bug');
    item.tooltip = tooltip(`${row.key} ${row.title}`, [
      [vscode.l10n.t('Status'), said(row.status)],
      [vscode.l10n.t('Reproducibility'), said(row.reproducibility)],
      [vscode.l10n.t('Severity'), said(row.severity)],
      [vscode.l10n.t('Developer'), row.developer],
      [vscode.l10n.t('Fixed in'), row.fixedIn],
      [vscode.l10n.t('Tickets'), row.tickets ? vscode.l10n.t('{0} from {1} customers', row.tickets, row.customers) : ''],
    ]);
    item.accessibilityInformation = { label: `${row.key} ${row.title}, ${item.description}` };
    item.command = open('repro.desk.openBug', row.key);
    return item;
  },
  document: ({ row }) => {
    const item = new vscode.TreeItem(row.title);
    item.id = `document:${row.id}`;
    item.contextValue = 'document';
    item.description = `${said(row.kind)} · ${said(row.status)} · ${when(row.issuedAt ?? row.createdAt)}`;
    item.iconPath = icon(DOCUMENT_ICONS[row.kind] ?? 'file');
    item.tooltip = tooltip(row.title, [
      [vscode.l10n.t('Kind'), said(row.kind)],
      [vscode.l10n.t('Status'), said(row.status)],
      [vscode.l10n.t('Language'), row.lang],
      [vscode.l10n.t('Issued'), when(row.issuedAt)],
    ]);
    item.command = { command: 'repro.desk.openDocument', title: vscode.l10n.t('Open'), arguments: [row.id] };
    return item;
  },
  message: (node) => {
    const item = new vscode.TreeItem(node.text);
    item.id = `message:${node.id}`;
    item.contextValue = 'message';
    if (node.icon) item.iconPath = icon(node.icon);
    if (node.tooltip) item.tooltip = node.tooltip;
    item.command = node.command;
    return item;
  },
};

export function treeItem(node: DeskNode): vscode.TreeItem {
  return (BUILDERS[node.kind] as (n: DeskNode) => vscode.TreeItem)(node);
}
