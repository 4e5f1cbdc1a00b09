// What a finished run of a script becomes in the desk: the one path both `repro run --record` (and `repro desk
// verify`) and the editor's recording take, so that a script run in a terminal and the same script run from
// VS Code land on the same script row with the same title and tickets.

import { isAbsolute, relative, sep } from 'node:path';
import type { Script } from '../core/ast';
import { scriptTickets, scriptTitle } from '../core/outline';
import { parse } from '../core/parse';
import type { RunDetail, ScriptResult } from '../runner/results';
import type { RecordedRun } from './workflows/runs';

/** The path a script is recorded under: relative to `base` (with `/`) when inside it, else as given. */
export function recordedPath(base: string, file: string): string {
  const path = relative(base, file);
  return path.startsWith('..') || isAbsolute(path) ? file : path.split(sep).join('/');
}

export interface FinishedRun {
  path: string;
  /** The script's text as it ran. */
  content: string;
  /** Its tree, when the caller has it already (else the text is parsed). */
  script?: Script;
  result: ScriptResult;
  details?: readonly RunDetail[];
  expected?: 'reproduced' | 'not-reproduced';
  versionTested?: string;
  environment?: string;
  callId?: number;
}

/** The `recordRun` input for a run: the script's title and the tickets its `ticket` directives name. */
export function runRecord(run: FinishedRun): RecordedRun {
  const { script, ...rest } = run;
  const tree = script ?? parse(run.content);
  return { ...rest, title: scriptTitle(tree), tickets: scriptTickets(tree) };
}
