// Tickets: grouped by status (the workflow's order) or by priority (most urgent first), narrowed by a filter
// and a full-text search, a page of 50 at a time per group ("Load more…"). Counts come from the status index,
// pages from listTickets: a desk of 100k tickets lists as fast as one of ten.

import * as vscode from 'vscode';
import { COUNT_UP_TO, listTickets, type TicketQuery } from '../../../../shared/desk/queries';
import type { DeskStore } from '../../../../shared/desk/store';
import { OPEN_TICKET_STATUSES, PRIORITIES, TICKET_STATUSES, type Priority, type TicketStatus } from '../../../../shared/desk/vocabulary';
import { said, type DeskNode, type TicketGrouping } from './nodes';
import { DeskTree } from './tree';

export const TICKET_PAGE = 50;

/** What narrows the list; every field optional. */
export interface TicketFilter {
  status?: TicketStatus[];
  priority?: Priority[];
  organization?: string;
  assignee?: string;
  search?: string;
}

/** The groups of each grouping, in the order they are shown. */
const GROUPS: Readonly<Record<TicketGrouping, readonly string[]>> = {
  status: TICKET_STATUSES,
  priority: [...PRIORITIES].reverse(),
};

/** How tickets sort inside a group: by urgency among a status, by the latest change among a priority. */
const SORT: Readonly<Record<TicketGrouping, TicketQuery['sort']>> = { status: 'priority', priority: 'updated' };

export class TicketsView extends DeskTree {
  private groupingValue: TicketGrouping = 'status';
  private filterValue: TicketFilter = {};
  /** Pages shown per group (1 unless "Load more…" was chosen). */
  private readonly pages = new Map<string, number>();
  private readonly described = new vscode.EventEmitter<void>();
  /** The grouping or the filter changed (the view's description and context keys follow). */
  readonly onDidChangeState = this.described.event;

  get grouping(): TicketGrouping {
    return this.groupingValue;
  }

  set grouping(value: TicketGrouping) {
    this.groupingValue = value;
    this.pages.clear();
    this.described.fire();
    this.refresh();
  }

  get filter(): Readonly<TicketFilter> {
    return this.filterValue;
  }

  set filter(value: TicketFilter) {
    // Empty fields are no filter at all.
    this.filterValue = Object.fromEntries(Object.entries(value).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== ''))) as TicketFilter;
    this.pages.clear();
    this.described.fire();
    this.refresh();
  }

  get filtered(): boolean {
    return Object.keys(this.filterValue).length > 0;
  }

  /** The filter in a few words, for the view's description: `search: export · urgent, high`. */
  describeFilter(): string {
    const f = this.filterValue;
    const parts = [
      f.search ? vscode.l10n.t('search: {0}', f.search) : '',
      (f.status ?? []).map(said).join(', '),
      (f.priority ?? []).map(said).join(', '),
      f.organization ?? '',
      f.assignee ? `@${f.assignee}` : '',
    ];
    return parts.filter(Boolean).join(' · ');
  }

  /** Shows the next page of a group. */
  loadMore(group: string): void {
    this.pages.set(group, (this.pages.get(group) ?? 1) + 1);
    this.refresh();
  }

  protected children(desk: DeskStore, node?: DeskNode): DeskNode[] {
    const by = this.groupingValue;
    if (!node) {
      const groups: DeskNode[] = [];
      for (const value of GROUPS[by]) {
        const query = this.query(by, value);
        if (!query) continue;
        const { total } = listTickets(desk, { ...query, limit: 0, countUpTo: COUNT_UP_TO });
        if (total === 0) continue;
        const expanded = by === 'priority' || OPEN_TICKET_STATUSES.includes(value as TicketStatus);
        groups.push({ kind: 'group', by, value, total, expanded });
      }
      if (groups.length === 0 && this.filtered) {
        return [{ kind: 'message', id: 'no-match', text: vscode.l10n.t('No tickets match the filter'), icon: 'filter', command: { command: 'repro.desk.clearTicketFilter', title: vscode.l10n.t('Clear Filter') } }];
      }
      return groups;
    }
    if (node.kind !== 'group') return [];
    const query = this.query(node.by, node.value);
    if (!query) return [];
    const limit = TICKET_PAGE * (this.pages.get(node.value) ?? 1);
    // The group's count is the one its row was made with, in the same refresh: counted once, not again here.
    const { rows } = listTickets(desk, { ...query, sort: SORT[node.by], limit });
    const tickets: DeskNode[] = rows.map((row) => ({ kind: 'ticket', row }));
    const more = node.total > rows.length || (node.total > COUNT_UP_TO && rows.length === limit);
    if (more) tickets.push({ kind: 'more', view: 'tickets', group: node.value, shown: rows.length, total: node.total });
    return tickets;
  }

  /** The query of one group under the filter, or undefined when the filter leaves the group out. */
  private query(by: TicketGrouping, value: string): TicketQuery | undefined {
    const { status, priority, organization, assignee, search } = this.filterValue;
    if (by === 'status' && status && !status.includes(value as TicketStatus)) return undefined;
    if (by === 'priority' && priority && !priority.includes(value as Priority)) return undefined;
    return {
      status: by === 'status' ? [value as TicketStatus] : status,
      priority: by === 'priority' ? [value as Priority] : priority,
      organization,
      assignee,
      search,
    };
  }

  override dispose(): void {
    this.described.dispose();
    super.dispose();
  }
}
