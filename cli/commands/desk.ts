// `repro desk ACTION`: the desk as a whole (export, import, compact) and the workflow steps that run scripts
// (verify a fix, check an upgrade). The actions are a table; the help lists them from it. The desk's code is
// loaded when an action runs (see ../desk.ts).

import * as l10n from '@vscode/l10n';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DeskStore } from '../../shared/desk/store';
import { OUTCOME_LABELS, type Outcome, type RunDetail, type ScriptResult } from '../../shared/runner/results';
import { hasOption, optionValue, type ParsedArgs } from '../args';
import { EXIT, UsageError, type CliContext, type Subcommand } from '../context';
import { DB_OPTION, deskPath, withDesk, type OpenDeskOptions } from '../desk';
import { isTeamDeskUrl } from '../../shared/desk/paths';
import { columns } from './help';

/** An action on a desk that is there (or that it may make, per `create`), or one whose operand is the desk (init). */
type DeskAction = { name: string; usage: string; summary: string } & (
  | {
      /** What a missing desk file means for this action (see OpenDeskOptions); reads never make one. */
      create: OpenDeskOptions['create'];
      run(ctx: CliContext, args: ParsedArgs, desk: DeskStore, operands: string[]): Promise<number | UsageError>;
    }
  | { alone(ctx: CliContext, args: ParsedArgs, operands: string[]): Promise<number | UsageError> }
);

/** Runs a stored script (its text as recorded, archive included) in the sandbox. */
async function runStored(ctx: CliContext, path: string, content: string): Promise<{ result: ScriptResult; details: RunDetail[] }> {
  const [{ prepareScript }, { runScript }] = await Promise.all([import('../../shared/runner/prepare'), import('../../shared/runner/repeat')]);
  return runScript(prepareScript(path, Buffer.from(content)), { path: ctx.env.PATH, signal: ctx.signal });
}

async function recordStored(desk: DeskStore, path: string, content: string, run: { result: ScriptResult; details: RunDetail[] }, extra: { expected?: 'reproduced' | 'not-reproduced'; versionTested?: string }): Promise<unknown> {
  const [{ perform }, { runRecord }] = await Promise.all([import('../../shared/desk/operations'), import('../../shared/desk/runRecord')]);
  return perform(desk, 'recordRun', runRecord({ path, content, ...run, ...extra }));
}

const outcomeText = (outcome: Outcome): string => l10n.t(OUTCOME_LABELS[outcome]);

/** `repro desk init [PATH]`: a new, empty desk (the only action whose operand is the desk itself). */
async function initDesk(ctx: CliContext, args: ParsedArgs, operands: string[]): Promise<number | UsageError> {
  if (operands.length > 1) return new UsageError(l10n.t('give one path, e.g. repro desk init desk.sqlite'));
  const given = operands[0] ?? deskPath(ctx, args);
  const path = isTeamDeskUrl(given) ? given : resolve(ctx.cwd, given);
  if (!isTeamDeskUrl(path) && existsSync(path)) return new UsageError(l10n.t('{0} already exists: a new desk needs a new file', path));
  const result = await withDesk(ctx, onDesk(args, path), async (desk) => ('created' in desk && !desk.created ? new UsageError(l10n.t('{0} already holds a desk', desk.path)) : desk.path), { create: 'always' });
  if (result instanceof UsageError) return result;
  ctx.stdout(l10n.t('a new desk at {0}', result) + '\n');
  return EXIT.ok;
}

/** The same command line, with --db naming another desk (init's and push's team desk). */
const onDesk = (args: ParsedArgs, location: string): ParsedArgs => ({ ...args, options: new Map([...args.options, ['--db', [location]]]) });

/**
 * `repro desk push --to URL`: the personal desk (a file, read and left as it is) into an empty team desk, which
 * may be one `repro desk init URL` made or a database with no schema yet (push makes it, as init would). It is an
 * export and an import in one step: every row with its id, the numbers' counters and the change log.
 */
