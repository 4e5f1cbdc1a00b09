// `repro run`: runs scripts in the sandbox, repeatedly if asked, and reports outcomes (spec §4, §7).

import * as l10n from '@vscode/l10n';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { VARIABLE_NAME } from '../../shared/core/scanner';
import { lineContentEnd } from '../../shared/core/text';
import type { JunitCase } from '../../shared/runner/junit';
import type { PreparedScript } from '../../shared/runner/prepare';
import { recordedPath } from '../../shared/desk/runRecord';
import type { DeskStore } from '../../shared/desk/store';
import { alwaysHint, rateText } from '../../shared/runner/rateText';
import { OUTCOME_LABELS, type RunDetail, type RunEvent, type ScriptResult } from '../../shared/runner/results';
import { hasOption, optionValue, type ParsedArgs } from '../args';
import { DB_OPTION, isDeskError, openDesk } from '../desk';
import { EXIT, UsageError, type CliContext, type Subcommand } from '../context';
import { textLine } from '../render';
import { loadScripts, type LoadedScript } from '../scripts';

/** Records a result in the desk, and says on stderr where it went (stdout may be JSON). */
async function record(
  ctx: CliContext,
  args: ParsedArgs,
  desk: DeskStore,
  loaded: LoadedScript,
  prepared: PreparedScript,
  run: { result: ScriptResult; details: RunDetail[] },
  expected: string | undefined,
): Promise<UsageError | undefined> {
  const path = loaded.input.path ? recordedPath(ctx.cwd, loaded.input.path) : '<stdin>';
  const [{ perform }, { runRecord }] = await Promise.all([import('../../shared/desk/operations'), import('../../shared/desk/runRecord')]);
  try {
    const recorded = await perform(
      desk,
      'recordRun',
      runRecord({
        path,
        content: loaded.decoded.text,
        script: prepared.script,
        ...run,
        expected: expected as 'reproduced' | 'not-reproduced' | undefined,
        versionTested: optionValue(args, '--product-version'),
        environment: optionValue(args, '--environment'),
      }),
    );
    const lines = [recorded.tickets.length ? l10n.t('{0}: recorded on {1}', prepared.file, recorded.tickets.join(', ')) : l10n.t('{0}: recorded (the script names no ticket)', prepared.file)];
    for (const key of recorded.created) lines.push('  ' + l10n.t('{0} is a new ticket: the desk did not know it', key));
    for (const s of recorded.suggestions) lines.push('  ' + l10n.t('the same failure as bug {0}: link {1} to it?', s.bug, s.ticket));
    ctx.stderr(lines.join('\n') + '\n');
    return undefined;
  } catch (error) {
    if (await isDeskError(error)) return new UsageError((error as Error).message);
    throw error;
  }
}

/** The status of one script's result (spec §7); several combine by priority: 3, then 1, then 0. */
function status(result: ScriptResult, expected: string | undefined): number {
  if (result.outcome === 'inconclusive' || result.outcome === 'error') return EXIT.inconclusive;
  if (expected !== undefined && result.outcome !== expected) return EXIT.failed;
  return EXIT.ok;
}

const PRIORITY = [EXIT.usage, EXIT.inconclusive, EXIT.failed, EXIT.ok];

function positive(value: string | undefined, name: string): number | UsageError | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : new UsageError(l10n.t('option {0} takes a whole number from 1, not {1}', name, JSON.stringify(value)));
}

/** `--env NAME=VALUE`, each checked. */
function environment(values: readonly string[]): Record<string, string> | UsageError {
  const env: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = value.slice(0, eq);
    if (eq < 0 || !VARIABLE_NAME.test(name)) return new UsageError(l10n.t('option --env takes NAME=VALUE, not {0}', JSON.stringify(value)));
    env[name] = value.slice(eq + 1);
  }
  return env;
}

/**
 * The human summary: outcome, k/n with its 95% interval (and the word only from 2 conclusive runs on), the
 * deciding line, where runs diverge, and with --repeat how many runs would tell `always` from 95%.
 */
function summary(prepared: PreparedScript, result: ScriptResult, repeat: number): string {
  const outcome = l10n.t(OUTCOME_LABELS[result.outcome]);
  const rate = rateText(l10n.t, result);
  const lines = [`${result.file}: ${outcome}${rate ? ` (${rate})` : ''}`, `  ${result.reason}`];
  const hint = repeat > 1 ? alwaysHint(l10n.t, result) : '';
  if (hint) lines.push('  ' + hint);
  if (result.divergesAt !== null) {
    const { text, lineStarts } = prepared.script;
    const source = text.slice(lineStarts[result.divergesAt - 1], lineContentEnd(text, lineStarts, result.divergesAt - 1)).trim();
    lines.push('  ' + l10n.t('runs differ from line {0} on ({1} different transcripts): {2}', result.divergesAt, result.fingerprints, source));
  }
  const inconclusive = result.runs - result.conclusiveRuns;
  if (result.runs > 1 && inconclusive > 0 && result.conclusiveRuns > 0) lines.push('  ' + l10n.t('inconclusive runs: {0} of {1}', inconclusive, result.runs));
  return lines.join('\n') + '\n';
}

