// False verdicts, as a golden corpus run through the real `repro run` as a process: for each
// test/golden/verdicts/NAME.repro, NAME.expected.json holds the outcome, the reason, reproducibility and its
// interval (from --json), the human summary and stderr (from a run without --json), and the exit status.
// Each script is a way a run could say more than it saw (a program that never started read as evidence, one
// run read as `always`, a reason that does not say where). A line `# run with: ARGS` adds options.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, REPRO } from '../helpers/cli';
import { assertGolden, ROOT } from '../helpers/golden';

const DIR = join(ROOT, 'test', 'golden', 'verdicts');

function repro(args: readonly string[]): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, [REPRO, 'run', ...args], { cwd: DIR, env: cliEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
}

describe('cli: verdicts a specialist can trust (golden)', function () {
  this.timeout(30000);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.repro')).sort()) {
    it(file, () => {
      const extra = /^# run with: (.*)$/m.exec(readFileSync(join(DIR, file), 'utf8'))?.[1].split(' ') ?? [];
      const json = repro(['--json', ...extra, file]);
      const text = repro([...extra, file]);
      const [script] = (JSON.parse(json.stdout) as { scripts: Record<string, unknown>[] }).scripts;
      const { outcome, reason, reproducedRuns, conclusiveRuns, runs, reproducibility, reproducibilityInterval } = script;
      const results = (script.results as { outcome: string; reason: string }[]).map((r) => ({ outcome: r.outcome, reason: r.reason }));
      assert.equal(json.status, text.status, 'the same status with and without --json');
      const actual = { outcome, reason, reproducedRuns, conclusiveRuns, runs, reproducibility, reproducibilityInterval, results, summary: text.stdout.split('\n'), stderr: text.stderr.split('\n'), exit: text.status };
      assertGolden(join(DIR, file.replace(/\.repro$/, '.expected.json')), JSON.stringify(actual, null, 2) + '\n');
    });
  }
});
