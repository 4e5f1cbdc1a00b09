// The language server's client (over IPC); it hides the Run lenses where nothing may run.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { RefreshLensesNotification } from '../../shared/protocol';

/** The client, not started yet: activation does not wait for the server (the desk's views need no server). */
export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
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
    initializationOptions: { l10nBundle: vscode.l10n.uri?.fsPath, clientRunsCommands: true },
    middleware: {
      // Restricted Mode runs nothing, so it shows nothing that would (spec: Workspace Trust).
      provideCodeLenses: (document, token, next) => (vscode.workspace.isTrusted ? next(document, token) : []),
    },
  };
  const client = new LanguageClient('repro', 'Repro language server', serverOptions, clientOptions);
  context.subscriptions.push(client, vscode.workspace.onDidGrantWorkspaceTrust(() => void client.sendNotification(RefreshLensesNotification.type)));
  return client;
}
