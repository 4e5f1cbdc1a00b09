// The desk's workflow steps as subcommands, generated from the operations' input descriptions
// (shared/desk/operationInputs.ts): `repro ticket create --subject …`, `repro bug link SUP-1 BUG-2`. Each noun
// is a command of verbs; each verb's options, checks and help come from its fields, and the reads a day needs
// (cli/commands/views.ts) join the same nouns. Output: one line for a person, or with --json the result.
// Invariant: every operation of OPERATIONS is reachable from here or from the command its description names.

import * as l10n from '@vscode/l10n';
import { isGenerated, OPERATION_INPUTS, type OperationInput } from '../../shared/desk/operationInputs';
import type { OperationName } from '../../shared/desk/operations';
import { hasOption } from '../args';
import { EXIT, UsageError, type Subcommand } from '../context';
import { DB_OPTION, withDesk } from '../desk';
import { fieldOptions, fieldsUsage, fieldTerm, operationArgs } from '../inputs';
import { JSON_OPTION, verbHelp } from '../verbs';
import { VIEWS } from './views';

/** What each noun is, for `repro --help`, in the order the help lists them. */
const NOUNS: readonly { name: string; summary: string }[] = [
  { name: 'call', summary: 'registers calls and lists the callbacks due' },
  { name: 'ticket', summary: 'creates tickets and moves them along: status, assignee, callback; shows and lists them' },
  { name: 'bug', summary: 'creates bugs, links tickets to them, assigns developers, moves them along; shows and lists them' },
  { name: 'note', summary: 'adds notes to tickets and bugs' },
  { name: 'script', summary: 'links repro scripts to tickets and bugs' },
  { name: 'org', summary: 'adds customer organizations' },
  { name: 'contact', summary: 'adds the people who call' },
  { name: 'staff', summary: 'adds specialists and developers' },
  { name: 'product', summary: 'adds products and their versions, marks versions released' },
];

const VERB_EXIT = '0: done; 2: a usage error, a step the workflow refuses, or a desk that cannot be read';

/** A verb's synopsis for its noun's list of actions: the operands and required options, then `[OPTION]…`. */
const shortUsage = new WeakMap<Subcommand, string>();

function operationVerb(name: OperationName, input: OperationInput<OperationName>): Subcommand {
  const verb: Subcommand = {
    name: input.verb,
    usage: `repro ${input.noun} ${input.verb} ${fieldsUsage(input.fields)} [--json] [--db PATH]`.replace(/ {2,}/g, ' '),
    summary: input.summary,
    details: '',
    exitStatus: VERB_EXIT,
    options: [...fieldOptions(input.fields), JSON_OPTION, DB_OPTION],
    help: () => verbHelp(verb, input.fields.filter((f) => f.positional).map((f) => ({ term: fieldTerm(f), text: l10n.t(f.summary) + (f.choices ? `: ${f.choices.join(', ')}` : '') }))),
    async run(ctx, args) {
      const values = operationArgs(input.fields, args, ctx.cwd, new Date().toISOString().slice(0, 10));
      if (values instanceof UsageError) return values;
      const { perform } = await import('../../shared/desk/operations');
      const result = await withDesk(ctx, args, async (desk) => ({ value: await (perform as (d: typeof desk, n: OperationName, ...a: unknown[]) => Promise<unknown>)(desk, name, ...values) }));
      if (result instanceof UsageError) return result;
      const done = input.done as (r: unknown, a: unknown[]) => string;
      ctx.stdout(hasOption(args, '--json') ? JSON.stringify(result.value ?? null, null, 2) + '\n' : done(result.value, values) + '\n');
      return EXIT.ok;
    },
  };
  shortUsage.set(verb, `repro ${input.noun} ${input.verb} ${fieldsUsage(input.fields.filter((f) => f.positional || f.required))} [OPTION]…`.replace(/ {2,}/g, ' '));
  return verb;
}

/** Every generated verb with the operation it performs (tests iterate it). */
export const OPERATION_VERBS: readonly { operation: OperationName; noun: string; verb: Subcommand }[] = (Object.keys(OPERATION_INPUTS) as OperationName[]).flatMap((name) => {
  const input = OPERATION_INPUTS[name] as (typeof OPERATION_INPUTS)[OperationName];
  return isGenerated(input) ? [{ operation: name, noun: input.noun, verb: operationVerb(name, input as OperationInput<OperationName>) }] : [];
});

/** One command per noun, its verbs the operations' and the views'. */
export const DESK_COMMANDS: readonly Subcommand[] = NOUNS.map(({ name, summary }) => {
  const verbs = [...OPERATION_VERBS.filter((v) => v.noun === name).map((v) => v.verb), ...VIEWS.filter((v) => v.noun === name).map((v) => v.verb)];
  return {
    name,
    usage: `repro ${name} ACTION [OPERAND]… [OPTION]…`,
    summary,
    details: 'Each action has its own help (--help after it); --json prints what it did or found as JSON.',
    exitStatus: VERB_EXIT,
    options: [],
    actions: verbs.map((v) => ({ usage: shortUsage.get(v) ?? v.usage, summary: v.summary })),
    verbs,
    run: () => new UsageError(l10n.t('name an action: {0}', verbs.map((v) => v.name).join(', '))),
  };
});
