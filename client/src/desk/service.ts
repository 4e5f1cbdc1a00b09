// The desk as the extension sees it: one desk per window, opened on first use at the location the setting,
// REPRO_DESK_DB or the per-user default names (the one the CLI shares): a file (the embedded desk) or a
// postgresql:// URL (the team desk, shared/desk/open.ts). Changes made anywhere — this window, another window,
// `repro run --record` in a terminal, another machine — fire `onDidChange`, so views and panels re-read: the
// embedded desk's folder is watched; the team desk's server tells (LISTEN/NOTIFY), with no watcher and no polling.
// A team desk whose server went away is shown offline (`offline`, `onDidChangeStatus`) with everything kept open;
// when it is back, what changed meanwhile is read. Everything the UI changes goes through `perform`, one
// workflow step per call.
// Invariant: the UI never writes SQL; it reads through shared/desk/queries and changes through OPERATIONS.

import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { OperationArgs, OperationName, OperationResult } from '../../../shared/desk/operations';
import type { DeskStore } from '../../../shared/desk/store';
import { DeskPasswords } from './credentials';

/** Notifications come in bursts (an import, a busy team): one re-read for a burst. */
const SETTLE_MS = 20;
/**
 * How long a read or a change waits for a team desk's server that went away. The desk's statements are
 * synchronous, so this is how long the extension host would stand still: a server restart is waited out, an
 * outage fails at once with the reason (the panel keeps its draft), and the desk comes back by itself.
 */
const RECONNECT_MS = 2000;

/** The desk location the settings name, else REPRO_DESK_DB, else the per-user default. */
export function configuredDeskPath(): string {
  const configured = vscode.workspace.getConfiguration('repro').get<string>('desk.path', '').trim();
  if (configured) return configured.replace(/^~(?=$|[\\/])/, process.env.HOME ?? '~');
  // Loaded here, not at the top: the desk's modules (and sql.js) load only when the desk is first used.
  const { defaultDeskPath } = require('../../../shared/desk/paths') as typeof import('../../../shared/desk/paths');
  return defaultDeskPath();
}

/** A refusal of the team desk's server, said as the CLI says it ("your login X may not do that…"). */
export class TeamDeskProblem extends Error {}

