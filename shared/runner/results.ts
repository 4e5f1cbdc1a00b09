// What a run produces: the shapes of `repro run --json` (spec §7), the events of `--events`, and the records
// the editor shows. Plain data: everything here serializes as it is.

export type Outcome = 'reproduced' | 'not-reproduced' | 'inconclusive' | 'error';
export type Reproducibility = 'always' | 'intermittent' | 'never' | null;

/** One executed check: `expect`, `bug`, or the implicit `expect exit 0` after a foreground `run`. */
export interface CheckRecord {
  /** 1-based script line. */
  line: number;
  role: 'expect' | 'bug';
  /** As written in the script (for the implicit check: `exit 0`). */
  check: string;
  implicit?: boolean;
  passed: boolean;
  /** What was observed, normalized and shortened. */
  actual: string;
}

/** One executed action or directive with an effect. */
export interface CommandRecord {
  line: number;
  /** The command as it ran: variables expanded, then normalized (WORK is `$WORK`, ports are `${NAME}`). */
  command: string;
  exit?: number | 'timeout';
  status?: number;
  stdout?: string;
  stderr?: string;
  body?: string;
  error?: string;
  durationMs?: number;
}

export interface StepRecord {
  /** null for the commands before the first `step`. */
  title: string | null;
  line: number | null;
  /** passed: every check held; bug: a bug check matched; failed: a precondition failed; skipped: not reached. */
  outcome: 'passed' | 'bug' | 'failed' | 'skipped';
  commands: CommandRecord[];
  checks: CheckRecord[];
}

export interface RunResult {
  outcome: Outcome;
  reason: string;
  /** SHA-256 of the transcript; null when nothing ran (outcome `error`). */
  fingerprint: string | null;
  durationMs: number;
  steps: StepRecord[];
}

/** A run with what the JSON leaves out: the transcript (for the editor's output and for divergence). */
export interface RunDetail extends RunResult {
  transcript: TranscriptEntry[];
  /** WORK, when it was kept (`--keep-work`). */
  work?: string;
}

export interface TranscriptEntry {
  /** 1-based script line the entry comes from. */
  line: number;
  text: string;
}

export interface ScriptResult {
  file: string;
  outcome: Outcome;
  reason: string;
  reproducedRuns: number;
  conclusiveRuns: number;
  runs: number;
  /** null with fewer than 2 conclusive runs: one run measures nothing (spec §4). */
  reproducibility: Reproducibility;
  /** The 95% Wilson score interval of reproducedRuns/conclusiveRuns as [low, high]; null with no conclusive run. */
  reproducibilityInterval: [number, number] | null;
  /** Distinct fingerprints among conclusive runs. */
  fingerprints: number;
  /** The first script line at which conclusive runs' transcripts differ, or null. */
  divergesAt: number | null;
  results: RunResult[];
}

/** `repro run --events`: one object per line, as things happen. */
export type RunEvent =
  | { event: 'run-started'; file: string; run: number }
  | { event: 'step-started'; file: string; run: number; line: number; title: string }
  | { event: 'command-started'; file: string; run: number; line: number; command: string }
  | { event: 'command-finished'; file: string; run: number; line: number; command: string; exit?: number | 'timeout'; status?: number; durationMs: number }
  | { event: 'check-finished'; file: string; run: number; line: number; role: 'expect' | 'bug'; check: string; passed: boolean; actual: string }
  | { event: 'run-finished'; file: string; run: number; outcome: Outcome; reason: string; fingerprint: string | null; durationMs: number }
  | { event: 'script-finished'; file: string; result: ScriptResult };

/** How outcomes and reproducibility read for people (passed through l10n when shown). */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  reproduced: 'reproduced',
  'not-reproduced': 'not reproduced',
  inconclusive: 'inconclusive',
  error: 'error in the script',
};
export const REPRODUCIBILITY_LABELS: Record<NonNullable<Reproducibility>, string> = {
  always: 'always',
  intermittent: 'intermittent',
  never: 'never',
};
