// The language reference, generated from the tables, so that `repro help`, the docs and hovers never
// disagree with what the parser accepts.

import * as l10n from '@vscode/l10n';
import { COMMANDS, COMMAND_BY_NAME, type CommandSpec } from './commands';
import { CONDITIONS } from './conditions';
import { DIAGNOSTICS, type DiagnosticCode } from './diagnostics';
import { SUBJECTS, TEXT_MATCHERS } from './subjects';

export interface ReferenceRow {
  term: string;
  text: string;
}

export interface ReferenceSection {
  title: string;
  rows: ReferenceRow[];
}

function commandRows(placements: readonly CommandSpec['placement'][]): ReferenceRow[] {
  return COMMANDS.filter((c) => placements.includes(c.placement)).map((c) => ({ term: c.usage, text: l10n.t(c.summary) }));
}

export function languageReference(): ReferenceSection[] {
  return [
    { title: l10n.t('Directives (in the header, before the first command; env and mask also later)'), rows: commandRows(['header', 'anywhere']) },
    { title: l10n.t('Commands'), rows: commandRows(['body']) },
    {
      title: l10n.t('Subjects (expect SUBJECT MATCHER, bug SUBJECT MATCHER)'),
      rows: SUBJECTS.map((s) => {
        // Text subjects share the text matchers (listed below); only what they add is named here.
        const own = s.matchers.filter((m) => !s.text || !TEXT_MATCHERS.includes(m)).map((m) => m.usage);
        const matchers = s.text ? [l10n.t('text matchers'), ...own] : own;
        return { term: s.argument ? `${s.name} ${s.argument}` : s.name, text: l10n.t(s.summary) + '; ' + l10n.t('matchers: {0}', matchers.join(', ')) };
      }),
    },
    { title: l10n.t('Text matchers (stdout, stderr, output, body, header NAME, file PATH)'), rows: TEXT_MATCHERS.map((m) => ({ term: m.usage, text: l10n.t(m.summary) })) },
    {
      title: l10n.t('Conditions ([COND] before a command; [!COND] negates it)'),
      rows: CONDITIONS.map((c) => ({ term: c.argument ? `${c.name}:${c.argument}` : c.name, text: l10n.t(c.summary) })),
    },
    {
      title: l10n.t('Diagnostic codes'),
      rows: (Object.keys(DIAGNOSTICS) as DiagnosticCode[]).map((code) => ({ term: code, text: `${DIAGNOSTICS[code].severity}: ${l10n.t(DIAGNOSTICS[code].summary)}` })),
    },
  ];
}

/** One command or directive in detail: its form, what it does, its flags and an example. */
export function commandReference(name: string): ReferenceSection | undefined {
  const spec = COMMAND_BY_NAME.get(name);
  if (!spec) return undefined;
  const rows: ReferenceRow[] = [{ term: spec.usage, text: l10n.t(spec.summary) }];
  for (const flag of spec.flags ?? []) rows.push({ term: flag.value ? `${flag.name} ${flag.value}` : flag.name, text: l10n.t(flag.summary) });
  rows.push({ term: l10n.t('example'), text: spec.example });
  return { title: spec.name, rows };
}
