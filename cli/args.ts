// Command-line options, read from a table. Mistakes are values (a one-line message), never exceptions.

import * as l10n from '@vscode/l10n';
import { nearest } from '../shared/core/suggest';

export interface OptionSpec {
  name: string;
  /** Placeholder of the value (`N`, `FILE`); absent for a switch. */
  value?: string;
  /** The closed set of values, when there is one. */
  choices?: readonly string[];
  repeatable?: boolean;
  summary: string;
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  positionals: string[];
}

export type ParseResult = { ok: true; args: ParsedArgs } | { ok: false; error: string };

/** Options every subcommand takes. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
  { name: '--lang', value: 'en|ru', choices: ['en', 'ru'], summary: 'the language of messages (default: from LANG)' },
  { name: '--help', summary: 'shows this help' },
];

/**
 * Reads `--name VALUE`, `--name=VALUE` and switches; `--` ends the options; `-` is a positional (standard
 * input). A value that starts with `-` is taken as given (`--expect -x` is an invalid choice, not a flag).
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParseResult {
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  const fail = (error: string): ParseResult => ({ ok: false, error });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      const guess = nearest(name, specs.map((s) => s.name));
      return fail(guess ? l10n.t('unknown option {0}; did you mean {1}?', name, guess) : l10n.t('unknown option {0}', name));
    }
    let value: string | undefined;
    if (spec.value === undefined) {
      if (eq > 0) return fail(l10n.t('option {0} takes no value', name));
      value = '';
    } else if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else return fail(l10n.t('option {0} needs a value: {1}', name, spec.value));
    if (spec.choices && !spec.choices.includes(value)) {
      return fail(l10n.t('option {0} takes {1}, not {2}', name, spec.choices.join(' | '), JSON.stringify(value)));
    }
    const values = options.get(name) ?? [];
    if (values.length > 0 && !spec.repeatable) return fail(l10n.t('option {0} is given twice', name));
    values.push(value);
    options.set(name, values);
  }
  return { ok: true, args: { options, positionals } };
}

/** The single value of an option, or undefined. */
export function optionValue(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

export function hasOption(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}
