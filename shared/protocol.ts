// Custom messages between the extension and the language server, beyond LSP. Each says who sends it to whom.

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/**
 * Client → server: something the lenses depend on changed (Workspace Trust was granted, a setting); the server
 * asks the client to fetch the lenses again (`workspace/codeLens/refresh`).
 */
export namespace RefreshLensesNotification {
  export const method = 'repro/refreshLenses';
  export const type = new NotificationType<void>(method);
}

/**
 * Server → client: the password of the team desk at `location` (its URL as shown, without a password), when
 * libpq's places (PGPASSWORD, ~/.pgpass) had none the server accepted. VS Code answers with the one the user
 * gave it (SecretStorage), or none. Only asked of a client that says `deskPasswords` in its initialization
 * options. Invariant: neither end logs the answer (the extension's log hides it even in a verbose trace).
 */
export namespace DeskPasswordRequest {
  export const method = 'repro/deskPassword';
  export const type = new RequestType<{ location: string }, { password?: string }, void>(method);
}

/**
 * Client → server: the client opened the team desk with a password of its own (the user typed it): a server
 * that could not open the desk tries again, and asks for the password.
 */
export namespace DeskUnlockedNotification {
  export const method = 'repro/deskUnlocked';
  export const type = new NotificationType<void>(method);
}
