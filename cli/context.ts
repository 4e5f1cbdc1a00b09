// What a subcommand receives from the process, injected so that tests can run subcommands in-process too.

import * as l10n from '@vscode/l10n';
import type { OptionSpec, ParsedArgs } from './args';
import { nearest } from '../shared/core/suggest';

export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  /** Standard output is a terminal: show source excerpts and colors. */
  stdoutIsTTY: boolean;
  color: boolean;
  /** Aborted on Ctrl-C: long work stops, cleans up, and returns. */
  signal: AbortSignal;
}

/** Exit statuses (spec §7); with several scripts the highest-priority one wins: 2, then 3, then 1, then 0. */
export const EXIT = { ok: 0, failed: 1, usage: 2, inconclusive: 3, internal: 70, cancelled: 130 } as const;

/** A mistake in how the command was called: shown as one line on stderr, exit status 2. */
export class UsageError {
  constructor(readonly message: string) {}
}

export interface Subcommand {
  name: string;
  /** The synopsis, e.g. `repro check FILE|DIR… [--format text|json] [--strict]`. */
  usage: string;
  summary: string;
  /** One paragraph on what it does, shown by `repro help NAME`. */
  details: string;
  /** What each exit status means for this command. */
  exitStatus: string;
  options: readonly OptionSpec[];
  /** A command with actions (`repro desk export`): each one's synopsis and summary, for the help. */
  actions?: readonly { usage: string; summary: string }[];
  /**
   * A command made of verbs (`repro ticket create`): the word after the command picks one, which `main` then
   * parses, helps with and runs as if it were the command. The verbs' names are the words (`create`).
   */
  verbs?: readonly Subcommand[];
  /** Its own `--help` text, when the generic one (usage, summary, details, options) does not fit. */
  help?(): string;
  run(ctx: CliContext, args: ParsedArgs): number | UsageError | Promise<number | UsageError>;
}

/** The verb a command of verbs is given (`repro ticket create …`), or the command itself when none is named. */
export function chooseVerb(command: Subcommand, rest: readonly string[]): { subcommand: Subcommand; operands: readonly string[] } | UsageError {
  const [word, ...operands] = rest;
  if (!command.verbs || word === undefined || word.startsWith('-')) return { subcommand: command, operands: rest };
  const verb = command.verbs.find((v) => v.name === word);
  if (verb) return { subcommand: verb, operands };
  const names = command.verbs.map((v) => v.name);
  const guess = nearest(word, names);
  return new UsageError(guess ? l10n.t('unknown action {0}; did you mean {1}?', word, guess) : l10n.t('unknown action {0}; the actions are {1}', word, names.join(', ')));
}
