// Helpers for the specs that run inside the extension host: the extension's API, the workspace's files, and
// waiting for what the editor reports (events, never fixed sleeps).

import * as vscode from 'vscode';
import type { ReproApi } from '../../client/src/extension';

export const EXTENSION_ID = 'repro-desk.repro-desk';

/** Figures measured in the host, written to the results file (index.ts). */
export const figures: Record<string, number> = {};

export async function activateExtension(): Promise<ReproApi> {
  const extension = vscode.extensions.getExtension<ReproApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function openScript(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Resolves with a document's diagnostics once they satisfy `ready` (now or at a later change). */
export function diagnosticsWhen(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (ready(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!ready(diagnostics)) return;
      subscription.dispose();
      resolve(diagnostics);
    });
  });
}

/**
 * The code lenses of a document once they are `ready`. After a settings change the server clears what it
 * knew and republishes the document's diagnostics; its lenses are asked for again after each publication.
 */
export async function codeLensesWhen(uri: vscode.Uri, ready: (lenses: vscode.CodeLens[]) => boolean): Promise<vscode.CodeLens[]> {
  for (;;) {
    let published!: () => void;
    const next = new Promise<void>((resolve) => (published = resolve));
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => event.uris.some((u) => u.toString() === uri.toString()) && published());
    try {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      if (ready(lenses)) return lenses;
      await next;
    } finally {
      subscription.dispose();
    }
  }
}

/** `[code, line, column]` of each diagnostic, 1-based, as `repro check` prints them. */
export function positions(diagnostics: readonly { code?: unknown; range: { start: { line: number; character: number } } }[]): string[] {
  return diagnostics.map((d) => {
    const code = typeof d.code === 'object' && d.code !== null ? (d.code as { value: unknown }).value : d.code;
    return `${String(code)} ${d.range.start.line + 1}:${d.range.start.character + 1}`;
  });
}
