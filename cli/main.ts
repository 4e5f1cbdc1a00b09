// The `repro` command line: a thin adapter that reads argv, calls the core, prints, and maps results to exit
// statuses. Subcommands live in one table; `--help` is generated from it.

import * as l10n from '@vscode/l10n';
import { COMMON_OPTIONS, hasOption, parseArgs } from './args';
import { checkCommand } from './commands/check';
import { deskCommand } from './commands/desk';
import { actCommand, analysisCommand, reportCommand } from './commands/documents';
import { fmtCommand } from './commands/fmt';
import { helpCommand, programHelp, subcommandHelp } from './commands/help';
import { DESK_COMMANDS } from './commands/operations';
import { runCommand } from './commands/run';
import { trackerCommand } from './commands/tracker';
import { chooseVerb, EXIT, UsageError, type CliContext, type Subcommand } from './context';
import { languageFromEnv, LANGUAGES, useLanguage, type Language } from '../shared/locale';
import { nearest } from '../shared/core/suggest';

declare const REPRO_VERSION: string;

export const SUBCOMMANDS: readonly Subcommand[] = [
  runCommand,
  checkCommand,
  fmtCommand,
  ...DESK_COMMANDS,
  reportCommand,
  actCommand,
  analysisCommand,
  deskCommand,
  trackerCommand,
  helpCommand(() => SUBCOMMANDS),
];

/** `--lang` anywhere on the line wins over the environment, so that even a usage error is in that language. */
function chooseLanguage(argv: readonly string[], env: NodeJS.ProcessEnv): Language {
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i] === '--lang' ? argv[i + 1] : argv[i].startsWith('--lang=') ? argv[i].slice(7) : undefined;
    if (value !== undefined && (LANGUAGES as readonly string[]).includes(value)) return value as Language;
  }
  return languageFromEnv(env);
}

export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  useLanguage(chooseLanguage(argv, ctx.env));
  // `--lang` may also come before the command (`repro --lang ru check …`); it is applied now.
  if (argv[0] === '--lang') argv = argv.slice(2);
  else if (argv[0]?.startsWith('--lang=')) argv = argv.slice(1);
  const result = await dispatch(argv, ctx);
  if (result instanceof UsageError) {
    const command = SUBCOMMANDS.find((s) => s.name === argv[0]);
    const verb = command?.verbs?.find((v) => v.name === argv[1]);
    const name = command ? `repro ${command.name}${verb ? ` ${verb.name}` : ''}` : 'repro';
    ctx.stderr(`${name}: ${result.message}\n`);
    return EXIT.usage;
  }
  return result;
}

async function dispatch(argv: readonly string[], ctx: CliContext): Promise<number | UsageError> {
  const [first, ...rest] = argv;
  if (first === undefined) return new UsageError(l10n.t('no command given; see repro --help'));
  if (first === '--version' || first === '-V') {
    ctx.stdout(`repro ${REPRO_VERSION}\n`);
    return EXIT.ok;
  }
  if (first === '--help' || first === '-h') {
    ctx.stdout(programHelp(SUBCOMMANDS));
    return EXIT.ok;
  }
  const command = SUBCOMMANDS.find((s) => s.name === first);
  if (!command) {
    const guess = nearest(first, SUBCOMMANDS.map((s) => s.name));
    return new UsageError(guess ? l10n.t('unknown command {0}; did you mean {1}?', first, guess) : l10n.t('unknown command {0}; see repro --help', first));
  }
  const chosen = chooseVerb(command, rest);
  if (chosen instanceof UsageError) return chosen;
  const { subcommand, operands } = chosen;
  const parsed = parseArgs(operands, [...subcommand.options, ...COMMON_OPTIONS]);
  if (!parsed.ok) return new UsageError(parsed.error);
  if (hasOption(parsed.args, '--help')) {
    ctx.stdout(subcommand.help?.() ?? subcommandHelp(subcommand));
    return EXIT.ok;
  }
  return subcommand.run(ctx, parsed.args);
}

async function runFromProcess(): Promise<void> {
  // What the command says on stderr is its own one line: a notice Node prints for a library in a worker thread
  // (node-postgres's about sslmode, in the team desk's connection thread) would make it several. Workers read
  // this when they start; the main thread's own warnings are not affected.
  process.env.NODE_NO_WARNINGS ??= '1';
  // A closed pipe (`repro check … | head`) ends the output quietly, as other Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  // Ctrl-C: the running command ends its programs and removes its folders, then the process exits (130).
  const cancel = new AbortController();
  process.once('SIGINT', () => cancel.abort());
  process.once('SIGTERM', () => cancel.abort());
  const ctx: CliContext = {
    signal: cancel.signal,
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    color: process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb',
  };
  try {
    process.exitCode = await main(process.argv.slice(2), ctx);
    if (cancel.signal.aborted) process.exitCode = EXIT.cancelled;
  } catch (error) {
    // A bug, not a user's mistake: one line, the sysexits status for internal software errors.
    process.stderr.write(`repro: internal error: ${(error as Error)?.message ?? String(error)}; please report it\n`);
    process.exitCode = EXIT.internal;
  }
}

if (require.main === module) void runFromProcess();
