// Every user-facing string the program can show: the literal l10n.t('…') calls in the source (and the
// documents' t('…'), shared/documents/language.ts), and the strings that tables hand to l10n.t at run time
// (messages, summaries, help, vocabulary labels). The l10n test checks that each has its Russian form.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_OPTIONS } from '../../cli/args';
import { SUBCOMMANDS } from '../../cli/main';
import { START_FAILURES } from '../../shared/runner/program';
import { OUTCOME_LABELS, REPRODUCIBILITY_LABELS } from '../../shared/runner/results';
import { COMMANDS, SANDBOX_DOCS } from '../../shared/core/commands';
import { CONDITIONS } from '../../shared/core/conditions';
import { DIAGNOSTICS } from '../../shared/core/diagnostics';
import { EXPLANATIONS } from '../../shared/core/explanations';
import { OTHER_PROBLEM, PROBLEMS } from '../../shared/desk/engines/postgres/problems';
import { SUBJECTS } from '../../shared/core/subjects';
import { OPERATION_INPUTS } from '../../shared/desk/operationInputs';
import { FIELD_NAMES } from '../../shared/desk/workflows/conflicts';
import * as vocabulary from '../../shared/desk/vocabulary';
import { ROOT } from './golden';

const SOURCE_FOLDERS = ['shared', 'cli', 'server', 'client'];
const LITERAL_CALL = /\bt\(\s*'((?:[^'\\]|\\.)*)'/g;

function sourceFiles(): string[] {
  return SOURCE_FOLDERS.flatMap((folder) => {
    try {
      return (readdirSync(join(ROOT, folder), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(ROOT, folder, f));
    } catch {
      return [];
    }
  });
}

/** The strings of l10n.t('…') and t('…') calls with a literal first argument. */
export function literalStrings(): string[] {
  return sourceFiles().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(LITERAL_CALL)].map((m) => JSON.parse(`"${m[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string));
}

/** The strings the tables pass to l10n.t. */
export function tableStrings(): string[] {
  return [
    ...Object.values(DIAGNOSTICS).flatMap((d) => [d.summary, ...Object.values(d.messages as Record<string, string>)]),
    ...Object.values(EXPLANATIONS).flatMap((e) => [e.what, e.why, e.fix]),
    ...Object.values(PROBLEMS),
    OTHER_PROBLEM,
    // The fields an edit conflict names.
    ...Object.values(FIELD_NAMES),
    ...COMMANDS.flatMap((c) => [c.summary, ...(c.flags ?? []).map((f) => f.summary)]),
    ...SUBJECTS.flatMap((s) => [s.summary, ...s.matchers.map((m) => m.summary)]),
    ...CONDITIONS.map((c) => c.summary),
    ...SUBCOMMANDS.flatMap((s) => [s, ...(s.verbs ?? [])])
      .flatMap((s) => [s.summary, s.details, s.exitStatus, ...s.options.map((o) => o.summary), ...(s.actions ?? []).map((a) => a.summary)])
      .filter((text) => text !== ''),
    // The operands of the desk's verbs (their options are in the verbs' options above).
    ...Object.values(OPERATION_INPUTS).flatMap((d) => ('fields' in d ? d.fields.filter((f) => f.positional).map((f) => f.summary) : [])),
    ...COMMON_OPTIONS.map((o) => o.summary),
    ...Object.values(OUTCOME_LABELS),
    ...Object.values(REPRODUCIBILITY_LABELS),
    ...Object.values(START_FAILURES),
    ...Object.values(SANDBOX_DOCS).flatMap((d) => ('summary' in d ? [d.summary] : [])),
    // Every value of every vocabulary, as its label (documents and the desk's UI show them through t/l10n.t).
    ...(Object.values(vocabulary) as unknown[])
      .filter((value): value is readonly string[] => Array.isArray(value))
      .flatMap((values) => values.map((value) => vocabulary.label(value))),
  ];
}

export function allStrings(): string[] {
  return [...new Set([...literalStrings(), ...tableStrings()])].sort();
}
