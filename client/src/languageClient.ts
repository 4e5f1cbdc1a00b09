// The language server's client (over IPC); it hides the Run lenses where nothing may run, and hands the server
// the team desk's password when the user gave it to this window (the server opens the desk itself, read-only).

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DeskPasswordRequest, DeskUnlockedNotification, RefreshLensesNotification } from '../../shared/protocol';
import type { DeskService } from './desk/service';

/** The client, not started yet: activation does not wait for the server (the desk's views need no server). */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, desk: DeskService): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'repro' }],
    outputChannel: output,
    // The hover of a ticket key links to its panel: the one command the server's Markdown may run.
    markdown: { isTrusted: { enabledCommands: ['repro.desk.openTicket'] } },
    initializationOptions: { l10nBundle: vscode.l10n.uri?.fsPath, clientRunsCommands: true, deskPasswords: true },
    middleware: {
      // Restricted Mode runs nothing, so it shows nothing that would (spec: Workspace Trust).
      provideCodeLenses: (document, token, next) => (vscode.workspace.isTrusted ? next(document, token) : []),
    },
  };
  const client = new LanguageClient('repro', 'Repro language server', serverOptions, clientOptions);
  client.onRequest(DeskPasswordRequest.type, async ({ location }) => ({ password: await desk.passwordFor(location) }));
  context.subscriptions.push(
    client,
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(RefreshLensesNotification.type)),
    desk.onDidUnlock(() => {
      if (client.isRunning()) void client.sendNotification(DeskUnlockedNotification.type);
    }),
  );
  return client;
}
