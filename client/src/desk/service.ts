// The desk as the extension sees it: one `Desk` (shared/desk) per window, opened on first use at the path the
// setting, REPRO_DESK_DB or the per-user default names (the one the CLI shares); changes made anywhere — this
// window, another window, `repro run --record` in a terminal — fire `onDidChange`, so views and panels
// re-read. Everything the UI changes goes through `perform`, one workflow step per call.
// Invariant: the UI never writes SQL; it reads through shared/desk/queries and changes through OPERATIONS.

import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { OperationArgs, OperationName, OperationResult } from '../../../shared/desk/operations';
import type { Desk } from '../../../shared/desk/store';

/** The desk file the settings name, else REPRO_DESK_DB, else the per-user default. */
export function configuredDeskPath(): string {
  const configured = vscode.workspace.getConfiguration('repro').get<string>('desk.path', '').trim();
  if (configured) return configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~');
  // Loaded here, not at the top: the desk's modules (and sql.js) load only when the desk is first used.
  const { defaultDeskPath } = require('../../../shared/desk/paths') as typeof import('../../../shared/desk/paths');
  return defaultDeskPath();
}

export class DeskService implements vscode.Disposable {
  private opening: Promise<Desk> | undefined;
  /** The path `opening` was opened at. */
  private openedPath: string | undefined;
  private watcher: FSWatcher | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The desk changed (here or in another process); views and panels re-read. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('repro.desk.path')) void this.reopen();
      }),
    );
  }

  /** The path of the desk this window works on. */
  get path(): string {
    return configuredDeskPath();
  }

  /**
   * The open desk (opened, or created, on first use). Rejects with the store's clear error for a bad file.
   * The path is checked at every use, not only when the setting's change is announced: in a remote window the
   * user's settings can arrive after the first views have read the desk.
   */
  desk(): Promise<Desk> {
    const path = this.path;
    if (this.opening && this.openedPath !== path) void this.reopen();
    this.openedPath = path;
    this.opening ??= this.open(path).catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  /** Runs one workflow step as one durable change, then tells every view. */
  async perform<K extends OperationName>(name: K, ...args: OperationArgs<K>): Promise<OperationResult<K>> {
    const desk = await this.desk();
    const { perform } = require('../../../shared/desk/operations') as typeof import('../../../shared/desk/operations');
    const result = await perform(desk, name, ...args);
    this.changed.fire();
    // The journal has grown: a new snapshot, written while nobody waits for it.
    if (desk.needsCompaction) void desk.compact().catch((error: unknown) => this.output.warn(`compaction: ${String(error)}`));
    return result;
  }

  /** Reads what other processes wrote; fires `onDidChange` when there was something. */
  async refresh(): Promise<void> {
    if (!this.opening) return;
    const desk = await this.opening;
    try {
      if (desk.refresh()) this.changed.fire();
    } catch (error) {
      this.output.error(`reading the desk: ${String(error)}`);
    }
  }

  private async open(path: string): Promise<Desk> {
    const { Desk } = require('../../../shared/desk/store') as typeof import('../../../shared/desk/store');
    const started = performance.now();
    const desk = await Desk.open(path);
    this.output.info(`desk ${path} opened in ${(performance.now() - started).toFixed(0)} ms${desk.readOnly ? ` (read-only: ${desk.readOnly})` : ''}`);
    this.watch(path);
    return desk;
  }

  /** Another process appends to the journal or replaces it (compaction): either way, read what is new. */
  private watch(path: string): void {
    this.watcher?.close();
    const names = new Set([basename(path), `${basename(path)}.journal`]);
    try {
      this.watcher = watch(dirname(path), (_event, name) => {
        if (name && names.has(name.toString())) void this.refresh();
      });
    } catch (error) {
      this.output.warn(`cannot watch ${dirname(path)}: ${String(error)}; the desk is re-read on each view refresh`);
    }
  }

  private async reopen(): Promise<void> {
    const old = this.opening;
    this.opening = undefined;
    this.watcher?.close();
    if (old) (await old.catch(() => undefined))?.close();
    this.changed.fire();
  }

  dispose(): void {
    this.watcher?.close();
    void this.opening?.then((desk) => desk.close(), () => undefined);
    for (const d of this.disposables) d.dispose();
  }
}
