// The desk's documents in the editor: a preview (the document's own HTML in a webview that can run nothing:
// no scripts at all, a policy that allows only the document's inline style) and saving to the workspace's
// `documents/` folder as HTML and/or Markdown. Documents are rendered by shared/documents, in the editor's
// language unless a command is told otherwise.

import * as vscode from 'vscode';
import type { DocumentLanguage } from '../../../shared/documents/types';
import { ask, workspaceFolder, type Choice } from './commands/common';

/** The preview's policy: nothing but the inline style the documents carry (their charts are inline SVG). */
export const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'";

export type SaveFormat = 'html' | 'md';

/** A document made for a person: its title, the file name it is saved under, both renderings. */
export interface MadeDocument {
  title: string;
  /** The file name without extension: the document's number, else its key (`ACT-2026-0001`, `SUP-1-report`). */
  name: string;
  markdown: string;
  html: string;
}

/** The language a document is written in: the one asked for, else the editor's. */
export function documentLanguage(given?: unknown): DocumentLanguage {
  if (given === 'en' || given === 'ru') return given;
  return vscode.env.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/** The document's HTML with the preview's own policy first in its head (a second policy can only narrow it). */
export function previewHtml(html: string): string {
  const policy = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_CSP}">`;
  return /<head>/i.test(html) ? html.replace(/<head>/i, (head) => `${head}\n${policy}`) : `${policy}\n${html}`;
}

/** Shows a document beside the editor, inert. */
export function showPreview(title: string, html: string): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel('reproDesk.document', title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
    enableScripts: false,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [],
  });
  panel.webview.html = previewHtml(html);
  return panel;
}

/** Writes the document to `documents/NAME.html` and/or `.md` in the first workspace folder. */
export async function saveDocument(doc: MadeDocument, formats: readonly SaveFormat[]): Promise<vscode.Uri[]> {
  if (formats.length === 0) return [];
  const folder = workspaceFolder();
  if (!folder) return [];
  const dir = vscode.Uri.joinPath(folder.uri, 'documents');
  await vscode.workspace.fs.createDirectory(dir);
  const saved: vscode.Uri[] = [];
  for (const format of formats) {
    const uri = vscode.Uri.joinPath(dir, `${doc.name}.${format}`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(format === 'html' ? doc.html : doc.markdown));
    saved.push(uri);
  }
  return saved;
}

/** What to do with a document after its preview; `store` is offered where the desk can keep it. */
export interface Keeping {
  save: SaveFormat[];
  store: boolean;
}

export async function askKeeping(offerStore: boolean): Promise<Keeping | undefined> {
  type Option = 'html' | 'md' | 'store';
  const items: (Choice<Option> & { picked?: boolean })[] = [
    { label: vscode.l10n.t('Save as HTML in documents/'), description: vscode.l10n.t('prints on A4, opens anywhere'), value: 'html', picked: true },
    { label: vscode.l10n.t('Save as Markdown in documents/'), value: 'md' },
  ];
  if (offerStore) items.push({ label: vscode.l10n.t('Keep a numbered copy in the desk'), description: vscode.l10n.t('it never changes afterwards'), value: 'store' });
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Keep the document? (Escape: only the preview)'), ignoreFocusOut: true });
  if (!chosen) return undefined;
  const values = chosen.map((c) => c.value);
  return { save: values.filter((v): v is SaveFormat => v !== 'store'), store: values.includes('store') };
}

/** A period for the complaint analysis: the usual ones, or two dates of one's own. */
export async function askPeriod(): Promise<{ from: string; to: string } | undefined> {
  const day = (date: Date): string => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  const now = new Date();
  const y = now.getFullYear();
  const m = now.getMonth();
  const q = Math.floor(m / 3) * 3;
  const items: Choice<{ from: string; to: string } | undefined>[] = [
    { label: vscode.l10n.t('This month'), value: { from: day(new Date(y, m, 1)), to: day(now) } },
    { label: vscode.l10n.t('Last month'), value: { from: day(new Date(y, m - 1, 1)), to: day(new Date(y, m, 0)) } },
    { label: vscode.l10n.t('This quarter'), value: { from: day(new Date(y, q, 1)), to: day(now) } },
    { label: vscode.l10n.t('Last quarter'), value: { from: day(new Date(y, q - 3, 1)), to: day(new Date(y, q, 0)) } },
    { label: vscode.l10n.t('This year'), value: { from: day(new Date(y, 0, 1)), to: day(now) } },
    { label: vscode.l10n.t('Other dates…'), value: undefined },
  ];
  for (const item of items) if (item.value) item.description = `${item.value.from} … ${item.value.to}`;
  const chosen = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Which period?'), ignoreFocusOut: true });
  if (!chosen) return undefined;
  if (chosen.value) return chosen.value;
  const validate = (text: string): string | undefined => (isDay(text) ? undefined : vscode.l10n.t('Write the date as YYYY-MM-DD'));
  const from = await ask(vscode.l10n.t('First day (YYYY-MM-DD)'), { value: day(new Date(y, m, 1)), validate });
  if (from === undefined) return undefined;
  const to = await ask(vscode.l10n.t('Last day (YYYY-MM-DD)'), { value: day(now), validate: (text) => validate(text) ?? (text < from ? vscode.l10n.t('The last day comes before the first') : undefined) });
  return to === undefined ? undefined : { from, to };
}

export const isDay = (text: string): boolean => /^\d{4}-\d\d-\d\d$/.test(text) && !Number.isNaN(Date.parse(text));
