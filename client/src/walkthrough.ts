// The onboarding walkthrough (user training): the commands its steps' buttons run, and the progress that
// completes its steps (walkthroughProgress.ts). The steps themselves are in the manifest
// (`contributes.walkthroughs`); their buttons are command links to the commands below or to the desk's own.

import { cpSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DeskService } from './desk/service';
import type { Finished } from './testing';
import { WalkthroughProgress } from './walkthroughProgress';

export interface WalkthroughContext {
  extension: vscode.ExtensionContext;
  desk: DeskService;
  output: vscode.LogOutputChannel;
  onDidFinish: vscode.Event<Finished>;
  /** True in a trusted workspace; otherwise says why nothing runs, and false. */
  trustedOrWarn(): boolean;
}

/** The name of the first script the walkthrough writes into the workspace. */
const FIRST_SCRIPT = 'first.repro';

/** The folder the examples are copied to unless the user names another. */
export const DEFAULT_EXAMPLES_FOLDER = join(homedir(), 'repro-desk-examples');

/** The first open folder, or a warning that there is none. */
function folder(): vscode.WorkspaceFolder | undefined {
  const first = vscode.workspace.workspaceFolders?.[0];
  if (!first) void vscode.window.showWarningMessage(vscode.l10n.t('Open the example workspace first (the first step of the walkthrough).'));
  return first;
}

/** The script the user is working on: a visible repro editor's, else the workspace's first script. */
function currentScript(): vscode.Uri | undefined {
  const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find((e) => e?.document.languageId === 'repro');
  if (editor) return editor.document.uri;
  const open = folder();
  return open && vscode.Uri.joinPath(open.uri, FIRST_SCRIPT);
}

function commands(ctx: WalkthroughContext, progress: WalkthroughProgress): Record<string, (...args: unknown[]) => unknown> {
  return {
    /** Copies the shipped examples into a folder the user names (existing files are kept) and opens it. */
    'repro.walkthrough.openExamples': async (target?: unknown) => {
      if (!ctx.trustedOrWarn()) return undefined;
      const path =
        typeof target === 'string'
          ? target
          : await vscode.window.showInputBox({
              prompt: vscode.l10n.t('Folder for the example workspace (the examples are copied into it)'),
              value: DEFAULT_EXAMPLES_FOLDER,
              ignoreFocusOut: true,
              validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Name a folder.')),
            });
      if (!path?.trim()) return undefined;
      const destination = path.trim().replace(/^~(?=$|[\\/])/, homedir());
      cpSync(ctx.extension.asAbsolutePath('examples'), destination, { recursive: true, force: false, errorOnExist: false });
      const uri = vscode.Uri.file(destination);
      // Already open here: the scripts are in the workspace now, the watcher sees them.
      if (vscode.workspace.workspaceFolders?.some((f) => f.uri.fsPath === uri.fsPath)) return uri;
      await vscode.commands.executeCommand('vscode.openFolder', uri, { forceReuseWindow: true });
      return uri;
    },

    /** Writes the first script (with one mistake for the diagnostics to show) into the workspace and opens it. */
    'repro.walkthrough.newScript': async () => {
      if (!ctx.trustedOrWarn()) return undefined;
      const open = folder();
      if (!open) return undefined;
      const uri = vscode.Uri.joinPath(open.uri, FIRST_SCRIPT);
      // Never overwritten: it may be the user's work by now.
      if (!existsSync(uri.fsPath)) await vscode.workspace.fs.copy(vscode.Uri.file(ctx.extension.asAbsolutePath(join('media', 'walkthrough', FIRST_SCRIPT))), uri);
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    },

    /** Runs the script being worked on, as its Run lens does (trust is checked by `repro.run`). */
    'repro.walkthrough.run': async () => {
      const uri = currentScript();
      return uri && vscode.commands.executeCommand('repro.run', uri);
    },

    /** The desk's reproduction report; the step is done once a report was made (kept or only previewed). */
    'repro.walkthrough.generateReport': async () => {
      const made = await vscode.commands.executeCommand('repro.desk.generateReport');
      if (made) progress.mark('reported');
      return made;
    },
  };
}

export function registerWalkthrough(ctx: WalkthroughContext): void {
  const progress = new WalkthroughProgress(ctx);
  ctx.extension.subscriptions.push(progress);
  for (const [id, handler] of Object.entries(commands(ctx, progress))) ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, handler));
}
