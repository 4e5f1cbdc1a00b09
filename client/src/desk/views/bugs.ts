// Bugs: the latest changed first, with their status and reproducibility, 50 at a time.

import { listBugs } from '../../../../shared/desk/queries';
import type { DeskStore } from '../../../../shared/desk/store';
import type { DeskNode } from './nodes';
import { DeskTree } from './tree';

const BUG_PAGE = 50;

export class BugsView extends DeskTree {
  private pages = 1;

  loadMore(): void {
    this.pages++;
    this.refresh();
  }

  protected children(desk: DeskStore, node?: DeskNode): DeskNode[] {
    if (node) return [];
    const { total, rows } = listBugs(desk, { limit: BUG_PAGE * this.pages });
    const bugs: DeskNode[] = rows.map((row) => ({ kind: 'bug', row }));
    if (total > rows.length) bugs.push({ kind: 'more', view: 'bugs', group: 'all', shown: rows.length, total });
    return bugs;
  }
}
