// One ticket or bug panel: a webview that loads the fixed skeleton (html.ts) and gets the data as JSON. Every
// message from it is validated (messages.ts) and then handled by a table of handlers; each change is one
// `desk.perform`, and a refusal goes back to the field it concerns as a message, not an error (refusals.ts).
// The panel re-reads the desk when it changes (here, in another window, from the CLI) and sends it again; the
// webview keeps what the user is typing (drafts) over the new data. An edit carries what the field held when
// the person began (its base): if someone changed it meanwhile the desk refuses it (workflows/conflicts.ts),
// and the webview shows both values with the draft kept, to keep one or the other.

import { isAbsolute, relative } from 'node:path';
import * as vscode from 'vscode';
import type { OperationArgs, OperationName } from '../../../../shared/desk/operations';
import { BUG_RESOLUTIONS, TICKET_RESOLUTIONS } from '../../../../shared/desk/vocabulary';
import type { DeskContext } from '../index';
import { makeNonce, skeletonHtml } from './html';
import { FIELDS, splitList, validateMessage, type PanelKind, type PanelMessage } from './messages';
import type { PanelData } from './panelData';
import type { PanelConflict } from './refusals';
import { panelLabels, panelStrings } from './strings';

export const VIEW_TYPES: Readonly<Record<PanelKind, string>> = { ticket: 'reproDesk.ticket', bug: 'reproDesk.bug' };

/** What handling one message came to: refused (invalid), or accepted with the error the desk gave, if any. */
export interface MessageOutcome {
  accepted: boolean;
  /** Why a message was refused, or what the desk or a command said against it. */
  error?: string;
}

/** What the webview last reported it drew (for the tests and the log). */
export interface RenderedReport {
  version: number;
  title: string;
  scripts: number;
  images: number;
  drafts: Record<string, string>;
}

type ScriptRow = PanelData['scripts'][number] & { inWorkspace: boolean };
type Handler = (panel: DeskPanel, message: never) => Promise<string | undefined> | string | undefined;

/** A panel title: "SUP-12: subject", on one line and short enough for a tab. */
export function panelTitle(key: string, name: string | undefined): string {
  const line = (name ?? '').replace(/\s+/g, ' ').trim();
  const short = line.length > 48 ? `${line.slice(0, 47).trimEnd()}…` : line;
  return short ? `${key}: ${short}` : key;
}

/** Where a script the desk names (workspace-relative) is in this window's folders; undefined when in none. */
export async function findScript(path: string): Promise<vscode.Uri | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = isAbsolute(path) ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
    const inside = relative(folder.uri.fsPath, uri.fsPath);
    if (!inside || inside.startsWith('..') || isAbsolute(inside)) continue;
    try {
      if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) return uri;
    } catch {
      // Not in this folder: try the next.
    }
  }
  return undefined;
}

