// Custom messages between the extension and the language server, beyond LSP. Each says who sends it to whom.

import { NotificationType } from 'vscode-languageserver-protocol';

/**
 * Client → server: something the lenses depend on changed (Workspace Trust was granted, a setting); the server
 * asks the client to fetch the lenses again (`workspace/codeLens/refresh`).
 */
export namespace RefreshLensesNotification {
  export const method = 'repro/refreshLenses';
  export const type = new NotificationType<void>(method);
}
