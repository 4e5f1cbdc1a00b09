// The statistics of repeated runs (shared/runner/stats.ts) against values worked out by hand and published ones.

import { strict as assert } from 'node:assert';
import { rateText, alwaysHint } from '../../shared/runner/rateText';
import { percentText, reproducibilityOf, runsToTellAlways, wilsonInterval } from '../../shared/runner/stats';

const en = (message: string, ...args: (string | number)[]): string => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));

function close(actual: readonly number[] | null, expected: readonly number[], digits = 4): void {
  assert.ok(actual, 'an interval');
  assert.deepEqual(actual.map((x) => Number(x.toFixed(digits))), expected);
}

describe('runner: statistics of repeated runs', () => {
  it('the Wilson interval of 2/5 is 11.8%–76.9%', () => close(wilsonInterval(2, 5), [0.1176, 0.7693]));
  it('0/n starts at exactly 0, n/n ends at exactly 1, and n/(n+z²) is the lower bound of n/n', () => {
    close(wilsonInterval(0, 10), [0, 0.2775]);
    assert.equal(wilsonInterval(0, 10)![0], 0);
    assert.equal(wilsonInterval(10, 10)![1], 1);
    close(wilsonInterval(10, 10), [0.7225, 1]);
    close(wilsonInterval(1, 1), [0.2065, 1]);
  });
  it('no conclusive run: no interval', () => {
    assert.equal(wilsonInterval(0, 0), null);
    assert.equal(wilsonInterval(3, 2), null, 'more reproduced than conclusive is not data');
  });
  it('the interval narrows as runs are added and always holds k/n', () => {
    for (let n = 1; n <= 200; n++) {
      for (const k of [0, Math.floor(n / 3), n]) {
        const [low, high] = wilsonInterval(k, n)!;
        assert.ok(low <= k / n && k / n <= high && low >= 0 && high <= 1, `${k}/${n}`);
      }
    }
    assert.ok(wilsonInterval(5, 10)![1] - wilsonInterval(5, 10)![0] > wilsonInterval(50, 100)![1] - wilsonInterval(50, 100)![0]);
  });
  it('73 runs that all reproduce tell always from 95% (72 do not)', () => {
    assert.equal(runsToTellAlways(), 73);
    assert.ok(wilsonInterval(72, 72)![0] <= 0.95 && wilsonInterval(73, 73)![0] > 0.95);
    assert.equal(runsToTellAlways(0.9), 35, 'n/(n+z²) > 0.9 from n = 35');
  });
  it('reproducibility: a word only from 2 conclusive runs on', () => {
    assert.deepEqual(
      [reproducibilityOf(1, 1), reproducibilityOf(0, 1), reproducibilityOf(0, 0), reproducibilityOf(2, 2), reproducibilityOf(1, 2), reproducibilityOf(0, 2)],
      [null, null, null, 'always', 'intermittent', 'never'],
    );
  });
  it('reads as people write it', () => {
    assert.equal(percentText(wilsonInterval(2, 5)!), '12–77%');
    assert.equal(rateText(en, { reproducedRuns: 2, conclusiveRuns: 5 }), 'intermittent, 2/5, 95% 12–77%');
    assert.equal(rateText(en, { reproducedRuns: 1, conclusiveRuns: 1 }), '1/1, 95% 21–100%');
    assert.equal(rateText(en, { reproducedRuns: 0, conclusiveRuns: 0 }), '');
    assert.equal(alwaysHint(en, { reproducedRuns: 5, conclusiveRuns: 5 }), '5/5 reproduced; 73 runs that all reproduce would tell always from 95%');
    assert.equal(alwaysHint(en, { reproducedRuns: 4, conclusiveRuns: 5 }), '', 'a run that did not reproduce already tells');
    assert.equal(alwaysHint(en, { reproducedRuns: 73, conclusiveRuns: 73 }), '', 'enough runs');
  });
});
