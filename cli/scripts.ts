// Reading scripts from inputs: bytes → text, as every subcommand needs it.

import * as l10n from '@vscode/l10n';
import { decodeUtf8, type DecodedText } from '../shared/core/utf8';
import { UsageError, type CliContext } from './context';
import { expandInputs, readInput, type Input } from './files';

export interface LoadedScript {
  input: Input;
  bytes: Uint8Array;
  decoded: DecodedText;
}

/**
 * Expands the arguments and reads every script before any output, so that an unreadable path stops the
 * command with one clear line (exit 2) instead of half a report.
 */
export function loadScripts(ctx: CliContext, args: readonly string[]): LoadedScript[] | UsageError {
  if (args.length === 0) return new UsageError(l10n.t('no scripts given: name files, directories, or - for standard input'));
  const expanded = expandInputs(args, ctx.cwd);
  if ('error' in expanded) return new UsageError(expanded.error);
  const loaded: LoadedScript[] = [];
  for (const input of expanded.inputs) {
    let bytes: Uint8Array;
    try {
      bytes = readInput(input);
    } catch (error) {
      return new UsageError(l10n.t('{0}: cannot read: {1}', input.display, (error as NodeJS.ErrnoException).code ?? String(error)));
    }
    loaded.push({ input, bytes, decoded: decodeUtf8(bytes) });
  }
  return loaded;
}