const translate = (english: string): string => vscode.l10n.t(english);
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class DeskPanel implements vscode.Disposable {
  private data: PanelData | undefined;
  private scripts: ScriptRow[] = [];
  private gone = false;
  private timelineLimit: number;
  private sent = 0;
  private ready = false;
  private refreshing: Promise<void> | undefined;
  private again = false;
  private restoredDrafts: Record<string, string> | undefined;
  private restoredBases: Record<string, string> | undefined;
  private disposed = false;
  /** When the panel was made, for the log's "drawn in N ms". */
  private readonly started = performance.now();
  private readonly waiters: (() => void)[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  /** The page the webview was last given. */
  html = '';
  rendered: RenderedReport | undefined;
  /** The webview's unsaved values, as it last reported them. */
  drafts: Record<string, string> = {};

  constructor(
    private readonly ctx: DeskContext,
    readonly kind: PanelKind,
    readonly key: string,
    readonly panel: vscode.WebviewPanel,
    private readonly onDispose: (panel: DeskPanel) => void,
    options: { drafts?: Record<string, string>; bases?: Record<string, string>; timelineLimit?: number; data?: PanelData } = {},
  ) {
    const { TIMELINE_PAGE } = require('./panelData') as typeof import('./panelData');
    this.timelineLimit = options.timelineLimit ?? TIMELINE_PAGE;
    this.restoredDrafts = options.drafts;
    this.restoredBases = options.bases;
    this.drafts = { ...(options.drafts ?? {}) };
    this.data = options.data;
    const media = vscode.Uri.joinPath(ctx.extension.extensionUri, 'client', 'media');
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    this.setTitle();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.load();
    // Read while the webview loads (a webview takes hundreds of milliseconds to start): its `ready` then only
    // waits for this.
    void this.refresh();
  }

  /** Gives the webview its page: the skeleton with a fresh nonce (the data follows by message). */
  private load(): void {
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'client', 'media');
    this.ready = false;
    this.html = skeletonHtml({
      kind: this.kind,
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css')).toString(),
      lang: vscode.env.language,
      nonce: makeNonce(),
    });
    webview.html = this.html;
  }

  private setTitle(): void {
    const name = this.data?.kind === 'ticket' ? this.data.fields.subject : this.data?.fields.title;
    this.panel.title = panelTitle(this.key, name);
  }

  /** Reads the panel's data from the desk (and where its scripts are in this window). */
  async read(): Promise<void> {
    const desk = await this.ctx.desk.desk();
    const { panelData } = require('./panelData') as typeof import('./panelData');
    const { WorkflowError } = require('../../../../shared/desk/workflows/common') as typeof import('../../../../shared/desk/workflows/common');
    try {
      this.data = panelData(desk, this.kind, this.key, this.timelineLimit);
      this.gone = false;
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error;
      this.gone = true;
      this.data = undefined;
    }
    this.scripts = await Promise.all((this.data?.scripts ?? []).map(async (s) => ({ ...s, inWorkspace: (await findScript(s.path)) !== undefined })));
    this.setTitle();
  }

  /** Re-reads the desk and draws again (coalesced: changes that come while reading make one more pass). */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.again = false;
          await this.read();
          this.post();
        } while (this.again && !this.disposed);
      } catch (error) {
        this.ctx.output.error(`panel ${this.key}: ${errorText(error)}`);
      } finally {
        this.refreshing = undefined;
        this.settle();
      }
    })();
    return this.refreshing;
  }

  /** Sends the data to the webview (when it is there to draw it: a hidden webview asks again when shown). */
  private post(): void {
    if (!this.ready || this.disposed) return;
    this.sent++;
    const desk = this.ctx.desk;
    void desk.desk().then((d) => {
      if (this.disposed) return;
      const state = {
        type: 'state',
        version: this.sent,
        key: this.key,
        gone: this.gone,
        data: this.data && { ...this.data, scripts: this.scripts },
        strings: panelStrings(translate),
        labels: panelLabels(translate),
        specs: FIELDS[this.kind],
        vocabulary: { ticketResolutions: RESOLUTIONS.ticket, bugResolutions: RESOLUTIONS.bug },
        trusted: vscode.workspace.isTrusted,
        readOnly: d.readOnly ?? null,
        restoredDrafts: this.restoredDrafts,
        restoredBases: this.restoredBases,
      };
      this.restoredDrafts = undefined;
      this.restoredBases = undefined;
      void this.panel.webview.postMessage(state);
    });
  }

  /** Resolves once the webview has drawn the latest data sent (and no re-read is under way). */
  whenRendered(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private isSettled(): boolean {
    return !this.refreshing && this.sent > 0 && (this.rendered?.version ?? 0) >= this.sent;
  }

  private settle(): void {
    if (!this.isSettled()) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Handles one message from the webview (the tests call this too): validated first, refused when invalid. */
  async receive(raw: unknown): Promise<MessageOutcome> {
    const checked = validateMessage(this.kind, raw);
    if (!checked.ok) {
      this.ctx.output.warn(`panel ${this.key}: refused a message from the webview: ${checked.reason}`);
      return { accepted: false, error: checked.reason };
    }
    const handler = HANDLERS[checked.message.type] as (panel: DeskPanel, message: PanelMessage) => ReturnType<Handler>;
    try {
      const error = await handler(this, checked.message);
      return error === undefined ? { accepted: true } : { accepted: true, error };
    } catch (error) {
      // A handler's own failure (a bug): logged, and told to the panel rather than lost.
      this.ctx.output.error(`panel ${this.key}: ${checked.message.type}: ${errorText(error)}`);
      this.reply('actions', false, errorText(error));
      return { accepted: true, error: errorText(error) };
    }
  }

  /** Tells the webview how an action on `target` (a field, the status, the note…) went; a conflict, with both values. */
  reply(target: string, ok: boolean, message?: string, conflict?: PanelConflict): void {
    if (!this.disposed) void this.panel.webview.postMessage({ type: 'result', target, ok, message, conflict });
  }

  /**
   * Runs one workflow step; its refusal (a rule, a conflict, or a desk that could not take it) goes next to
   * `target`, and the webview keeps the draft. Before a conflict is shown the panel draws the desk's value.
   */
  async perform<K extends OperationName>(target: string, name: K, ...args: OperationArgs<K>): Promise<string | undefined> {
    try {
      await this.ctx.desk.perform(name, ...args);
      this.reply(target, true);
      return undefined;
    } catch (error) {
      const { refusal } = require('./refusals') as typeof import('./refusals');
      const refused = refusal(error, this.ctx.desk.path);
      if (refused.kind === 'desk') this.ctx.output.warn(`panel ${this.key}: ${name}: ${errorText(error)}`);
      if (refused.kind === 'conflict') await this.refresh();
      const message = refused.kind === 'desk' ? vscode.l10n.t('Not saved: {0}. What you typed is kept.', refused.reason) : refused.reason;
      this.reply(target, false, message, refused.conflict);
      return message;
    }
  }

  /**
   * The page is there: it gets the data read while it loaded (the constructor started the read), or, when it
   * loads again (shown after being hidden), the data the panel has kept current since.
   */
  onReady(): Promise<void> {
    this.ready = true;
    if (this.refreshing) return this.refreshing;
    this.post();
    return Promise.resolve();
  }

  onRendered(report: RenderedReport): void {
    if (!this.rendered) this.ctx.output.info(`panel ${this.key} drawn ${(performance.now() - this.started).toFixed(0)} ms after it was made`);
    this.rendered = report;
    this.drafts = report.drafts;
    this.settle();
  }

  async showMore(): Promise<void> {
    const { TIMELINE_PAGE } = require('./panelData') as typeof import('./panelData');
    this.timelineLimit += TIMELINE_PAGE;
    await this.refresh();
  }

  get current(): PanelData | undefined {
    return this.data;
  }

  /** A linked script's file, or why it cannot be had (not linked here, not in this workspace). */
  async script(path: string): Promise<{ uri: vscode.Uri } | { error: string }> {
    if (!this.data?.scripts.some((s) => s.path === path)) return { error: vscode.l10n.t('{0} is not a script of {1}', path, this.key) };
    const uri = await findScript(path);
    return uri ? { uri } : { error: vscode.l10n.t('{0} is not in this workspace: open the folder that holds it to run it.', path) };
  }

  /** Runs a script as the Run lens does (trust checked there). */
  run(uri: vscode.Uri): ReturnType<DeskContext['run']> {
    return this.ctx.run(uri);
  }

  /** Draws again with what the panel knows (trust changed). */
  redraw(): void {
    this.post();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.onDispose(this);
    this.panel.dispose();
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

const RESOLUTIONS = { ticket: TICKET_RESOLUTIONS, bug: BUG_RESOLUTIONS };

/** What the webview holds for "not set" ('') is the desk's null. */
const orNull = (value: string | null): string | null => (value === '' ? null : value);
const contactId = (value: string | null): number | null => (orNull(value) === null ? null : Number(value));

/**
 * What an edit of each field does: the workflow step that changes it, given the value and, when the webview
 * sent it, what the field held when the person began (`base`: undefined, not checked). Fields not listed go
 * through update*.
 */
type Edit = (panel: DeskPanel, value: string | null, base: string | null | undefined) => Promise<string | undefined>;

const TICKET_EDITS: Readonly<Record<string, Edit>> = {
  assignee: (p, value, base) => p.perform('assignee', 'assignTicket', p.key, value, base === undefined ? undefined : orNull(base)),
  callbackDue: (p, value, base) => p.perform('callbackDue', 'setCallback', p.key, value, base === undefined ? undefined : orNull(base)),
  contact: (p, value, base) => p.perform('contact', 'updateTicket', p.key, { contactId: contactId(value) }, base === undefined ? {} : { contactId: contactId(base) }),
};

const BUG_EDITS: Readonly<Record<string, Edit>> = {
  developer: (p, value, base) => p.perform('developer', 'assignDeveloper', p.key, value ?? '', base === undefined ? undefined : orNull(base)),
  reproducibility: (p, value, base) => p.perform('reproducibility', 'setReproducibility', p.key, value as never, base === undefined ? undefined : (base as never)),
  affectedVersions: async (p, value, base) => {
    const product = p.current?.kind === 'bug' ? p.current.fields.product : '';
    if (!product) {
      const error = vscode.l10n.t('a {0} belongs to a product: give the product first', vscode.l10n.t('version'));
      p.reply('affectedVersions', false, error);
      return error;
    }
    return p.perform('affectedVersions', 'setAffectedVersions', p.key, product, splitList(value ?? ''), base === undefined ? undefined : splitList(base ?? ''));
  },
};

function edit(panel: DeskPanel, message: { field: string; value: string | null; base?: string | null }): Promise<string | undefined> {
  const special = (panel.kind === 'ticket' ? TICKET_EDITS : BUG_EDITS)[message.field];
  if (special) return special(panel, message.value, message.base);
  const fields = { [message.field]: message.value };
  const base = message.base === undefined ? {} : { [message.field]: message.base };
  return panel.kind === 'ticket' ? panel.perform(message.field, 'updateTicket', panel.key, fields, base) : panel.perform(message.field, 'updateBug', panel.key, fields, base);
}

/** Runs a command another part registers (the report, verify fix); its failure is told next to `target`. */
async function command(panel: DeskPanel, target: string, id: string, ...args: unknown[]): Promise<string | undefined> {
  try {
    await vscode.commands.executeCommand(id, ...args);
    return undefined;
  } catch (error) {
    panel.reply(target, false, errorText(error));
    return errorText(error);
  }
}

/** What each message does. */
const HANDLERS: { [T in PanelMessage['type']]: (panel: DeskPanel, message: Extract<PanelMessage, { type: T }>) => Promise<string | undefined> | string | undefined } = {
  ready: async (panel) => {
    await panel.onReady();
    return undefined;
  },
  rendered: (panel, message) => {
    panel.onRendered(message);
    return undefined;
  },
  drafts: (panel, message) => {
    panel.drafts = message.drafts;
    return undefined;
  },
  edit,
  changeStatus: (panel, message) => {
    const options = { ...(message.resolution ? { resolution: message.resolution as never } : {}), ...(message.base ? { base: message.base as never } : {}) };
    return panel.kind === 'ticket'
      ? panel.perform('status', 'changeTicketStatus', panel.key, message.status as never, options)
      : panel.perform('status', 'changeBugStatus', panel.key, message.status as never, { ...options, ...(message.fixedIn ? { fixedIn: message.fixedIn } : {}) });
  },
  addNote: (panel, message) =>
    panel.perform('note', 'addNote', {
      ...(panel.kind === 'ticket' ? { ticket: panel.key } : { bug: panel.key }),
      body: message.body,
      visibility: message.visibility,
      kind: message.visibility === 'private' ? 'internal' : 'comment',
    }),
  runScript: async (panel, message) => {
    const found = await panel.script(message.path);
    if ('error' in found) {
      panel.reply('scripts', false, found.error);
      return found.error;
    }
    const finished = await panel.run(found.uri);
    if (!finished) {
      const error = vscode.l10n.t('{0} did not run.', message.path);
      panel.reply('scripts', false, error);
      return error;
    }
    const { summarize } = require('../../testing') as typeof import('../../testing');
    void panel.panel.webview.postMessage({ type: 'ran', path: message.path, text: summarize(finished.result) });
    return undefined;
  },
  openScript: async (panel, message) => {
    const found = await panel.script(message.path);
    if ('error' in found) {
      panel.reply('scripts', false, found.error);
      return found.error;
    }
    await vscode.window.showTextDocument(found.uri, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    return undefined;
  },
  showMore: async (panel) => {
    await panel.showMore();
    return undefined;
  },
  generateReport: (panel) => command(panel, 'actions', 'repro.desk.generateReport', panel.key),
  verifyFix: (panel) => command(panel, 'actions', 'repro.desk.verifyFix', panel.key),
  handToTracker: (panel) => command(panel, 'actions', 'repro.desk.handToTracker', panel.key),
  openTicket: (panel, message) => command(panel, 'actions', 'repro.desk.openTicket', message.key),
  openBug: (panel, message) => command(panel, 'actions', 'repro.desk.openBug', message.key),
  linkBug: (panel, message) => panel.perform('linkBug', 'linkTicketToBug', panel.key, message.key),
  unlinkBug: (panel, message) => panel.perform('linkBug', 'unlinkTicketFromBug', panel.key, message.key),
};
