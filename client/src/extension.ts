// The Repro Desk extension: the language (through the language server), running scripts from the editor
// into the Testing view, and the last outcome in the status bar. A thin adapter: the language is the server's,
// running is the shared runner's.
// Invariant: nothing runs in an untrusted workspace; every command that would run checks trust itself,
// because commands can be invoked from anywhere, not only from the buttons that `when` clauses hide.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { redacting } from './redact';
import { settings } from './settings';
import type { RunEvent } from '../../shared/runner/results';
import { ReproTests, summarize, type Finished, type ItemState } from './testing';
import { registerDesk } from './desk';
import { DeskService } from './desk/service';
import { panelsApi, type PanelsApi } from './desk/panels';
import { deskViews, type DeskViews } from './desk/views';
import { registerWalkthrough } from './walkthrough';

/** What the extension gives other extensions and its own tests. */
export interface ReproApi {
  /** Resolves with the milliseconds from activation to the language server ready (activation does not wait). */
  languageServerReady: Promise<number>;
  client: LanguageClient;
  /** The state each test item was last given (item id → state). */
  testStates: ReadonlyMap<string, ItemState>;
  /** The last result of each script (by URI). */
  lastResult(uri: vscode.Uri): Finished | undefined;
  /** Every event of every run, as `repro run --events` prints them. */
  onDidRunEvent: vscode.Event<{ uri: vscode.Uri; event: RunEvent }>;
  /** A script's run (all its repeats) has finished. */
  onDidFinish: vscode.Event<Finished>;
  /** The support desk this window works on. */
  desk: DeskService;
  /** The ticket and bug panels (open keys, rendered state, the webview's message path). */
  panels: PanelsApi;
  /** The Repro Desk container's trees (calls, tickets, bugs, documents). */
  views: DeskViews;
}

function trustedOrWarn(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(vscode.l10n.t('Restricted Mode: repro scripts do not run until you trust this folder.'), vscode.l10n.t('Manage Workspace Trust')).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}

/** The script a command is about: its argument, else the active editor's. */
function scriptUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'repro' ? editor.document.uri : undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<ReproApi> {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Repro Desk', { log: true });
  // The one log everything writes to (the language server and its trace too), with the team desk's passwords out.
  let desk: DeskService | undefined;
  const output = redacting(channel, () => desk?.passwords.known ?? []);
  const tests = new ReproTests(output, trustedOrWarn);
  const results = new Map<string, Finished>();
  const status = vscode.window.createStatusBarItem('repro.lastOutcome', vscode.StatusBarAlignment.Left, 50);
  status.name = vscode.l10n.t('Repro: last outcome');
  status.command = 'repro.showOutput';

  const showStatus = (): void => {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const last = uri && results.get(uri.toString());
    if (!last) return status.hide();
    const icon = { reproduced: '$(bug)', 'not-reproduced': '$(pass)', inconclusive: '$(warning)', error: '$(error)' }[last.result.outcome];
    status.text = `${icon} ${summarize(last.result).split(':')[0]}`;
    status.tooltip = summarize(last.result);
    status.show();
  };

  const run = async (arg: unknown, repeat: number, untilLine?: number, expect?: 'reproduced' | 'not-reproduced'): Promise<Finished | undefined> => {
    const uri = scriptUri(arg);
    if (!uri || !trustedOrWarn()) return undefined;
    const item = await tests.itemFor(uri);
    // A notification with a Cancel button: cancelling ends every process of the run, as the Testing view's does.
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Running {0}', item.label), cancellable: true },
      async (_progress, token) => (await tests.run([{ item, untilLine, expect }], repeat, token))[0],
    );
  };
  desk = new DeskService(output, context.secrets);
  context.subscriptions.push(desk);
  registerDesk({ extension: context, desk, output, tests, trustedOrWarn, run: (uri, options = {}) => run(uri, options.repeat ?? 1, undefined, options.expect) });
  registerWalkthrough({ extension: context, desk, output, onDidFinish: tests.onDidFinish, trustedOrWarn });

  // The commands, in one table: the manifest names the same ids.
  const commands: Record<string, (...args: unknown[]) => unknown> = {
    'repro.run': (arg) => run(arg, 1),
    'repro.runRepeat': (arg, times) => run(arg, typeof times === 'number' ? times : settings(scriptUri(arg)).run.repeat),
    'repro.runToStep': (arg, line) => run(arg, 1, typeof line === 'number' ? line : undefined),
    'repro.showOutput': () => output.show(),
  };
  for (const [id, handler] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  context.subscriptions.push(
    channel,
    tests,
    status,
    tests.onDidFinish((finished) => {
      results.set(finished.uri.toString(), finished);
      showStatus();
    }),
    vscode.window.onDidChangeActiveTextEditor(showStatus),
  );

  // Started, not awaited: the views and panels do not wait for the server (they read the desk themselves).
  const client = createLanguageClient(context, output, desk);
  const languageServerReady = client.start().then(() => {
    const ms = performance.now() - started;
    output.info(`language server ready ${ms.toFixed(0)} ms after activation began`);
    return ms;
  });
  languageServerReady.catch((error: unknown) => output.error(`the language server did not start: ${String(error)}`));
  output.info(`activated in ${(performance.now() - started).toFixed(0)} ms`);
  return {
    languageServerReady,
    client,
    testStates: tests.states,
    lastResult: (uri) => results.get(uri.toString()),
    onDidRunEvent: tests.onDidRunEvent,
    onDidFinish: tests.onDidFinish,
    desk,
    panels: panelsApi,
    views: deskViews(),
  };
}

export function deactivate(): void {
  // The language client and everything else are disposed with the extension's subscriptions.
}
