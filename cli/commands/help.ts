// `repro help [TOPIC]`: the CLI's commands, the script language, a language command, or a diagnostic code —
// all generated from the tables the program itself runs on.

import * as l10n from '@vscode/l10n';
import { commandReference, languageReference, type ReferenceRow, type ReferenceSection } from '../../shared/core/reference';
import { DIAGNOSTICS, type DiagnosticCode } from '../../shared/core/diagnostics';
import { EXPLANATIONS } from '../../shared/core/explanations';
import { nearest } from '../../shared/core/suggest';
import { COMMON_OPTIONS, type OptionSpec } from '../args';
import { chooseVerb, EXIT, UsageError, type Subcommand } from '../context';

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

/** The width explanations are wrapped to: a terminal's 100 columns, as the rest of the help keeps to. */
const WIDTH = 100;

function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, indent + line].join('\n');
}

/** `repro help RS013`, as `rustc --explain` does it: the code, then what, why, how to fix, before and after. */
export function codeExplanation(code: DiagnosticCode): string {
  const entry = DIAGNOSTICS[code];
  const e = EXPLANATIONS[code];
  const script = (text: string): string => text.replace(/\n$/, '').split('\n').map((l) => (l ? `    ${l}` : '')).join('\n');
  return [
    `${code} (${entry.severity}): ${l10n.t(entry.summary)}`,
    '',
    l10n.t('What it is'),
    wrap(l10n.t(e.what), '  '),
    '',
    l10n.t('Why it matters'),
    wrap(l10n.t(e.why), '  '),
    '',
    l10n.t('How to fix it'),
    wrap(l10n.t(e.fix), '  '),
    '',
    e.knownTickets ? l10n.t('Before (the desk knows {0}):', e.knownTickets.join(', ')) : l10n.t('Before:'),
    script(e.before),
    '',
    l10n.t('After:'),
    script(e.after),
    '',
  ].join('\n');
}

export function helpCommand(subcommands: () => readonly Subcommand[]): Subcommand {
  return {
    name: 'help',
    usage: 'repro help [COMMAND [ACTION] | language [NAME] | CODE]',
    summary: 'shows help on a command, the script language or a diagnostic code',
    details: 'repro help ticket create shows one action of a command; repro help language lists every directive, command, subject, matcher and condition of repro scripts, repro help language NAME shows one of them; repro help RS013 explains a diagnostic code with an example before and after the fix.',
    exitStatus: '0: help shown; 2: no such topic',
    options: [],
    run(ctx, args) {
      const [topic, name] = args.positionals;
      const subcommand = subcommands().find((s) => s.name === topic);
      if (topic === undefined) ctx.stdout(programHelp(subcommands()));
      else if (subcommand) {
        // `repro help ticket create` is `repro ticket create --help`; a command of verbs picks one the same way.
        const chosen = chooseVerb(subcommand, name === undefined ? [] : [name]);
        if (chosen instanceof UsageError) return chosen;
        ctx.stdout(chosen.subcommand.help?.() ?? subcommandHelp(chosen.subcommand));
      }
      else if (topic === 'language' && name === undefined) ctx.stdout(sections(languageReference()));
      else {
        const command = commandReference(topic === 'language' ? name : topic);
        if (command) ctx.stdout(sections([command]));
        else if (topic.toUpperCase() in DIAGNOSTICS) ctx.stdout(codeExplanation(topic.toUpperCase() as DiagnosticCode));
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
