// What the four trees share: reading the open desk (a desk that cannot be opened is one element saying why,
// with the way to the setting), and refreshing when the desk changes here or in another process.

import * as vscode from 'vscode';
import type { Desk } from '../../../../shared/desk/store';
import type { DeskContext } from '..';
import { treeItem, type DeskNode } from './nodes';

export abstract class DeskTree implements vscode.TreeDataProvider<DeskNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DeskNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly ctx: DeskContext) {}

  /** Re-reads everything (the elements' ids are stable, so what was expanded stays expanded). */
  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: DeskNode): vscode.TreeItem {
    return treeItem(node);
  }

  async getChildren(node?: DeskNode): Promise<DeskNode[]> {
    let desk: Desk;
    try {
      desk = await this.ctx.desk.desk();
    } catch (error) {
      if (node) return [];
      const text = vscode.l10n.t('The desk cannot be opened: {0}', error instanceof Error ? error.message : String(error));
      return [{ kind: 'message', id: 'unopened', text, tooltip: text, icon: 'error', command: { command: 'repro.desk.openSettings', title: vscode.l10n.t('Open Desk Settings') } }];
    }
    return this.children(desk, node);
  }

  protected abstract children(desk: Desk, node?: DeskNode): DeskNode[];

  dispose(): void {
    this.changed.dispose();
  }
}
