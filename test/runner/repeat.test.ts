// Repeats, fingerprints and divergence (spec §4–5).

import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aggregate } from '../../shared/runner/repeat';
import type { RunDetail } from '../../shared/runner/results';
import { runText, script } from '../helpers/runner';

describe('runner: repeats and fingerprints', function () {
  this.timeout(60000);
  it('a deterministic script keeps one fingerprint across runs, in parallel', async () => {
    const { result } = await runText(script("port P\nrun sh -c 'echo $WORK; pwd; echo \"$1\"' sh ${P}\nrun date -u -d @0 +%F\nbug stdout == 1970-01-01"), { repeat: 6, jobs: 3 });
    assert.equal(result.outcome, 'reproduced', result.reason);
    assert.deepEqual([result.reproducedRuns, result.conclusiveRuns, result.runs, result.reproducibility, result.fingerprints, result.divergesAt], [6, 6, 6, 'always', 1, null]);
  });
  it('the same behaviour gives the same fingerprint on any machine: the SHA-256 of a canonical transcript', async () => {
    const { result, details } = await runText(script('run echo hi\nbug stdout contains hi'));
    const expected = ['step "Test"', 'run echo hi', 'exit 0', 'stdout "hi\\n"', 'expect exit 0 (implicit): ok', 'bug stdout contains hi: ok'];
    assert.deepEqual(details[0].transcript.map((e) => e.text), expected);
    assert.equal(result.results[0].fingerprint, createHash('sha256').update(expected.map((t) => t + '\n').join('')).digest('hex'));
  });
  it('different behaviour gives a different fingerprint', async () => {
    const a = await runText(script('run echo hi\nbug stdout contains h'));
    const b = await runText(script('run echo ho\nbug stdout contains h'));
    assert.notEqual(a.result.results[0].fingerprint, b.result.results[0].fingerprint);
  });
  it('an intermittent defect is intermittent, and the runs diverge at the line of the flaky program', async () => {
    // Every other run fails: a counter outside WORK, shared by the runs (one at a time, so the count is exact).
    const dir = mkdtempSync(join(tmpdir(), 'repro-counter-'));
    try {
      const body = ['run echo stable', "run sh -c 'n=$(cat \"$COUNTER\" 2>/dev/null || echo 0); echo $((n+1)) > \"$COUNTER\"; exit $((n % 2))'", 'bug exit 1'].join('\n');
      const { result } = await runText(script(body), { repeat: 10, jobs: 1, env: { COUNTER: join(dir, 'n') } });
      assert.deepEqual([result.outcome, result.reproducedRuns, result.conclusiveRuns, result.reproducibility, result.fingerprints, result.divergesAt], ['reproduced', 5, 10, 'intermittent', 2, 3]);
      assert.deepEqual(result.reproducibilityInterval!.map((x) => x.toFixed(4)), ['0.2366', '0.7634'], 'the Wilson interval of 5/10');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('never: conclusive runs that all miss', async () => {
    const { result } = await runText(script('run true\nbug exit 1'), { repeat: 3 });
    assert.deepEqual([result.outcome, result.reproducedRuns, result.conclusiveRuns, result.reproducibility], ['not-reproduced', 0, 3, 'never']);
  });
  it('null reproducibility when no run is conclusive', async () => {
    const { result } = await runText(script('run false\nbug stdout empty'), { repeat: 2 });
    assert.deepEqual([result.outcome, result.conclusiveRuns, result.reproducibility, result.reproducibilityInterval, result.fingerprints, result.divergesAt], ['inconclusive', 0, null, null, 0, null]);
  });
  it('one conclusive run measures nothing: null reproducibility, but an interval', async () => {
    for (const [body, k] of [['run false\nbug exit 1', 1], ['run true\nbug exit 1', 0]] as const) {
      const { result } = await runText(script(body));
      assert.deepEqual([result.reproducedRuns, result.conclusiveRuns, result.reproducibility], [k, 1, null], body);
      assert.deepEqual(result.reproducibilityInterval!.map((x) => x.toFixed(4)), k ? ['0.2065', '1.0000'] : ['0.0000', '0.7935']);
    }
  });
  it('one conclusive run among inconclusive ones is still one run; k/n counts conclusive runs only', () => {
    const run = (outcome: RunDetail['outcome']): RunDetail => ({ outcome, reason: outcome, fingerprint: outcome, durationMs: 0, steps: [], transcript: [] });
    const result = aggregate('f.repro', [run('inconclusive'), run('reproduced'), run('inconclusive')]);
    assert.deepEqual([result.outcome, result.reproducedRuns, result.conclusiveRuns, result.runs, result.reproducibility], ['reproduced', 1, 1, 3, null]);
    assert.deepEqual(aggregate('f.repro', [run('reproduced'), run('not-reproduced'), run('error')]).reproducibility, 'intermittent');
  });
  it('the JSON fields come in the order of spec §7', async () => {
    const { result } = await runText(script('run false\nbug exit 1'), { repeat: 2 });
    assert.deepEqual(Object.keys(result), ['file', 'outcome', 'reason', 'reproducedRuns', 'conclusiveRuns', 'runs', 'reproducibility', 'reproducibilityInterval', 'fingerprints', 'divergesAt', 'results']);
  });
});
