// The team desk's connection in the status bar: shown only while its server cannot be reached ("Desk offline —
// reconnecting", with the reason in the tooltip); the desk reconnects by itself and the item goes away.

import * as vscode from 'vscode';
import type { DeskContext } from '.';

export function registerDeskStatus(ctx: DeskContext): void {
  const item = vscode.window.createStatusBarItem('repro.deskConnection', vscode.StatusBarAlignment.Left, 49);
  item.name = vscode.l10n.t('Repro Desk: team desk connection');
  item.command = 'repro.showOutput';
  item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  const show = (): void => {
    const problem = ctx.desk.offline;
    if (problem === undefined) return item.hide();
    item.text = `$(debug-disconnect) ${vscode.l10n.t('Desk offline — reconnecting')}`;
    item.tooltip = problem;
    item.show();
  };
  ctx.extension.subscriptions.push(item, ctx.desk.onDidChangeStatus(show));
}
