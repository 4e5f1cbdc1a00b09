// How a reproduction rate reads for people, the same in the CLI, the editor, the panels and the documents:
// "intermittent, 2/5, 95% 12–77%", and with one conclusive run "1/1, 95% 21–100%" (one run measures nothing,
// so no word: never `always`). Everything is computed from k and n, so a row the desk stored before this rule
// (with `always` for 1/1) reads right too.

import { REPRODUCIBILITY_LABELS } from './results';
import { percentText, reproducibilityOf, runsToTellAlways, wilsonInterval } from './stats';

/** Any `l10n.t`-shaped function: the CLI's, VS Code's, a document's own language. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

export interface RateCounts {
  reproducedRuns: number;
  conclusiveRuns: number;
}

/** "intermittent, 2/5, 95% 12–77%"; "1/1, 95% 21–100%"; '' with no conclusive run (0/0 says nothing). */
export function rateText(t: Translate, counts: RateCounts): string {
  const k = counts.reproducedRuns;
  const n = counts.conclusiveRuns;
  const interval = wilsonInterval(k, n);
  if (!interval) return '';
  const rate = t('{0}/{1}, 95% {2}', k, n, percentText(interval));
  const word = reproducibilityOf(k, n);
  return word ? `${t(REPRODUCIBILITY_LABELS[word])}, ${rate}` : rate;
}

/**
 * What the runs so far cannot tell, when all of them reproduced: "5/5 reproduced; 73 runs that all reproduce
 * would tell always from 95%". '' once they are enough, or when not all reproduced (a run that did not is
 * already the answer).
 */
export function alwaysHint(t: Translate, counts: RateCounts): string {
  const needed = runsToTellAlways();
  if (counts.conclusiveRuns === 0 || counts.reproducedRuns !== counts.conclusiveRuns || counts.conclusiveRuns >= needed) return '';
  return t('{0}/{1} reproduced; {2} runs that all reproduce would tell always from 95%', counts.reproducedRuns, counts.conclusiveRuns, needed);
}