export class DeskService implements vscode.Disposable {
  private opening: Promise<DeskStore> | undefined;
  /** The location `opening` was opened at. */
  private openedPath: string | undefined;
  /** The password the open team desk took from SecretStorage or the prompt (the language server asks for it). */
  private password: string | undefined;
  private watcher: FSWatcher | undefined;
  private settle: NodeJS.Timeout | undefined;
  /** The team desk's latest change this window has re-read for (its own changes' notices need no second read). */
  private shownSeq = 0;
  private offlineBecause: string | undefined;
  /** Bumped by each reopen: what an older desk's server says later is not about this one. */
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The desk changed (here or in another process); views and panels re-read. */
  readonly onDidChange = this.changed.event;
  private readonly statusChanged = new vscode.EventEmitter<void>();
  /** The team desk went offline or came back (`offline` says which). */
  readonly onDidChangeStatus = this.statusChanged.event;
  private readonly unlocked = new vscode.EventEmitter<void>();
  /** The team desk opened with a password of this window's own (typed or kept): the language server may retry. */
  readonly onDidUnlock = this.unlocked.event;
  readonly passwords: DeskPasswords;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.statusChanged, this.unlocked];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    secrets: vscode.SecretStorage,
  ) {
    this.passwords = new DeskPasswords(secrets);
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('repro.desk.path')) void this.reopen();
      }),
    );
  }

  /** The location of the desk this window works on. */
  get path(): string {
    return configuredDeskPath();
  }

  /** Why the team desk cannot be reached now (it reconnects by itself), or undefined while it can. */
  get offline(): string | undefined {
    return this.offlineBecause;
  }

  /**
   * The open desk (opened, or created, on first use). Rejects with the store's clear error for a bad file.
   * The path is checked at every use, not only when the setting's change is announced: in a remote window the
   * user's settings can arrive after the first views have read the desk.
   */
  desk(): Promise<DeskStore> {
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
    let result: OperationResult<K>;
    try {
      result = await perform(desk, name, ...args);
    } catch (error) {
      throw this.explained(error);
    }
    if (desk.engine === 'team') this.shownSeq = Math.max(this.shownSeq, desk.changeCount);
    this.changed.fire();
    // The journal has grown: a new snapshot, written while nobody waits for it.
    if (desk.needsCompaction) void desk.compact?.().catch((error: unknown) => this.output.warn(`compaction: ${String(error)}`));
    return result;
  }

  /**
   * Reads what other processes wrote; fires `onDidChange` when there was something. A desk that could not be
   * opened is tried again (a dismissed password prompt shows again): this is the views' Refresh.
   */
  async refresh(): Promise<void> {
    if (!this.opening) {
      this.passwords.allowPrompt();
      this.changed.fire();
      return;
    }
    const desk = await this.opening.catch(() => undefined);
    if (!desk) return;
    try {
      if (desk.refresh()) this.changed.fire();
    } catch (error) {
      this.output.error(`reading the desk: ${this.explained(error).message}`);
    }
  }

  /** The password for the language server, when it asks for the desk at `where` (as shown, without one). */
  async passwordFor(where: string): Promise<string | undefined> {
    const desk = await this.desk().catch(() => undefined);
    return desk?.engine === 'team' && desk.path === where ? this.password : undefined;
  }

  /** Forgets the team desk's kept password and opens the desk again (which asks for it, unless libpq has one). */
  async forgetPassword(): Promise<boolean> {
    const kept = await this.passwords.forget(this.path);
    await this.reopen();
    return kept;
  }

  /** A team desk's server error as one line a person can act on; anything else as it is. */
  explained(error: unknown): Error {
    const { PostgresError } = require('../../../shared/desk/engines/postgres/sync') as typeof import('../../../shared/desk/engines/postgres/sync');
    if (!(error instanceof PostgresError)) return error instanceof Error ? error : new Error(String(error));
    const { connectionProblem } = require('../../../shared/desk/engines/postgres/problems') as typeof import('../../../shared/desk/engines/postgres/problems');
    return new TeamDeskProblem(connectionProblem(error, this.openedPath ?? this.path), { cause: error });
  }

  private async open(path: string): Promise<DeskStore> {
    const { openStore } = require('../../../shared/desk/open') as typeof import('../../../shared/desk/open');
    const { isTeamDeskUrl } = require('../../../shared/desk/paths') as typeof import('../../../shared/desk/paths');
    const started = performance.now();
    const generation = this.generation;
    let desk: DeskStore;
    this.password = undefined;
    if (isTeamDeskUrl(path)) {
      const { TeamDesk } = require('../../../shared/desk/engines/postgres/teamDesk') as typeof import('../../../shared/desk/engines/postgres/teamDesk');
      const events = {
        onChange: (seq: number) => generation === this.generation && this.noticed(seq),
        onStatus: (status: 'online' | 'offline', problem?: string) => generation === this.generation && this.status(status, problem),
      };
      const opened = await this.passwords
        .open(path, (password) => openStore(path, { password, reconnectMs: RECONNECT_MS, ...events }))
        .catch((error: unknown) => {
          throw this.explained(error);
        });
      desk = opened.desk;
      this.password = opened.password;
      this.shownSeq = desk.changeCount;
      // Every change by anyone is told from here on (the desk's own NOTIFY; nothing polls).
      if (desk instanceof TeamDesk) desk.watch();
    } else {
      desk = await openStore(path);
      this.watch(path);
    }
    this.output.info(
      `desk ${desk.path} opened in ${(performance.now() - started).toFixed(0)} ms${desk.engine === 'team' ? ` as ${desk.user}` : ''}${desk.readOnly ? ` (read-only: ${desk.readOnly})` : ''}`,
    );
    if (this.password !== undefined) this.unlocked.fire();
    return desk;
  }

  /** A change was committed on the team desk (by anyone); a burst of them is one re-read. */
  private noticed(seq: number): void {
    if (seq <= this.shownSeq) return;
    clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      void this.opening?.then((desk) => {
        this.shownSeq = Math.max(this.shownSeq, desk.changeCount);
        this.changed.fire();
      });
    }, SETTLE_MS);
  }

  /** The team desk's server went away, or came back: then what changed meanwhile is read. */
  private status(status: 'online' | 'offline', problem?: string): void {
    if (status === 'offline') {
      if (this.offlineBecause === undefined) this.output.warn(`desk offline: ${problem ?? ''}; reconnecting`);
      this.offlineBecause = problem ?? '';
      this.statusChanged.fire();
      return;
    }
    if (this.offlineBecause === undefined) return;
    this.offlineBecause = undefined;
    this.output.info('desk online again');
    this.statusChanged.fire();
    void this.opening?.then((desk) => {
      try {
        desk.refresh();
        this.shownSeq = Math.max(this.shownSeq, desk.changeCount);
      } catch (error) {
        this.output.warn(`catching up with the desk: ${this.explained(error).message}`);
      }
      // Whatever refresh() says: the views may have failed to read while it was offline.
      this.changed.fire();
    });
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
    this.generation++;
    const old = this.opening;
    this.opening = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.settle);
    if (this.offlineBecause !== undefined) {
      this.offlineBecause = undefined;
      this.statusChanged.fire();
    }
    if (old) (await old.catch(() => undefined))?.close();
    this.changed.fire();
  }

  dispose(): void {
    this.watcher?.close();
    clearTimeout(this.settle);
    void this.opening?.then((desk) => desk.close(), () => undefined);
    for (const d of this.disposables) d.dispose();
  }
}
