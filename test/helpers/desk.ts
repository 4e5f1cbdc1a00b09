// Desks for tests: a fresh file in a temporary folder, a clock the test moves, and run results to record.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Desk, type OpenOptions } from '../../shared/desk/store';
import type { RunDetail, ScriptResult } from '../../shared/runner/results';
import { reproducibilityOf, wilsonInterval } from '../../shared/runner/stats';

export class TestClock {
  constructor(public time = Date.parse('2026-03-02T09:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.time);
  advance(hours: number): void {
    this.time += hours * 3600_000;
  }
}

export interface TestDesk {
  desk: Desk;
  clock: TestClock;
  folder: string;
  path: string;
  /** Opens another handle on the same file (as another window would). */
  reopen(options?: OpenOptions): Promise<Desk>;
  dispose(): void;
}

export async function testDesk(options: OpenOptions = {}): Promise<TestDesk> {
  const folder = mkdtempSync(join(tmpdir(), 'repro-desk-test-'));
  const path = join(folder, 'desk.sqlite');
  const clock = new TestClock();
  const opened: Desk[] = [];
  const open = async (more: OpenOptions = {}): Promise<Desk> => {
    const desk = await Desk.open(path, { user: 'anna', clock: clock.now, ...options, ...more });
    opened.push(desk);
    return desk;
  };
  const desk = await open();
  return {
    desk,
    clock,
    folder,
    path,
    reopen: open,
    dispose: () => {
      for (const d of opened) d.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A `repro run` result with k of n runs reproduced (and their fingerprints). */
export function scriptResult(k: number, n: number, fingerprint = 'f'.repeat(64)): { result: ScriptResult; details: RunDetail[] } {
  const details: RunDetail[] = Array.from({ length: n }, (_, i) => {
    const reproduced = i < k;
    return {
      outcome: reproduced ? 'reproduced' : 'not-reproduced',
      reason: reproduced ? 'line 9: bug exit 3 matched: exit 3' : 'line 9: bug exit 3 did not match: exit 0',
      fingerprint: reproduced ? fingerprint : '0'.repeat(64),
      durationMs: 40,
      steps: [
        { title: 'Run the report', line: 7, outcome: reproduced ? 'bug' : 'passed', commands: [], checks: [{ line: 9, role: 'bug', check: 'exit 3', passed: reproduced, actual: reproduced ? 'exit 3' : 'exit 0' }] },
      ],
      transcript: [{ line: 8, text: 'run acme report' }, { line: 8, text: reproduced ? 'exit 3' : 'exit 0' }],
    };
  });
  const outcome = k > 0 ? 'reproduced' : 'not-reproduced';
  return {
    details,
    result: {
      file: 'crash.repro',
      outcome,
      reason: details.find((d) => d.outcome === outcome)!.reason,
      reproducedRuns: k,
      conclusiveRuns: n,
      runs: n,
      reproducibility: reproducibilityOf(k, n),
      reproducibilityInterval: wilsonInterval(k, n),
      fingerprints: new Set(details.map((d) => d.fingerprint)).size,
      divergesAt: k > 0 && k < n ? 8 : null,
      results: details.map(({ outcome: o, reason, fingerprint: f, durationMs, steps }) => ({ outcome: o, reason, fingerprint: f, durationMs, steps })),
    },
  };
}

export const SCRIPT = '# The report tool crashes on an empty name\nticket SUP-7\n\nstep "Make the input"\n  run sh -c \'printf "" > name.txt\'\n\nstep "Run the report"\n  run sh -c \'exit 3\'\n  bug exit 3\n';

/** Reads a desk file as another process would (read-only, closed after `read`): what a test's VS Code wrote. */
export async function readDesk<T>(path: string, read: (desk: Desk) => T): Promise<T> {
  const desk = await Desk.open(path, { readOnly: true });
  try {
    return read(desk);
  } finally {
    desk.close();
  }
}
