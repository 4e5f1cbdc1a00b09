// Documents: the reports, acts and analyses kept in the desk, newest first; a click previews one.

import { listDocuments } from '../../../../shared/desk/queries';
import type { DeskStore } from '../../../../shared/desk/store';
import type { DeskNode } from './nodes';
import { DeskTree } from './tree';

export class DocumentsView extends DeskTree {
  protected children(desk: DeskStore, node?: DeskNode): DeskNode[] {
    if (node) return [];
    return listDocuments(desk).map((row) => ({ kind: 'document', row }));
  }
}
