// How far a new specialist has come in the onboarding walkthrough, as context keys that the steps' completion
// events (`onContext:…`) read. Each key is set from what really happened, never from a click: scripts in the
// workspace, a script edited until it checks clean, a run that finished, a call on a ticket, a run recorded
// on a ticket, a reproduction report. VS Code remembers a completed step, so keys are only ever set to true.

import * as vscode from 'vscode';
import type { DeskService } from './desk/service';
import type { Finished } from './testing';
import type { DeskStore } from '../../shared/desk/store';

/** The context keys, one per step that is completed by something other than opening a view. */
export const PROGRESS = {
  hasScripts: 'repro.walkthrough.hasScripts',
  scriptClean: 'repro.walkthrough.scriptClean',
  ran: 'repro.walkthrough.ran',
  callOnTicket: 'repro.walkthrough.callOnTicket',
  recorded: 'repro.walkthrough.recorded',
  reported: 'repro.walkthrough.reported',
} as const;

export type Progress = keyof typeof PROGRESS;

/** What the desk must hold for a step to be done; read through the desk's queries, loaded with the desk. */
const DESK_FACTS: Partial<Record<Progress, (desk: DeskStore) => boolean>> = {
  callOnTicket: (desk) => queries().recentCalls(desk, 200).some((call) => call.ticket !== null),
  recorded: (desk) => queries().listTickets(desk, { limit: 200 }).rows.some((row) => row.lastOutcome !== null),
  reported: (desk) => queries().listDocuments(desk).some((doc) => doc.kind === 'repro-report'),
};

function queries(): typeof import('../../shared/desk/queries') {
  // Loaded on use: the desk's modules (and sql.js) load only when the desk is first used.
  return require('../../shared/desk/queries') as typeof import('../../shared/desk/queries');
}

/** Outcomes that mean the run went to its end: the script ran, whatever it found. */
const CONCLUSIVE = new Set<string>(['reproduced', 'not-reproduced']);

export interface ProgressSources {
  desk: DeskService;
  onDidFinish: vscode.Event<Finished>;
  output: vscode.LogOutputChannel;
}

export class WalkthroughProgress implements vscode.Disposable {
  private readonly done = new Set<Progress>();
  private readonly disposables: vscode.Disposable[] = [];
  /** .repro documents the user has changed in this window: only their diagnostics can complete "write". */
  private readonly edited = new Set<string>();

  constructor(private readonly sources: ProgressSources) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.repro', false, true, true);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.mark('hasScripts')),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.findScripts()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.languageId === 'repro' && e.contentChanges.length > 0) this.edited.add(e.document.uri.toString());
      }),
      // The language server publishes a document's diagnostics after each change: a changed script whose
      // latest diagnostics hold no error has been written with their help.
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) {
          if (!this.edited.has(uri.toString())) continue;
          const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
          if (errors.length === 0) this.mark('scriptClean');
        }
      }),
      sources.onDidFinish((finished) => {
        if (CONCLUSIVE.has(finished.result.outcome)) this.mark('ran');
      }),
      sources.desk.onDidChange(() => void this.readDesk()),
    );
    void this.findScripts();
    // The desk is not opened here: activation does not load it (and sql.js) for the walkthrough's sake. It is
    // read at its first change, which every step that needs it makes (a call, a recorded run, a kept report).
  }

  /** Marks a step done (the walkthrough's button for the report calls this with what it saw). */
  mark(step: Progress): void {
    if (this.done.has(step)) return;
    this.done.add(step);
    void vscode.commands.executeCommand('setContext', PROGRESS[step], true);
  }

  private async findScripts(): Promise<void> {
    const found = await vscode.workspace.findFiles('**/*.repro', '**/node_modules/**', 1);
    if (found.length > 0) this.mark('hasScripts');
  }

  private async readDesk(): Promise<void> {
    const pending = (Object.keys(DESK_FACTS) as Progress[]).filter((step) => !this.done.has(step));
    if (pending.length === 0) return;
    try {
      const desk = await this.sources.desk.desk();
      for (const step of pending) if (DESK_FACTS[step]?.(desk)) this.mark(step);
    } catch (error) {
      this.sources.output.warn(`walkthrough: reading the desk: ${String(error)}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
