// What every desk command shares: reading its arguments (a key, an element of a tree, or nothing: then ask),
// turning a refusal of the desk into one clear message, and the small pickers and inputs the workflows ask with.
// Every question can be skipped by passing its answer as an argument: tests, keybindings and the panels call
// the commands that way.

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { TICKET_KEY } from '../../../../shared/core/commands';
import { listBugs, listTickets } from '../../../../shared/desk/queries';
import type { DeskStore } from '../../../../shared/desk/store';
import { label } from '../../../../shared/desk/vocabulary';
import { WorkflowError } from '../../../../shared/desk/workflows/common';
import { DeskPasswordNeeded } from '../credentials';
import { TeamDeskProblem } from '../service';
import type { DeskNode } from '../views/nodes';

export type Handler = (...args: unknown[]) => unknown;

/** A quick pick item that stands for a value. */
export interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

/** The ticket key an argument names: a key, a ticket's (or callback's, or call's) element, else undefined. */
export function ticketKey(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim().toUpperCase();
  const node = arg as DeskNode | undefined;
  if (node?.kind === 'ticket' || node?.kind === 'callback') return node.row.key;
  if (node?.kind === 'call') return node.row.ticket ?? undefined;
  return undefined;
}

export function bugKey(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim()) return arg.trim().toUpperCase();
  const node = arg as DeskNode | undefined;
  return node?.kind === 'bug' ? node.row.key : undefined;
}

/** A plain-object argument (the options a test or a panel passes), else an empty one. */
export function options<T extends object>(arg: unknown): Partial<T> {
  return arg !== null && typeof arg === 'object' && !('kind' in arg) && !(arg instanceof vscode.Uri) ? (arg as Partial<T>) : {};
}

export const isKey = (text: string): boolean => TICKET_KEY.test(text.trim().toUpperCase());

/** Stops a command with a message for a person (shown as the desk's own refusals are). */
export function refuse(message: string): never {
  throw new WorkflowError(message);
}

/**
 * Errors the desk raises for a person to read (a workflow rule, a file that is not a desk, a busy lock, what the
 * team desk's server refused or a password it still needs, what the developers' tracker refused).
 */
function isDeskError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const store = require('../../../../shared/desk/store') as typeof import('../../../../shared/desk/store');
  const { DeskNotFoundError } = require('../../../../shared/desk/engines/postgres/teamDesk') as typeof import('../../../../shared/desk/engines/postgres/teamDesk');
  const { TrackerError } = require('../../../../shared/tracker/adapter') as typeof import('../../../../shared/tracker/adapter');
  return [WorkflowError, store.DeskFileError, store.DeskBusyError, store.DeskReadOnlyError, store.JournalError, DeskNotFoundError, TeamDeskProblem, DeskPasswordNeeded, TrackerError].some(
    (kind) => error instanceof kind,
  );
}

/**
 * A command's handler with its failures shown: what the desk refuses is one message saying why; anything else
 * is a bug, logged with its stack and shown in one line. The command then returns undefined.
 */
