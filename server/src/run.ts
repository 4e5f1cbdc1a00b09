// `workspace/executeCommand` for clients other than VS Code: the Run lenses run the script through the same
// runner as `repro run`, and the outcome comes back as the command's result and as a message.

import * as l10n from '@vscode/l10n';
import { MessageType, type Connection } from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { RUN_COMMANDS } from '../../shared/core/features/lenses';
import { rateText } from '../../shared/runner/rateText';
import type { Settings } from '../../shared/settings';

export async function runForClient(connection: Connection, uri: string, text: string, command: string, value: number | undefined, settings: Settings): Promise<unknown> {
  const { prepareScript } = await import('../../shared/runner/prepare');
  const { runScript } = await import('../../shared/runner/repeat');
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  const prepared = prepareScript(file, Buffer.from(text), { defaultTimeoutMs: settings.run.timeout * 1000 });
  const repeat = command === RUN_COMMANDS.repeat ? value ?? settings.run.repeat : 1;
  const untilLine = command === RUN_COMMANDS.toStep ? value : undefined;
  const { result } = await runScript(prepared, { repeat, jobs: settings.run.jobs || undefined, path: process.env.PATH, untilLine });
  const counts = rateText(l10n.t, result);
  const rate = counts ? ` (${counts})` : '';
  void connection.sendNotification('window/showMessage', { type: result.outcome === 'inconclusive' || result.outcome === 'error' ? MessageType.Warning : MessageType.Info, message: `${result.outcome}${rate}: ${result.reason}` });
  return result;
}
