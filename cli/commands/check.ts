// `repro check`: the diagnostics of scripts, as text (one a line) or JSON (spec §7).

import { validateText } from '../../shared/core/check';
import { hasOption, optionValue } from '../args';
import { EXIT, type Subcommand } from '../context';
import { pretty, textLine, toJson, type FileDiagnostics } from '../render';
import { loadScripts } from '../scripts';

export const checkCommand: Subcommand = {
  name: 'check',
  usage: 'repro check FILE|DIR… [--format text|json] [--strict]',
  summary: 'reports the problems of repro scripts',
  details: 'A directory means every *.repro file under it; - reads a script from standard input. On a terminal, the text format also shows each source line with a caret under the problem.',
  exitStatus: '0: no errors (and no warnings, with --strict); 1: otherwise; 2: a usage error or an unreadable file',
  options: [
    { name: '--format', value: 'text|json', choices: ['text', 'json'], summary: 'the output format (default: text)' },
    { name: '--strict', summary: 'warnings fail the check too' },
  ],
  run(ctx, args) {
    const loaded = loadScripts(ctx, args.positionals);
    if (!Array.isArray(loaded)) return loaded;
    const results: FileDiagnostics[] = loaded.map(({ input, decoded }) => ({
      file: input.display,
      text: decoded.text,
      diagnostics: validateText(decoded.text, { invalidUtf8: decoded.invalid }),
    }));
    if (optionValue(args, '--format') === 'json') ctx.stdout(JSON.stringify(toJson(results), null, 2) + '\n');
    else if (ctx.stdoutIsTTY) ctx.stdout(pretty(results, { color: ctx.color }));
    else ctx.stdout(results.flatMap((r) => r.diagnostics.map((d) => textLine(r.file, d) + '\n')).join(''));
    const strict = hasOption(args, '--strict');
    const failed = results.some((r) => r.diagnostics.some((d) => d.severity === 'error' || (strict && d.severity === 'warning')));
    return failed ? EXIT.failed : EXIT.ok;
  },
};
