// What the four trees share: reading the open desk (a desk that cannot be opened is one element saying why,
// with the way to the setting, or to Refresh when it only needs the team desk's password), and refreshing when
// the desk changes here or in another process. A read that fails (a team desk gone offline) says why in one
// element; the views' own message says the desk is offline (index.ts).

import * as vscode from 'vscode';
import type { DeskStore } from '../../../../shared/desk/store';
import type { DeskContext } from '..';
import { DeskPasswordNeeded } from '../credentials';
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
    let desk: DeskStore;
    try {
      desk = await this.ctx.desk.desk();
    } catch (error) {
      if (node) return [];
      const text = vscode.l10n.t('The desk cannot be opened: {0}', error instanceof Error ? error.message : String(error));
      const command =
        error instanceof DeskPasswordNeeded
          ? { command: 'repro.desk.refresh', title: vscode.l10n.t('Enter the Password') }
          : { command: 'repro.desk.openSettings', title: vscode.l10n.t('Open Desk Settings') };
      return [{ kind: 'message', id: 'unopened', text, tooltip: text, icon: 'error', command }];
    }
    try {
      return this.children(desk, node);
    } catch (error) {
      if (node) return [];
      const text = vscode.l10n.t('The desk cannot be read: {0}', this.ctx.desk.explained(error).message);
      return [{ kind: 'message', id: 'unread', text, tooltip: text, icon: 'warning', command: { command: 'repro.desk.refresh', title: vscode.l10n.t('Refresh') } }];
    }
  }

  protected abstract children(desk: DeskStore, node?: DeskNode): DeskNode[];

  dispose(): void {
    this.changed.dispose();
  }
}
