// The ticket and bug panels: the commands that open them (by key, or from a quick pick), one panel per key, the
// serializers that bring them back after a restart with their drafts, and re-reading when the desk changes.
// The panel code and the desk's modules load when the first panel opens, not at activation.

import * as vscode from 'vscode';
import type { DeskContext } from '../index';
import type { PanelKind } from './messages';
import type { DeskPanel, MessageOutcome, RenderedReport } from './panel';

/** What the extension's tests see of the panels (ReproApi.panels). */
export interface PanelsApi {
  /** The keys of the open panels, tickets and bugs. */
  openKeys(): string[];
  /** Resolves once the panel of `key` has drawn the latest data from the desk. */
  whenRendered(key: string): Promise<void>;
  /** The HTML the panel's webview was given (the skeleton: never desk data). */
  html(key: string): string | undefined;
  /** What the webview last said it drew (title text, number of scripts and images in the page, drafts). */
  rendered(key: string): RenderedReport | undefined;
  /** Handles `message` exactly as if the panel's webview had sent it. */
  receive(key: string, message: unknown): Promise<MessageOutcome>;
  /** What the serializer does after a restart: takes `panel` over with the state its webview saved. */
  restore(kind: PanelKind, panel: vscode.WebviewPanel, state: unknown): Promise<void>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

class Panels {
  private readonly open = new Map<string, DeskPanel>();
  private opening = new Map<string, Promise<DeskPanel | undefined>>();

  constructor(private readonly ctx: DeskContext) {}

  private id(kind: PanelKind, key: string): string {
    return `${kind}:${key}`;
  }

  all(): DeskPanel[] {
    return [...this.open.values()];
  }

  find(key: string): DeskPanel | undefined {
    const upper = key.toUpperCase();
    return this.open.get(this.id('ticket', upper)) ?? this.open.get(this.id('bug', upper));
  }

  /** Opens the panel of a ticket or bug, or shows the one already open. */
  show(kind: PanelKind, key: string): Promise<DeskPanel | undefined> {
    const id = this.id(kind, key);
    const existing = this.open.get(id);
    if (existing) {
      existing.panel.reveal();
      return Promise.resolve(existing);
    }
    // Two quick opens of the same key make one panel.
    let pending = this.opening.get(id);
    if (!pending) {
      pending = this.create(kind, key).finally(() => this.opening.delete(id));
      this.opening.set(id, pending);
    }
    return pending;
  }

  private async create(kind: PanelKind, key: string): Promise<DeskPanel | undefined> {
    const { DeskPanel, VIEW_TYPES, panelTitle } = require('./panel') as typeof import('./panel');
    const { panelData } = require('./panelData') as typeof import('./panelData');
    const { WorkflowError } = require('../../../../shared/desk/workflows/common') as typeof import('../../../../shared/desk/workflows/common');
    let data;
    try {
      // Read before making the panel: a key the desk does not know gets a message, not an empty panel.
      data = panelData(await this.ctx.desk.desk(), kind, key);
    } catch (error) {
      if (!(error instanceof WorkflowError)) this.ctx.output.error(`opening ${key}: ${String(error)}`);
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return undefined;
    }
    const name = data.kind === 'ticket' ? data.fields.subject : data.fields.title;
    const media = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'client', 'media');
    const panel = vscode.window.createWebviewPanel(VIEW_TYPES[kind], panelTitle(data.key, name), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      enableFindWidget: true,
      localResourceRoots: [media],
    });
    return this.adopt(new DeskPanel(this.ctx, kind, data.key, panel, (p) => this.forget(p), { data }));
  }

  private adopt(panel: DeskPanel): DeskPanel {
    this.open.set(this.id(panel.kind, panel.key), panel);
    return panel;
  }

  private forget(panel: DeskPanel): void {
    const id = this.id(panel.kind, panel.key);
    if (this.open.get(id) === panel) this.open.delete(id);
  }

  /** A panel VS Code brings back after a restart: its key and drafts come from the state its webview saved. */
  async restore(kind: PanelKind, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const { normalizeKey, validateMessage } = require('./messages') as typeof import('./messages');
    const key = isRecord(state) && typeof state.key === 'string' ? normalizeKey(state.key) : undefined;
    if (!key) {
      // Not a state this extension wrote: nothing to show.
      this.ctx.output.warn(`a ${kind} panel came back without a key it can show; closed`);
      panel.dispose();
      return;
    }
    // The drafts, and what each field held when its draft began (the same shape: a value by field name).
    const kept = (name: 'drafts' | 'bases'): Record<string, string> => {
      const checked = validateMessage(kind, { type: 'drafts', drafts: isRecord(state) && state[name] !== undefined ? state[name] : {} });
      if (!checked.ok) this.ctx.output.warn(`${key}: the saved ${name} were not kept: ${checked.reason}`);
      return checked.ok && checked.message.type === 'drafts' ? checked.message.drafts : {};
    };
    const drafts = kept('drafts');
    const bases = kept('bases');
    const existing = this.open.get(this.id(kind, key));
    if (existing) {
      panel.dispose();
      existing.panel.reveal();
      return;
    }
    const { DeskPanel } = require('./panel') as typeof import('./panel');
    this.adopt(new DeskPanel(this.ctx, kind, key, panel, (p) => this.forget(p), { drafts, bases }));
  }

  refreshAll(): void {
    for (const panel of this.open.values()) void panel.refresh();
  }

  redrawAll(): void {
    for (const panel of this.open.values()) panel.redraw();
  }

  dispose(): void {
    for (const panel of [...this.open.values()]) panel.dispose();
  }
}

