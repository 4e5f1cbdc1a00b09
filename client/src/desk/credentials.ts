// The team desk's password in VS Code. libpq's places come first (a pg_service.conf service, PGPASSWORD,
// ~/.pgpass: engines/postgres/connectionConfig.ts); when the server refuses, the password this window kept in
// SecretStorage is tried, and then the user is asked (an input box that hides what is typed). A password the
// server accepted is kept in SecretStorage, keyed by the desk's URL without a password; one it refused is
// forgotten and asked again.
// Invariants: a password is never written to the settings, the log (see redact.ts) or an error message; a
// dismissed prompt is not shown again by itself (every view re-reads the desk), only when the user asks for it
// (Refresh, the views' message) or forgets the password.

import * as vscode from 'vscode';
import type { DeskStore } from '../../../shared/desk/store';

type Problems = typeof import('../../../shared/desk/engines/postgres/problems');

function problems(): Problems {
  // Loaded with the team desk, not at activation.
  return require('../../../shared/desk/engines/postgres/problems') as Problems;
}

/** The team desk needs a password and the user dismissed the prompt; Refresh asks again. */
export class DeskPasswordNeeded extends Error {}

/** How a desk is opened with a password (undefined: libpq's own places). */
export type OpenWith = (password: string | undefined) => Promise<DeskStore>;

export class DeskPasswords {
  /** Every password this window holds now: the log hides each (redact.ts). */
  readonly known = new Set<string>();
  /** Desks (by displayed URL) whose prompt the user dismissed: not asked again until `allowPrompt`. */
  private readonly declined = new Set<string>();

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /**
   * Opens the team desk at `url`: libpq's places, then the kept password, then the user's answer. Resolves
   * with the desk and the password it was opened with when it came from here (the language server asks for it).
   */
  async open(url: string, open: OpenWith): Promise<{ desk: DeskStore; password?: string }> {
    const { displayUrl, urlHasPassword, passwordRefused } = problems();
    const where = displayUrl(url);
    const attempt = async (password: string | undefined): Promise<DeskStore | undefined> => {
      try {
        return await open(password);
      } catch (error) {
        if (!passwordRefused(error)) throw error;
        return undefined;
      }
    };
    // A URL that holds a password is used as it is: node-postgres prefers it to any other.
    if (urlHasPassword(url)) return { desk: await open(undefined) };
    const own = await attempt(undefined);
    if (own) return { desk: own };
    const key = secretKey(where);
    const kept = await this.secrets.get(key);
    if (kept !== undefined) {
      this.known.add(kept);
      const desk = await attempt(kept);
      if (desk) return { desk, password: kept };
      // Refused: the password changed on the server. It is forgotten, and asked for.
      await this.secrets.delete(key);
    }
    for (let refused = kept !== undefined; ; refused = true) {
      const typed = await this.ask(url, refused);
      if (typed === undefined) {
        this.declined.add(where);
        throw new DeskPasswordNeeded(vscode.l10n.t('the team desk at {0} needs the password of {1}; choose Refresh to enter it', where, problems().loginOf(url)));
      }
      this.known.add(typed);
      const desk = await attempt(typed);
      if (desk) {
        await this.secrets.store(key, typed);
        return { desk, password: typed };
      }
    }
  }

  /** The user asked for the desk again (Refresh): a dismissed prompt may be shown again. */
  allowPrompt(): void {
    this.declined.clear();
  }

  /** Forgets the password kept for the desk at `url` (the next open asks again). Says whether one was kept. */
  async forget(url: string): Promise<boolean> {
    const key = secretKey(problems().displayUrl(url));
    const kept = await this.secrets.get(key);
    await this.secrets.delete(key);
    this.declined.clear();
    return kept !== undefined;
  }

  private async ask(url: string, refused: boolean): Promise<string | undefined> {
    const { displayUrl, loginOf } = problems();
    const where = displayUrl(url);
    if (this.declined.has(where)) return undefined;
    const login = loginOf(url);
    const prompt = refused
      ? vscode.l10n.t('The team desk at {0} refused that password. Password of {1}:', where, login)
      : vscode.l10n.t('Password of {0} for the team desk at {1}:', login, where);
    return vscode.window.showInputBox({ prompt, password: true, ignoreFocusOut: true, title: vscode.l10n.t('Team desk password') });
  }
}

/** SecretStorage's key of a desk's password: the URL as shown, which never holds one. */
function secretKey(where: string): string {
  return `repro.desk.password:${where}`;
}
