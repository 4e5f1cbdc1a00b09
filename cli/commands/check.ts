// `repro check`: the diagnostics of scripts, as text (one a line) or JSON (spec §7). RS105 (a ticket key the
// desk does not know) comes from the configured desk (--db, REPRO_DESK_DB, else the per-user desk when there
// is one), opened read-only and only when a script has a `ticket` line; without a desk there is no RS105.

import { validateText } from '../../shared/core/check';
import { hasOption, optionValue } from '../args';
import { EXIT, UsageError, type CliContext, type Subcommand } from '../context';
import { DB_OPTION, deskPath, openDesk } from '../desk';
import type { ParsedArgs } from '../args';
import { pretty, textLine, toJson, type FileDiagnostics } from '../render';
import { loadScripts } from '../scripts';
import { existsSync } from 'node:fs';

const TICKET_LINE = /^[ \t]*ticket[ \t]/m;

/**
 * What RS105 asks the desk: nothing (no RS105) when no script names a ticket, or when the desk of the
 * environment (REPRO_DESK_DB, else the per-user one) does not exist: a CI job checks scripts with no desk at
 * all. A desk given with --db must be there (a usage error otherwise).
 */
async function ticketLookup(ctx: CliContext, args: ParsedArgs, texts: readonly string[]): Promise<{ lookup?: (key: string) => boolean; close(): void } | UsageError> {
  const none = { close: () => undefined };
  if (!texts.some((t) => TICKET_LINE.test(t))) return none;
  if (optionValue(args, '--db') === undefined && !existsSync(deskPath(ctx, args))) return none;
  const desk = await openDesk(ctx, args, { create: 'never', readOnly: true });
  if (desk instanceof UsageError) return desk;
  const { ticketExists } = await import('../../shared/desk/queries');
  return { lookup: (key) => ticketExists(desk, key.toUpperCase()), close: () => desk.close() };
}

export const checkCommand: Subcommand = {
  name: 'check',
  usage: 'repro check FILE|DIR… [--format text|json] [--strict] [--db PATH]',
  summary: 'reports the problems of repro scripts',
  details:
    'A directory means every *.repro file under it; - reads a script from standard input. On a terminal, the text format also shows each source line with a caret under the problem. Ticket keys are looked up in the desk (RS105), when there is one.',
  exitStatus: '0: no errors (and no warnings, with --strict); 1: otherwise; 2: a usage error or an unreadable file',
  options: [
    { name: '--format', value: 'text|json', choices: ['text', 'json'], summary: 'the output format (default: text)' },
    { name: '--strict', summary: 'warnings fail the check too' },
    DB_OPTION,
  ],
  async run(ctx, args) {
    const loaded = loadScripts(ctx, args.positionals);
    if (!Array.isArray(loaded)) return loaded;
    const tickets = await ticketLookup(ctx, args, loaded.map((l) => l.decoded.text));
    if (tickets instanceof UsageError) return tickets;
    let results: FileDiagnostics[];
    try {
      results = loaded.map(({ input, decoded }) => ({
        file: input.display,
        text: decoded.text,
        diagnostics: validateText(decoded.text, { invalidUtf8: decoded.invalid, lookupTicket: tickets.lookup }),
      }));
    } finally {
      tickets.close();
    }
    if (optionValue(args, '--format') === 'json') ctx.stdout(JSON.stringify(toJson(results), null, 2) + '\n');
    else if (ctx.stdoutIsTTY) ctx.stdout(pretty(results, { color: ctx.color }));
    else ctx.stdout(results.flatMap((r) => r.diagnostics.map((d) => textLine(r.file, d) + '\n')).join(''));
    const strict = hasOption(args, '--strict');
    const failed = results.some((r) => r.diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning')));
    return failed ? EXIT.failed : EXIT.ok;
  },
};
