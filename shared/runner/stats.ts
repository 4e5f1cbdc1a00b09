// How much a number of runs says (spec §4): the 95% Wilson score interval of k reproducing runs out of n
// conclusive ones, and how many runs that all reproduce it takes to tell `always` from "95% of the time".
// Pure: no I/O, no state. Wilson, not k/n ± a normal error: it stays inside [0, 1] and means something at
// k = 0 and k = n, which is where a specialist's runs usually are.

/** The smallest number of conclusive runs that measures anything (spec §4: one run measures nothing). */
export const MIN_RUNS_TO_MEASURE = 2;

/** Spec §4: `always`, `intermittent` or `never` from k reproducing of n conclusive runs; null below 2 runs. */
export function reproducibilityOf(k: number, n: number): 'always' | 'intermittent' | 'never' | null {
  if (n < MIN_RUNS_TO_MEASURE) return null;
  return k === n ? 'always' : k === 0 ? 'never' : 'intermittent';
}

/** The normal quantile of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** [low, high] of the Wilson score interval of k/n; null when n is 0 (no conclusive run: nothing to estimate). */
export function wilsonInterval(k: number, n: number, z = Z95): [number, number] | null {
  if (!(n > 0) || k < 0 || k > n) return null;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At k = 0 and k = n one end is exactly 0 or 1; rounding must not put it a hair outside.
  return [k === 0 ? 0 : Math.max(0, centre - half), k === n ? 1 : Math.min(1, centre + half)];
}

/**
 * The smallest n such that n reproducing runs out of n give a Wilson lower bound above `rate`: fewer runs that
 * all reproduce cannot tell `always` from `rate` of the time. (For 95% and z = 1.96 it is 73.)
 */
export function runsToTellAlways(rate = 0.95, z = Z95): number {
  // The lower bound of n/n is n / (n + z²), which grows with n: the first n past `rate` is the answer.
  let n = 1;
  while (wilsonInterval(n, n, z)![0] <= rate) n++;
  return n;
}

/** An interval in whole percent for people: "12–77%". */
export function percentText(interval: readonly [number, number]): string {
  return `${Math.round(interval[0] * 100)}–${Math.round(interval[1] * 100)}%`;
}
