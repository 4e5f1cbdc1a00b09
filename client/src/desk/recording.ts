// Recording runs: every run that finishes in the editor (the Run lens, the Testing view, the panels, Verify
// fix — they all go through ReproTests.onDidFinish) goes into the desk, on the tickets the script's `ticket`
// directives name, exactly as `repro run --record` records it (shared/desk/runRecord.ts). A key the desk does
// not know becomes a ticket with a note; a failure that matches another bug's runs offers to link them.
// A run is not recorded when it stopped early on purpose (Run to here), when its script is not a file, or when
// the script names no ticket and the desk has never seen it (a scratch script is nobody's business).

import * as vscode from 'vscode';
import type { DeskContext } from '.';
import { knownScript } from '../../../shared/desk/lookups';
import { recordedPath, runRecord } from '../../../shared/desk/runRecord';
import type { RecordedRunResult } from '../../../shared/desk/workflows/runs';
import { settings } from '../settings';
import type { Finished } from '../testing';

/** What a command knows about a run that the run itself does not: what it expects, the version it tests. */
export interface RunPurpose {
  expected?: 'reproduced' | 'not-reproduced';
  versionTested?: string;
}

export class Recording {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly purposes = new Map<string, RunPurpose>();
  /** What the latest run of each script (by URI) became in the desk, if it was recorded. */
  private readonly last = new Map<string, RecordedRunResult>();
  private readonly recorded = new vscode.EventEmitter<{ finished: Finished; result: RecordedRunResult }>();
  /** A run is in the desk. */
  readonly onDidRecord = this.recorded.event;

  constructor(private readonly ctx: DeskContext) {
    ctx.extension.subscriptions.push(
      this.recorded,
      ctx.tests.onDidFinish((finished) => {
        // The purpose is read now: the command that set it is still awaiting this run.
        const purpose = this.purposes.get(finished.uri.toString());
        this.last.delete(finished.uri.toString());
        this.queue = this.queue.then(() => this.record(finished, purpose));
      }),
    );
  }

  /** Runs `work` (which runs the script at `uri`) with its runs recorded for this purpose. */
  async withPurpose<T>(uri: vscode.Uri, purpose: RunPurpose, work: () => Promise<T>): Promise<T> {
    this.purposes.set(uri.toString(), purpose);
    try {
      return await work();
    } finally {
      this.purposes.delete(uri.toString());
    }
  }

  /** Resolves when every run finished so far is recorded (or failed to be). */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** What the latest run of a script became in the desk (undefined when it was not recorded). */
  lastRecorded(uri: vscode.Uri): RecordedRunResult | undefined {
    return this.last.get(uri.toString());
  }

  /** Records one run; a failure to record is said, never thrown (the run itself went fine). */
  private async record(finished: Finished, purpose: RunPurpose | undefined): Promise<RecordedRunResult | undefined> {
    if (finished.partial || finished.uri.scheme === 'untitled') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(finished.uri);
    const path = folder ? recordedPath(folder.uri.fsPath, finished.uri.fsPath) : finished.uri.fsPath;
    const input = runRecord({
      path,
      content: finished.text,
      result: finished.result,
      details: finished.details,
      // What the Testing view judged the run against: the command's purpose, else the setting.
      expected: purpose?.expected ?? settings(finished.uri).testing.expect,
      versionTested: purpose?.versionTested,
    });
    try {
      if (input.tickets.length === 0 && !purpose && !knownScript(await this.ctx.desk.desk(), path)) return undefined;
      const result = await this.ctx.desk.perform('recordRun', input);
      this.last.set(finished.uri.toString(), result);
      this.ctx.output.info(`${path}: recorded on ${result.tickets.join(', ') || '(no ticket)'}`);
      this.tell(result);
      this.recorded.fire({ finished, result });
      return result;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.ctx.output.error(`${path}: not recorded: ${message}`);
      void vscode.window.showWarningMessage(vscode.l10n.t('The run of {0} was not recorded in the desk: {1}', path, message));
      return undefined;
    }
  }

  /** New tickets and suggested links, said once each; the rest goes to the status bar. */
  private tell(result: RecordedRunResult): void {
    if (result.tickets.length > 0) vscode.window.setStatusBarMessage(vscode.l10n.t('Run recorded on {0}', result.tickets.join(', ')), 5000);
    for (const key of result.created) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is a new ticket: the desk did not know it. Its subject is the script\'s title.', key), vscode.l10n.t('Open Ticket')).then((open) => {
        if (open) void vscode.commands.executeCommand('repro.desk.openTicket', key);
      });
    }
    for (const { ticket, bug } of result.suggestions) {
      const link = vscode.l10n.t('Link');
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} failed exactly as runs of bug {1} did: the same defect? Link {0} to {1}?', ticket, bug), link).then(async (choice) => {
        if (choice !== link) return;
        try {
          await this.ctx.desk.perform('linkTicketToBug', ticket, bug);
        } catch (error) {
          void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        }
      });
    }
  }
}

let current: Recording | undefined;

export function registerRecording(ctx: DeskContext): Recording {
  current = new Recording(ctx);
  ctx.extension.subscriptions.push({ dispose: () => (current = undefined) });
  return current;
}

/** The recording of this window (the commands wait for it). */
export function recording(): Recording {
  if (!current) throw new Error('run recording is not registered yet');
  return current;
}