export const runCommand: Subcommand = {
  name: 'run',
  usage: 'repro run FILE|DIR… [--repeat N] [--jobs N] [--expect reproduced|not-reproduced] [--json | --events] [--junit FILE] [--keep-work] [--env NAME=VALUE]… [--record [--db PATH]]',
  summary: 'runs repro scripts in the sandbox and reports whether the defect reproduced',
  details:
    'Each run gets a fresh folder (WORK) with the archive in it and an environment rebuilt from a fixed list. With --repeat, the runs go in parallel (--jobs at a time) and the result gives how many reproduced, with the 95% interval of that rate, and where runs behaved differently. A program that cannot be started makes the run inconclusive; one conclusive run gives no reproducibility (1/1 is not always). --events prints one JSON object per line as the run goes; --json prints the results at the end.',
  exitStatus: '0: every outcome conclusive (and as --expect says); 1: an outcome differs from --expect; 2: a usage error; 3: an outcome is inconclusive or the script has errors',
  options: [
    { name: '--repeat', value: 'N', summary: 'runs each script N times (default 1)' },
    { name: '--jobs', value: 'N', summary: 'runs at the same time (default: the number of cores)' },
    { name: '--expect', value: 'reproduced|not-reproduced', choices: ['reproduced', 'not-reproduced'], summary: 'the outcome that counts as success (exit 1 otherwise)' },
    { name: '--json', summary: 'prints the results as JSON' },
    { name: '--events', summary: 'prints one JSON object per line as runs, steps, commands and checks start and finish' },
    { name: '--junit', value: 'FILE', summary: 'writes a JUnit XML report to FILE' },
    { name: '--keep-work', summary: 'keeps each run\'s WORK folder and prints where it is' },
    { name: '--env', value: 'NAME=VALUE', repeatable: true, summary: 'sets a variable in the sandbox (the only way anything of yours gets in)' },
    { name: '--record', summary: 'records each result in the desk, on the tickets the script names (a key it does not know becomes a ticket)' },
    { name: '--product-version', value: 'V', summary: 'with --record: the version of the program the runs tested' },
    { name: '--environment', value: 'TEXT', summary: 'with --record: where the runs ran (OS, configuration)' },
    DB_OPTION,
  ],
  async run(ctx: CliContext, args) {
    const repeat = positive(optionValue(args, '--repeat'), '--repeat');
    const jobs = positive(optionValue(args, '--jobs'), '--jobs');
    const env = environment(args.options.get('--env') ?? []);
    for (const value of [repeat, jobs, env]) if (value instanceof UsageError) return value;
    if (hasOption(args, '--json') && hasOption(args, '--events')) return new UsageError(l10n.t('--json and --events cannot be used together'));
    const loaded = loadScripts(ctx, args.positionals);
    if (!Array.isArray(loaded)) return loaded;
    // The desk is opened before anything runs: a desk that cannot take the results stops the command first.
    let desk: DeskStore | undefined;
    if (hasOption(args, '--record')) {
      const opened = await openDesk(ctx, args);
      if (opened instanceof UsageError) return opened;
      desk = opened;
    }
    // The runner (processes, sockets) is loaded only by this command, so that the others start faster.
    const [{ prepareScript }, { runScript }, { junitReport }] = await Promise.all([
      import('../../shared/runner/prepare'),
      import('../../shared/runner/repeat'),
      import('../../shared/runner/junit'),
    ]);
    const scripts = loaded.map(({ input, bytes }) => prepareScript(input.display, bytes, { predefined: Object.keys(env as Record<string, string>) }));

    const expected = optionValue(args, '--expect');
    const events = hasOption(args, '--events');
    const onEvent = events ? (event: RunEvent): void => ctx.stdout(JSON.stringify(event) + '\n') : undefined;
    const results: ScriptResult[] = [];
    const junit: JunitCase[] = [];
    let exit: number = EXIT.ok;
    for (const [index, prepared] of scripts.entries()) {
      if (ctx.signal.aborted) break;
      // A script that cannot run says everything that stops it, as `repro check` does (the outcome's reason
      // names the first); on stderr, so that stdout stays the summary or the JSON of spec §7.
      const errors = prepared.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) ctx.stderr(errors.map((d) => textLine(prepared.file, d) + '\n').join(''));
      const { result, details } = await runScript(prepared, {
        repeat: repeat as number | undefined,
        jobs: jobs as number | undefined,
        env: env as Record<string, string>,
        path: ctx.env.PATH,
        keepWork: hasOption(args, '--keep-work'),
        signal: ctx.signal,
        onEvent,
      });
      for (const detail of details) if (detail.work) ctx.stderr(l10n.t('{0}: WORK kept at {1}', prepared.file, detail.work) + '\n');
      results.push(result);
      junit.push({ result, title: prepared.title, expected });
      if (!events && !hasOption(args, '--json')) ctx.stdout(summary(prepared, result, (repeat as number | undefined) ?? 1));
      let s = status(result, expected);
      if (desk) {
        const recorded = await record(ctx, args, desk, loaded[index], prepared, { result, details }, expected);
        if (recorded instanceof UsageError) {
          ctx.stderr(`repro run: ${recorded.message}\n`);
          s = EXIT.usage;
        }
      }
      if (PRIORITY.indexOf(s as never) < PRIORITY.indexOf(exit as never)) exit = s;
    }
    if (desk) {
      if (desk.needsCompaction) await desk.compact?.();
      desk.close();
    }
    if (hasOption(args, '--json')) ctx.stdout(JSON.stringify({ scripts: results }, null, 2) + '\n');
    const junitFile = optionValue(args, '--junit');
    if (junitFile !== undefined) {
      try {
        writeFileSync(resolve(ctx.cwd, junitFile), junitReport(junit));
      } catch (error) {
        return new UsageError(l10n.t('{0}: cannot write: {1}', junitFile, (error as NodeJS.ErrnoException).code ?? String(error)));
      }
    }
    return exit;
  },
};
