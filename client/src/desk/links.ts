// Links into the desk, for a chat message or a bug tracker: `vscode://repro-desk.repro-desk/ticket/SUP-1`
// opens the ticket panel, `/bug/BUG-3` the bug panel, `/script?path=repro/SUP-1.repro` the script in this
// workspace. A link comes from anyone, so it is read as data: a key must be a key, and a script path must
// stay inside a workspace folder (no `..`, nothing absolute); opening a script never runs it.

import * as vscode from 'vscode';
import type { DeskContext } from '.';
import { TICKET_KEY } from '../../../shared/core/commands';

/** `vscode://publisher.name/ticket/SUP-1` (the scheme of the editor this runs in: vscode, vscode-insiders…). */
export function deskLink(ctx: DeskContext, kind: 'ticket' | 'bug', key: string): string {
  return `${vscode.env.uriScheme}://${ctx.extension.extension.id}/${kind}/${encodeURIComponent(key)}`;
}

export function scriptLink(ctx: DeskContext, path: string): string {
  return `${vscode.env.uriScheme}://${ctx.extension.extension.id}/script?path=${encodeURIComponent(path)}`;
}

/** The file a workspace-relative path names, or why the path is refused. */
export async function workspaceScript(path: string): Promise<vscode.Uri | { refused: string }> {
  const segments = path.split(/[\\/]/);
  if (!path.trim() || /^([\\/]|[A-Za-z]:)/.test(path) || path.includes('\0')) {
    return { refused: vscode.l10n.t('{0} is not a path inside the workspace', path) };
  }
  if (segments.includes('..')) return { refused: vscode.l10n.t('{0} leaves the workspace folder', path) };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, ...segments.filter((s) => s !== '' && s !== '.'));
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) return uri;
    } catch {
      // Not in this folder; the next may have it.
    }
  }
  return { refused: vscode.l10n.t('{0} is not in this workspace', path) };
}

/** What each kind of link does; resolves with false (after saying why) for a link it refuses. */
const ROUTES: Readonly<Record<string, (uri: vscode.Uri, rest: string[]) => Promise<boolean>>> = {
  ticket: (_uri, [key]) => openKey('repro.desk.openTicket', key),
  bug: (_uri, [key]) => openKey('repro.desk.openBug', key),
  script: async (uri) => {
    const path = new URLSearchParams(uri.query).get('path') ?? '';
    const found = await workspaceScript(path);
    if (!(found instanceof vscode.Uri)) return refuse(found.refused);
    await vscode.window.showTextDocument(found, { preview: false });
    return true;
  },
};

async function openKey(command: string, key: string | undefined): Promise<boolean> {
  const upper = decodeURIComponent(key ?? '').toUpperCase();
  if (!TICKET_KEY.test(upper)) return refuse(vscode.l10n.t('{0} is not a key (write it as SUP-1042)', key ?? ''));
  await vscode.commands.executeCommand(command, upper);
  return true;
}

function refuse(why: string): false {
  void vscode.window.showErrorMessage(vscode.l10n.t('This Repro Desk link cannot be opened: {0}', why));
  return false;
}

/** Opens a desk link; false when it is refused (and the user was told why). */
export async function openLink(uri: vscode.Uri): Promise<boolean> {
  const [kind, ...rest] = uri.path.split('/').filter(Boolean);
  const route = kind ? ROUTES[kind] : undefined;
  if (!route) return refuse(vscode.l10n.t('it names neither a ticket, a bug nor a script'));
  return route(uri, rest);
}

export function registerLinks(ctx: DeskContext): void {
  ctx.extension.subscriptions.push(
    vscode.window.registerUriHandler({
      handleUri: async (uri) => {
        await openLink(uri);
      },
    }),
    // The same links pasted by hand (a link in a chat that the system does not hand to the editor).
    vscode.commands.registerCommand('repro.desk.openLink', async (arg?: unknown) => {
      const text = arg instanceof vscode.Uri ? arg.toString() : typeof arg === 'string' ? arg : await vscode.window.showInputBox({ prompt: vscode.l10n.t('Paste a Repro Desk link'), ignoreFocusOut: true });
      if (!text) return undefined;
      let uri: vscode.Uri;
      try {
        uri = vscode.Uri.parse(text.trim(), true);
      } catch {
        return refuse(vscode.l10n.t('{0} is not a link', text));
      }
      if (uri.authority.toLowerCase() !== ctx.extension.extension.id.toLowerCase()) return refuse(vscode.l10n.t('{0} is not a Repro Desk link', text));
      return openLink(uri);
    }),
  );
}