async function pushDesk(ctx: CliContext, args: ParsedArgs, operands: string[]): Promise<number | UsageError> {
  const to = optionValue(args, '--to');
  if (operands.length > 0 || to === undefined) return new UsageError(l10n.t('name the team desk to move into, e.g. repro desk push --to postgresql://anna@db.example/desk'));
  if (!isTeamDeskUrl(to)) return new UsageError(l10n.t('--to takes a team desk\'s postgresql:// URL, not {0}', JSON.stringify(to)));
  if (isTeamDeskUrl(deskPath(ctx, args))) return new UsageError(l10n.t('push moves a desk file into a team desk, and --db (or REPRO_DESK_DB) names a team desk already; to copy between servers, use desk export and desk import'));
  const { deskIsEmpty, exportDesk, importDesk } = await import('../../shared/desk/exchange');
  const result = await withDesk(ctx, args, (source) =>
    withDesk(ctx, onDesk(args, to), async (team) => {
      if (!deskIsEmpty(team)) return new UsageError(l10n.t('{0} already holds a desk with content: push moves a desk only into an empty team desk (a new database, or one repro desk init made)', team.path));
      const { rows } = await importDesk(team, exportDesk(source, new Date().toISOString()));
      return l10n.t('moved {0} rows of {1} into the team desk at {2}; {1} is left as it was', rows, source.path, team.path);
    }, { create: 'always' }),
    { create: 'never', readOnly: true },
  );
  if (result instanceof UsageError) return result;
  ctx.stdout(result + '\n');
  return EXIT.ok;
}

