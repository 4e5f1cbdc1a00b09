// Calls: what the specialist owes first (callbacks due, soonest first, the overdue ones marked), then the
// latest calls. An empty desk shows the welcome (package.json `viewsWelcome`).

import { callbacksDue, recentCalls } from '../../../../shared/desk/queries';
import type { DeskStore } from '../../../../shared/desk/store';
import type { DeskNode } from './nodes';
import { DeskTree } from './tree';

/** How many recent calls the view lists. */
const RECENT_CALLS = 50;

export class CallsView extends DeskTree {
  protected children(desk: DeskStore, node?: DeskNode): DeskNode[] {
    if (!node) {
      const due = callbacksDue(desk).length;
      const calls = recentCalls(desk, 1).length;
      const sections: DeskNode[] = [];
      if (due > 0) sections.push({ kind: 'section', section: 'callbacks', count: due });
      if (calls > 0) sections.push({ kind: 'section', section: 'calls', count: calls });
      return sections;
    }
    if (node.kind !== 'section') return [];
    if (node.section === 'callbacks') {
      const now = Date.now();
      return callbacksDue(desk).map((row) => ({ kind: 'callback', row, overdue: Date.parse(row.due) < now }));
    }
    return recentCalls(desk, RECENT_CALLS).map((row) => ({ kind: 'call', row }));
  }
}