let panels: Panels | undefined;

const missing = (key: string): Error => new Error(`no panel of ${key} is open`);

/** The panels as the extension's tests see them. */
export const panelsApi: PanelsApi = {
  openKeys: () => panels?.all().map((p) => p.key) ?? [],
  whenRendered: (key) => {
    const panel = panels?.find(key);
    return panel ? panel.whenRendered() : Promise.reject(missing(key));
  },
  html: (key) => panels?.find(key)?.html,
  rendered: (key) => panels?.find(key)?.rendered,
  receive: (key, message) => {
    const panel = panels?.find(key);
    return panel ? panel.receive(message) : Promise.reject(missing(key));
  },
  restore: (kind, panel, state) => (panels ? panels.restore(kind, panel, state) : Promise.reject(new Error('the panels are not registered'))),
};

/** The key a command was given: a string, or an object with a `key` (a tree item's row); undefined for none. */
function keyArgument(arg: unknown): string | undefined | null {
  const { normalizeKey } = require('./messages') as typeof import('./messages');
  const raw = typeof arg === 'string' ? arg : isRecord(arg) && typeof arg.key === 'string' ? arg.key : undefined;
  if (raw === undefined) return undefined;
  return normalizeKey(raw) ?? null;
}

interface KeyItem extends vscode.QuickPickItem {
  key: string;
}

/** A quick pick over the desk: recent tickets (or bugs) first, search as you type; a typed key opens as is. */
async function pickKey(ctx: DeskContext, kind: PanelKind): Promise<string | undefined> {
  const { listBugs, listTickets } = require('../../../../shared/desk/queries') as typeof import('../../../../shared/desk/queries');
  const { label } = require('../../../../shared/desk/vocabulary') as typeof import('../../../../shared/desk/vocabulary');
  const { normalizeKey } = require('./messages') as typeof import('./messages');
  const desk = await ctx.desk.desk();
  const pick = vscode.window.createQuickPick<KeyItem>();
  pick.title = kind === 'ticket' ? vscode.l10n.t('Open ticket') : vscode.l10n.t('Open bug');
  pick.placeholder = kind === 'ticket' ? vscode.l10n.t('A ticket key, or words of its subject') : vscode.l10n.t('A bug key, or words of its title');
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  const typedKey = (value: string, items: KeyItem[]): KeyItem[] => {
    const key = normalizeKey(value);
    return key && !items.some((i) => i.key === key) ? [{ key, label: key, description: vscode.l10n.t('Open {0}', key), alwaysShow: true }, ...items] : items;
  };
  // Tickets are searched as one types (the desk's full-text index); bugs are fewer, the quick pick filters them.
  let bugs: KeyItem[] = [];
  const update = (value: string): void => {
    try {
      if (kind === 'ticket') {
        const rows = listTickets(desk, value.trim() ? { search: value, limit: 50 } : { limit: 50 }).rows;
        const items = rows.map((r) => ({
          key: r.key,
          label: r.key,
          description: r.subject,
          detail: [vscode.l10n.t(label(r.status)), vscode.l10n.t(label(r.priority)), r.organization].filter(Boolean).join(' · '),
          alwaysShow: Boolean(value.trim()),
        }));
        pick.items = typedKey(value, items);
      } else {
        bugs = listBugs(desk, { limit: 200 }).rows.map((r) => ({ key: r.key, label: r.key, description: r.title, detail: `${vscode.l10n.t(label(r.status))} · ${vscode.l10n.t(label(r.reproducibility))}` }));
        pick.items = typedKey(value, bugs);
      }
    } catch (error) {
      ctx.output.warn(`quick pick: ${String(error)}`);
    }
  };
  update('');
  return new Promise((resolve) => {
    pick.onDidChangeValue((value) => (kind === 'ticket' ? update(value) : (pick.items = typedKey(value, bugs))));
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0]?.key ?? normalizeKey(pick.value);
      resolve(chosen);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** Registers the panels' commands and serializers (a part of the desk UI: see ../index.ts). */
export function registerPanels(ctx: DeskContext): void {
  const registry = new Panels(ctx);
  panels = registry;
  const opener = (kind: PanelKind) => async (arg?: unknown): Promise<void> => {
    const given = keyArgument(arg);
    if (given === null) {
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a key (write it as SUP-1042)', String(typeof arg === 'string' ? arg : (arg as { key: string }).key)));
      return;
    }
    try {
      const key = given ?? (await pickKey(ctx, kind));
      if (key) await registry.show(kind, key);
    } catch (error) {
      ctx.output.error(`opening a ${kind}: ${String(error)}`);
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    }
  };
  ctx.extension.subscriptions.push(
    vscode.commands.registerCommand('repro.desk.openTicket', opener('ticket')),
    vscode.commands.registerCommand('repro.desk.openBug', opener('bug')),
    vscode.window.registerWebviewPanelSerializer('reproDesk.ticket', { deserializeWebviewPanel: (panel, state) => registry.restore('ticket', panel, state) }),
    vscode.window.registerWebviewPanelSerializer('reproDesk.bug', { deserializeWebviewPanel: (panel, state) => registry.restore('bug', panel, state) }),
    ctx.desk.onDidChange(() => registry.refreshAll()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => registry.redrawAll()),
    { dispose: () => registry.dispose() },
  );
}
