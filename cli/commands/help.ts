// `repro help [TOPIC]`: the CLI's commands, the script language, a language command, or a diagnostic code —
// all generated from the tables the program itself runs on.

import * as l10n from '@vscode/l10n';
import { codeReference, commandReference, languageReference, type ReferenceRow, type ReferenceSection } from '../../shared/core/reference';
import { DIAGNOSTICS } from '../../shared/core/diagnostics';
import { nearest } from '../../shared/core/suggest';
import { COMMON_OPTIONS, type OptionSpec } from '../args';
import { EXIT, UsageError, type Subcommand } from '../context';

/** Rows as two columns; terms longer than the column get their text on the next line. */
export function columns(rows: readonly ReferenceRow[], indent = '  '): string {
  const width = Math.min(36, Math.max(...rows.map((r) => r.term.length)));
  return rows
    .map((r) => (r.term.length > width ? `${indent}${r.term}\n${indent}${' '.repeat(width + 2)}${r.text}` : `${indent}${r.term.padEnd(width)}  ${r.text}`))
    .join('\n');
}

function sections(list: readonly ReferenceSection[]): string {
  return list.map((s) => `${s.title}:\n${columns(s.rows)}`).join('\n\n') + '\n';
}

function optionRows(options: readonly OptionSpec[]): ReferenceRow[] {
  return options.map((o) => ({ term: o.value ? `${o.name} ${o.value}` : o.name, text: l10n.t(o.summary) }));
}

export function programHelp(subcommands: readonly Subcommand[]): string {
  return [
    l10n.t('repro: reproduce users\' errors with deterministic scripts (Repro Desk)'),
    '',
    l10n.t('Usage: repro COMMAND [OPTION]… [FILE]…'),
    '',
    l10n.t('Commands:'),
    columns(subcommands.map((s) => ({ term: s.name, text: l10n.t(s.summary) }))),
    '',
    l10n.t('Options:'),
    columns([...optionRows(COMMON_OPTIONS), { term: '--version', text: l10n.t('prints the version') }]),
    '',
    l10n.t('Run repro help COMMAND for a command, repro help language for the script language, repro help RS001 for a diagnostic code.'),
    '',
  ].join('\n');
}

export function subcommandHelp(s: Subcommand): string {
  return [
    l10n.t('Usage: {0}', s.usage),
    '',
    l10n.t(s.summary) + '. ' + l10n.t(s.details),
    '',
    ...(s.actions ? [l10n.t('Actions:'), columns(s.actions.map((a) => ({ term: a.usage, text: l10n.t(a.summary) }))), ''] : []),
    l10n.t('Options:'),
    columns(optionRows([...s.options, ...COMMON_OPTIONS])),
    '',
    l10n.t('Exit status: {0}', l10n.t(s.exitStatus)),
    '',
  ].join('\n');
}

export function helpCommand(subcommands: () => readonly Subcommand[]): Subcommand {
  return {
    name: 'help',
    usage: 'repro help [COMMAND | language [NAME] | CODE]',
    summary: 'shows help on a command, the script language or a diagnostic code',
    details: 'repro help language lists every directive, command, subject, matcher and condition of repro scripts; repro help language NAME shows one of them.',
    exitStatus: '0: help shown; 2: no such topic',
    options: [],
    run(ctx, args) {
      const [topic, name] = args.positionals;
      const subcommand = subcommands().find((s) => s.name === topic);
      if (topic === undefined) ctx.stdout(programHelp(subcommands()));
      else if (subcommand) ctx.stdout(subcommandHelp(subcommand));
      else if (topic === 'language' && name === undefined) ctx.stdout(sections(languageReference()));
      else {
        const command = commandReference(topic === 'language' ? name : topic);
        const code = codeReference(topic);
        if (command) ctx.stdout(sections([command]));
        else if (code) ctx.stdout(columns([code], '') + '\n');
        else if (/^rs\d+$/i.test(topic)) {
          // A code that is not in the table: name the nearest one (RS0013 → RS013), in one line.
          const near = nearest(topic.toUpperCase(), Object.keys(DIAGNOSTICS)) ?? 'RS001';
          return new UsageError(l10n.t('no diagnostic code {0}: did you mean {1}?', JSON.stringify(topic), near));
        } else return new UsageError(l10n.t('no help on {0}: try repro help language', JSON.stringify(topic === 'language' ? name : topic)));
      }
      return EXIT.ok;
    },
  };
}
