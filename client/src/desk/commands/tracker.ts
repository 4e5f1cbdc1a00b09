// Handing bugs to the developers' tracker from the editor (shared/tracker does the work): "Hand to Developers'
// Tracker" on a bug, "Pull from Developers' Tracker" on demand and every `repro.tracker.pullMinutes`. The
// tracker is the desk's (repro tracker config); the API key is this person's, kept in SecretStorage per
// tracker address, asked for once (an input box that hides it) and forgotten when the tracker refuses it.
// Invariants: the key is never written to the settings, the log or a message; the timer never asks for it
// (a pull on the timer without a key waits for one given on demand).

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import type { TrackerConfig } from '../../../../shared/desk/workflows/tracker';
import type { DeskAccess, PullResult } from '../../../../shared/tracker/handoff';
import type { TrackerAdapter } from '../../../../shared/tracker/adapter';
import { documentLanguage } from '../documents';
import { deskLink } from '../links';
import { bugKey, pick, type Choice, type Handler } from './common';

type Tracker = typeof import('../../../../shared/tracker');
type Handoff = typeof import('../../../../shared/tracker/handoff');
type DeskTracker = typeof import('../../../../shared/desk/workflows/tracker');

// Loaded when first used, not at activation.
const tracker = (): Tracker => require('../../../../shared/tracker') as Tracker;
const handoff = (): Handoff => require('../../../../shared/tracker/handoff') as Handoff;
const deskTracker = (): DeskTracker => require('../../../../shared/desk/workflows/tracker') as DeskTracker;

const secretKey = (config: TrackerConfig): string => `repro.tracker.key:${config.url}`;

/** The desk as the hand-off reads and changes it: through the service, so every view hears of each change. */
async function access(ctx: DeskContext): Promise<DeskAccess> {
  return { desk: await ctx.desk.desk(), perform: (name, ...args) => ctx.desk.perform(name, ...args) };
}

/**
 * Runs WORK with the tracker's adapter: the kept key, else (when `ask`) the user's. A key the tracker refuses
 * is forgotten and, when asking, asked for once more. Undefined when there is no key to use.
 */
async function withTracker<R>(ctx: DeskContext, ask: boolean, work: (adapter: TrackerAdapter, desk: DeskAccess) => Promise<R>): Promise<R | undefined> {
  const desk = await access(ctx);
  const config = deskTracker().requireTrackerConfig(desk.desk);
  const secrets = ctx.extension.secrets;
  for (let refused = false; ; refused = true) {
    let key = refused ? undefined : await secrets.get(secretKey(config));
    if (key === undefined) {
      if (!ask) return undefined;
      key = await vscode.window.showInputBox({
        title: vscode.l10n.t('Developers\' tracker API key'),
        prompt: refused
          ? vscode.l10n.t('The tracker at {0} refused that key. Your API key there (Redmine: My account → API access key):', config.url)
          : vscode.l10n.t('Your API key for the tracker at {0} (Redmine: My account → API access key):', config.url),
        password: true,
        ignoreFocusOut: true,
      });
      if (!key?.trim()) return undefined;
      key = key.trim();
    }
    const { TRACKERS, TrackerError } = tracker();
    try {
      const result = await work(handoff().adapterFor(TRACKERS, config, key), desk);
      await secrets.store(secretKey(config), key);
      return result;
    } catch (error) {
      if (!(error instanceof TrackerError) || error.problem !== 'unauthorized') throw error;
      await secrets.delete(secretKey(config));
      if (!ask || refused) throw error;
    }
  }
}

function pullSummary(result: PullResult): string {
  const parts = [vscode.l10n.t('bugs checked: {0}, changed: {1}, resolved: {2}; new comments: {3}', result.checked, result.changed.length, result.resolved.length, result.comments)];
  if (result.missing.length) parts.push(vscode.l10n.t('not found in the tracker (deleted, moved, or out of your sight): {0}', result.missing.join(', ')));
  return parts.join('. ');
}

/** Pulls every `repro.tracker.pullMinutes` (0: never) while a key is kept; the setting is read again when it changes. */
function pullOnTimer(ctx: DeskContext): void {
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    clearInterval(timer);
    const minutes = vscode.workspace.getConfiguration('repro').get<number>('tracker.pullMinutes', 0);
    if (!(minutes > 0)) return;
    timer = setInterval(() => {
      void withTracker(ctx, false, (adapter, desk) => handoff().pullBugs(desk, adapter))
        .then((result) => result && ctx.output.info(`tracker pull: ${pullSummary(result)}`))
        .catch((error: unknown) => ctx.output.warn(`tracker pull: ${(error as Error).message}`));
    }, minutes * 60_000);
  };
  schedule();
  ctx.extension.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('repro.tracker.pullMinutes') && schedule()),
    { dispose: () => clearInterval(timer) },
  );
}

export function trackerCommands(ctx: DeskContext): Record<string, Handler> {
  pullOnTimer(ctx);
  return {
    /** Hands a bug to the developers' tracker (arg: its key or element; else a pick of the bugs not handed over). */
    'repro.desk.handToTracker': async (arg) => {
      const desk = await ctx.desk.desk();
      let key = bugKey(arg);
      if (!key) {
        const { listBugs } = require('../../../../shared/desk/queries') as typeof import('../../../../shared/desk/queries');
        const linked = new Set(deskTracker().trackerIssues(desk).map((l) => l.bugKey));
        const choices: Choice<string>[] = listBugs(desk, { limit: 200 }).rows.filter((b) => !linked.has(b.key)).map((b) => ({ label: b.key, description: b.title, value: b.key }));
        key = await pick(choices, vscode.l10n.t('Hand which bug to the developers\' tracker?'));
      }
      if (!key) return undefined;
      const lang = documentLanguage(undefined);
      const chosen = key;
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Handing {0} to the tracker…', chosen) }, () =>
        withTracker(ctx, true, (adapter, access) => handoff().pushBug(access, adapter, chosen, { lang, link: deskLink(ctx, 'bug', chosen) })),
      );
      if (!result) return undefined;
      const open = vscode.l10n.t('Open in Tracker');
      const message = {
        created: vscode.l10n.t('{0} is handed over as {1}', result.bug, result.issue.key),
        found: vscode.l10n.t('{0} was already in the tracker as {1}; linked now', result.bug, result.issue.key),
        linked: vscode.l10n.t('{0} is already handed over as {1}', result.bug, result.issue.key),
      }[result.how];
      void vscode.window.showInformationMessage(message, open).then((choice) => {
        if (choice) void vscode.env.openExternal(vscode.Uri.parse(result.issue.url));
      });
      return result;
    },
    /** Reads every handed-over bug's status and comments from the tracker now. */
    'repro.desk.pullTracker': async () => {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the tracker…') }, () =>
        withTracker(ctx, true, (adapter, desk) => handoff().pullBugs(desk, adapter)),
      );
      if (result) void vscode.window.showInformationMessage(pullSummary(result));
      return result;
    },
    /** Forgets the API key kept for the desk's tracker (the next hand-off asks again). */
    'repro.desk.forgetTrackerKey': async () => {
      const config = deskTracker().requireTrackerConfig(await ctx.desk.desk());
      await ctx.extension.secrets.delete(secretKey(config));
      void vscode.window.showInformationMessage(vscode.l10n.t('The API key for {0} is forgotten', config.url));
      return true;
    },
  };
}