export function guarded(ctx: DeskContext, id: string, handler: Handler): Handler {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (thrown) {
      // A team desk's server error reads as the CLI says it (who may not do what, which server is away).
      const error = ctx.desk.explained(thrown);
      const message = error.message;
      if (isDeskError(error)) void vscode.window.showErrorMessage(message);
      else {
        ctx.output.error(`${id}: ${error.stack ?? message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Repro Desk could not do that: {0}', message));
      }
      return undefined;
    }
  };
}

/** One choice among values of a closed vocabulary, each shown by its label. */
export async function pickValue<T extends string>(values: readonly T[], placeHolder: string, describe?: (value: T) => string | undefined): Promise<T | undefined> {
  const items: Choice<T>[] = values.map((value) => ({ label: vscode.l10n.t(label(value)), description: describe?.(value), value }));
  return (await vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true }))?.value;
}

export async function pick<T>(items: readonly Choice<T>[], placeHolder: string): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(items, { placeHolder, ignoreFocusOut: true, matchOnDescription: true }))?.value;
}

/** Text from an input box (trimmed); undefined when dismissed. `required`: empty is refused. */
export async function ask(prompt: string, options: { value?: string; placeHolder?: string; required?: boolean; validate?: (text: string) => string | undefined } = {}): Promise<string | undefined> {
  const text = await vscode.window.showInputBox({
    prompt,
    value: options.value,
    placeHolder: options.placeHolder,
    ignoreFocusOut: true,
    validateInput: (value) => (options.required && !value.trim() ? vscode.l10n.t('Write something here, or press Escape') : options.validate?.(value.trim())),
  });
  return text === undefined ? undefined : text.trim();
}

/**
 * A pick among known values that also takes a new one: what is typed becomes the first item ("New: …").
 * Resolves with the picked value, `{ typed }` for a new one, or undefined when dismissed.
 */
export function pickOrType<T>(items: readonly Choice<T>[], placeHolder: string, newLabel: (typed: string) => string): Promise<T | { typed: string } | undefined> {
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<Choice<T | { typed: string }>>();
    quickPick.placeholder = placeHolder;
    quickPick.ignoreFocusOut = true;
    quickPick.matchOnDescription = true;
    const known = items as readonly Choice<T | { typed: string }>[];
    quickPick.items = known;
    let done = false;
    const finish = (value: T | { typed: string } | undefined): void => {
      if (done) return;
      done = true;
      resolve(value);
      quickPick.dispose();
    };
    quickPick.onDidChangeValue((value) => {
      const typed = value.trim();
      const exact = known.some((item) => item.label.toLowerCase() === typed.toLowerCase());
      quickPick.items = typed && !exact ? [{ label: `$(add) ${newLabel(typed)}`, value: { typed }, alwaysShow: true }, ...known] : known;
    });
    quickPick.onDidAccept(() => finish(quickPick.selectedItems[0]?.value));
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}

/** Tickets as the user types (a key, or words of the subject), for "which ticket?". */
export function pickTicket(ctx: DeskContext, placeHolder: string): Promise<string | undefined> {
  return pickLive(ctx, placeHolder, (desk, text) => {
    const typedKey = isKey(text) ? text.trim().toUpperCase() : undefined;
    const { rows } = listTickets(desk, text.trim() && !typedKey ? { search: text, limit: 30 } : { limit: 30 });
    const items: Choice<string>[] = rows.map((row) => ({ label: row.key, description: row.subject, detail: `${vscode.l10n.t(label(row.status))} · ${row.organization ?? ''}`, value: row.key }));
    if (typedKey && !items.some((i) => i.value === typedKey)) items.unshift({ label: typedKey, description: vscode.l10n.t('Open this key'), value: typedKey, alwaysShow: true });
    return items;
  });
}

/** Bugs, newest first, plus what the caller adds (a "new bug" item). */
export async function pickBug(ctx: DeskContext, placeHolder: string, extra: Choice<string>[] = []): Promise<string | undefined> {
  const desk = await ctx.desk.desk();
  const items: Choice<string>[] = listBugs(desk, { limit: 200 }).rows.map((row) => ({
    label: row.key,
    description: row.title,
    detail: `${vscode.l10n.t(label(row.status))} · ${vscode.l10n.t(label(row.reproducibility))}`,
    value: row.key,
  }));
  return pick([...extra, ...items], placeHolder);
}

/** A quick pick whose items are re-read from the desk as the user types. */
async function pickLive(ctx: DeskContext, placeHolder: string, items: (desk: DeskStore, text: string) => Choice<string>[]): Promise<string | undefined> {
  const desk = await ctx.desk.desk();
  return new Promise((resolve) => {
    const quickPick = vscode.window.createQuickPick<Choice<string>>();
    quickPick.placeholder = placeHolder;
    quickPick.ignoreFocusOut = true;
    quickPick.matchOnDescription = true;
    quickPick.items = items(desk, '');
    let done = false;
    const finish = (value: string | undefined): void => {
      if (done) return;
      done = true;
      resolve(value);
      quickPick.dispose();
    };
    quickPick.onDidChangeValue((value) => (quickPick.items = items(desk, value)));
    quickPick.onDidAccept(() => finish(quickPick.selectedItems[0]?.value ?? (isKey(quickPick.value) ? quickPick.value.trim().toUpperCase() : undefined)));
    quickPick.onDidHide(() => finish(undefined));
    quickPick.show();
  });
}

/** The first workspace folder (where scripts and documents go), or a message saying one is needed. */
export function workspaceFolder(): vscode.WorkspaceFolder | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: repro scripts and documents are kept in the workspace.'));
  return folder;
}

/** An ISO time `days` from now (a callback due). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}