const ACTIONS: readonly DeskAction[] = [
  {
    name: 'init',
    usage: 'repro desk init [PATH]',
    summary: 'creates a new, empty desk (at PATH, else where --db or REPRO_DESK_DB say, else the per-user desk)',
    alone: initDesk,
  },
  {
    name: 'export',
    create: 'never',
    usage: 'repro desk export',
    summary: 'prints the whole desk as JSON (one array per entity)',
    async run(ctx, _args, desk) {
      const { exportDesk } = await import('../../shared/desk/exchange');
      ctx.stdout(JSON.stringify(exportDesk(desk, new Date().toISOString()), null, 2) + '\n');
      return EXIT.ok;
    },
  },
  {
    name: 'import',
    usage: 'repro desk import FILE',
    summary: 'fills an empty desk from an export',
    // The export is read before the desk is opened, so a file that cannot be read leaves no new, empty desk.
    async alone(ctx, args, [file]) {
      if (!file) return new UsageError(l10n.t('name the export to import, e.g. repro desk import desk.json'));
      let data: unknown;
      try {
        data = JSON.parse(readFileSync(resolve(ctx.cwd, file), 'utf8'));
      } catch (error) {
        return new UsageError(l10n.t('{0}: cannot read: {1}', file, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
      }
      const { importDesk } = await import('../../shared/desk/exchange');
      return withDesk(ctx, args, async (desk) => {
        const { rows } = await importDesk(desk, data);
        ctx.stdout(l10n.t('imported {0} rows into {1}', rows, desk.path) + '\n');
        return EXIT.ok;
      }, { create: 'always' });
    },
  },
  {
    name: 'push',
    usage: 'repro desk push --to URL',
    summary: 'moves the desk (a file) into an empty team desk on PostgreSQL, with every row, number and change; the file is left as it was',
    alone: pushDesk,
  },
  {
    name: 'compact',
    create: 'never',
    usage: 'repro desk compact',
    summary: 'writes every change into the database file (the sqlite3 shell then sees them all)',
    async run(ctx, _args, desk) {
      if (!desk.compact) {
        ctx.stdout(l10n.t('{0}: a team desk keeps every change in its server; there is nothing to compact', desk.path) + '\n');
        return EXIT.ok;
      }
      await desk.compact();
      ctx.stdout(l10n.t('{0}: {1} changes, all in the database file', desk.path, desk.changeCount) + '\n');
      return EXIT.ok;
    },
  },
  {
    name: 'verify',
    create: 'never',
    usage: 'repro desk verify BUG [--mark]',
    summary: 'runs every script linked to a fixed bug, expecting not-reproduced, and records the runs',
    async run(ctx, args, desk, [bugKey]) {
      if (!bugKey) return new UsageError(l10n.t('name the bug, e.g. repro desk verify BUG-1'));
      const [{ verificationPlan }, { perform }] = await Promise.all([import('../../shared/desk/workflows/runs'), import('../../shared/desk/operations')]);
      const plan = verificationPlan(desk, bugKey);
      let status: number = EXIT.ok;
      for (const script of plan.scripts) {
        const run = await runStored(ctx, script.path, script.content);
        await recordStored(desk, script.path, script.content, run, { expected: 'not-reproduced' });
        const { result } = run;
        ctx.stdout(`${script.path}: ${outcomeText(result.outcome)}\n  ${result.reason}\n`);
        if (result.outcome === 'reproduced') status = EXIT.failed;
        else if (result.outcome !== 'not-reproduced' && status === EXIT.ok) status = EXIT.inconclusive;
      }
      if (status === EXIT.ok && hasOption(args, '--mark')) {
        await perform(desk, 'changeBugStatus', plan.bug, 'verified');
        ctx.stdout(l10n.t('{0} is verified', plan.bug) + '\n');
      }
      return status;
    },
  },
  {
    name: 'upgrade-check',
    create: 'never',
    usage: 'repro desk upgrade-check --product NAME --version V [--record]',
    summary: 'runs the scripts of the bugs fixed up to a version and of the bugs still open, and says which are fixed there',
    async run(ctx, args, desk) {
      const product = optionValue(args, '--product');
      const version = optionValue(args, '--version');
      if (!product || !version) return new UsageError(l10n.t('give the product and the version, e.g. --product Acme --version 2.10'));
      const { upgradePlan, upgradeVerdict } = await import('../../shared/desk/workflows/upgrade');
      let status: number = EXIT.ok;
      const rows: { term: string; text: string }[] = [];
      for (const item of upgradePlan(desk, product, version)) {
        const outcomes: Outcome[] = [];
        for (const script of item.scripts) {
          const run = await runStored(ctx, script.path, script.content);
          if (hasOption(args, '--record')) await recordStored(desk, script.path, script.content, run, { versionTested: version });
          outcomes.push(run.result.outcome);
        }
        const verdict = upgradeVerdict(outcomes);
        const verdictText = { fixed: l10n.t('fixed'), present: l10n.t('still present'), inconclusive: l10n.t('inconclusive') }[verdict];
        rows.push({ term: item.bug, text: `${verdictText} — ${item.title}${item.expect === 'fixed' && item.fixedIn ? ` (${l10n.t('fixed in {0}', item.fixedIn)})` : ''}` });
        if (item.expect === 'fixed' && verdict === 'present') status = EXIT.failed;
        else if (verdict === 'inconclusive' && status === EXIT.ok) status = EXIT.inconclusive;
      }
      ctx.stdout(`${product} ${version}:\n` + (rows.length ? columns(rows) : '  ' + l10n.t('no bugs to check')) + '\n');
      return status;
    },
  },
];

export const deskCommand: Subcommand = {
  name: 'desk',
  usage: 'repro desk ACTION [OPERAND]… [--db PATH]',
  summary: 'works on the desk as a whole: create, export, import, move into a team desk, compact, verify a fix, check an upgrade',
  details: 'The desk is a SQLite file that the command line and the editor share, or a team desk on PostgreSQL when --db (or REPRO_DESK_DB) is a postgresql:// URL; every action works on both but push, which moves a file into a team desk. See the actions below.',
  exitStatus:
    '0: done (verify: the fix holds everywhere; upgrade-check: every bug fixed up to the version is gone); 1: a fixed bug still reproduces; 2: a usage error, a desk that cannot be read or changed, a push into a team desk that is not empty, or a team desk\'s server that cannot be reached, refuses the login or the TLS the URL asks for, has no such database, or lost the connection (nothing of an unfinished change is kept); 3: a run was inconclusive',
  options: [
    DB_OPTION,
    { name: '--mark', summary: 'verify: marks the bug verified when every script passes' },
    { name: '--product', value: 'NAME', summary: 'upgrade-check: the product' },
    { name: '--version', value: 'V', summary: 'upgrade-check: the version the customer moves to' },
    { name: '--record', summary: 'upgrade-check: records the runs in the desk' },
    { name: '--to', value: 'URL', summary: 'push: the team desk (postgresql://…) to move into' },
  ],
  actions: ACTIONS.map(({ usage, summary }) => ({ usage, summary })),
  async run(ctx, args) {
    const [name, ...operands] = args.positionals;
    const action = ACTIONS.find((a) => a.name === name);
    if (!action) return new UsageError(name ? l10n.t('unknown desk action {0}; the actions are {1}', name, ACTIONS.map((a) => a.name).join(', ')) : l10n.t('name an action: {0}', ACTIONS.map((a) => a.name).join(', ')));
    if ('alone' in action) return action.alone(ctx, args, operands);
    return withDesk(ctx, args, (desk) => action.run(ctx, args, desk, operands), { create: action.create });
  },
};
