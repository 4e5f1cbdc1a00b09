// Repeated runs (spec §4): N independent runs, each in its own WORK, `jobs` at a time, aggregated into the
// reproducibility of the defect and the line where the runs' behaviour diverges.

import { availableParallelism } from 'node:os';
import * as l10n from '@vscode/l10n';
import type { PreparedScript } from './prepare';
import type { Outcome, RunDetail, ScriptResult } from './results';
import { runOnce, type RunOptions } from './run';
import { reproducibilityOf, wilsonInterval } from './stats';
import { divergence } from './transcript';

export interface RepeatOptions extends Omit<RunOptions, 'run'> {
  repeat?: number;
  /** Runs at the same time (default: the number of cores). */
  jobs?: number;
}

export interface ScriptRun {
  result: ScriptResult;
  details: RunDetail[];
}

export async function runScript(prepared: PreparedScript, options: RepeatOptions = {}): Promise<ScriptRun> {
  const repeat = Math.max(1, options.repeat ?? 1);
  const jobs = Math.max(1, Math.min(repeat, options.jobs ?? availableParallelism()));
  const details: RunDetail[] = new Array(repeat);
  let next = 0;
  // A fixed number of workers take the next run number until none is left.
  const worker = async (): Promise<void> => {
    while (next < repeat && !options.signal?.aborted) {
      const index = next++;
      details[index] = await runOnce(prepared, { ...options, run: index + 1 });
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  const done = details.filter(Boolean);
  const result = aggregate(prepared.file, done);
  options.onEvent?.({ event: 'script-finished', file: prepared.file, result });
  return { result, details: done };
}

const CONCLUSIVE: ReadonlySet<Outcome> = new Set(['reproduced', 'not-reproduced']);

export function aggregate(file: string, runs: readonly RunDetail[]): ScriptResult {
  const conclusive = runs.filter((r) => CONCLUSIVE.has(r.outcome));
  const reproduced = conclusive.filter((r) => r.outcome === 'reproduced');
  const k = reproduced.length;
  const n = conclusive.length;
  const reproducibility = reproducibilityOf(k, n);
  let outcome: Outcome;
  let reason: string;
  if (k >= 1) {
    outcome = 'reproduced';
    reason = reproduced[0].reason;
  } else if (n > 0) {
    outcome = 'not-reproduced';
    reason = conclusive[0].reason;
  } else {
    outcome = runs.some((r) => r.outcome === 'error') ? 'error' : 'inconclusive';
    reason = runs[0]?.reason ?? l10n.t('no run finished');
  }
  const fingerprints = new Set(conclusive.map((r) => r.fingerprint)).size;
  return {
    file,
    outcome,
    reason,
    reproducedRuns: k,
    conclusiveRuns: n,
    runs: runs.length,
    reproducibility,
    reproducibilityInterval: wilsonInterval(k, n),
    fingerprints,
    divergesAt: fingerprints > 1 ? divergence(conclusive.map((r) => r.transcript)) : null,
    results: runs.map(({ outcome, reason, fingerprint, durationMs, steps }) => ({ outcome, reason, fingerprint, durationMs, steps })),
  };
}
