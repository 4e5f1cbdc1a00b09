// What the desk's verbs (`repro ticket create`, `repro ticket show`) share: the --json option and their help,
// which lists the operands before the options.

import * as l10n from '@vscode/l10n';
import type { ReferenceRow } from '../shared/core/reference';
import { COMMON_OPTIONS, type OptionSpec } from './args';
import type { Subcommand } from './context';
import { columns } from './commands/help';

export const JSON_OPTION: OptionSpec = { name: '--json', summary: 'prints the result as JSON' };

/** `repro NOUN VERB --help`: usage, summary, operands (when it has some), options, exit status. */
export function verbHelp(verb: Subcommand, operands: readonly ReferenceRow[] = []): string {
  const options = [...verb.options, ...COMMON_OPTIONS].map((o) => ({ term: o.value ? `${o.name} ${o.value}` : o.name, text: l10n.t(o.summary) }));
  return [
    l10n.t('Usage: {0}', verb.usage),
    '',
    l10n.t(verb.summary) + '.',
    '',
    ...(operands.length ? [l10n.t('Operands:'), columns(operands), ''] : []),
    l10n.t('Options:'),
    columns(options),
    '',
    l10n.t('Exit status: {0}', l10n.t(verb.exitStatus)),
    '',
  ].join('\n');
}
