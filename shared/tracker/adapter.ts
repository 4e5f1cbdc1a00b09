// What a developers' tracker must do for Repro Desk, and nothing more: create an issue (with its attachments,
// in one request where the tracker allows), find one by the marker a push wrote into it, read issues' state
// and comments. Each tracker is one adapter behind this interface, in the table of ./index.ts.
// Invariant: an adapter never logs, prints or puts the API key into an error message.

import type { TrackerConfig, TrackerState } from '../desk/workflows/tracker';

export interface NewIssue {
  subject: string;
  /** In the tracker's markup (config.markup), the marker included. */
  description: string;
  /** The tracker's priority name (from config.priorities), or undefined for its default. */
  priority?: string;
  files: { name: string; contentType: string; content: string }[];
}

export interface ExternalIssue {
  /** The tracker's own name for it, as people say it: `#123` in Redmine. */
  key: string;
  url: string;
}

/** An issue's state as the list call gives it, to tell which issues changed since the last pull. */
export interface IssueStamp {
  key: string;
  updatedOn: string;
}

export interface TrackerAdapter {
  create(issue: NewIssue): Promise<ExternalIssue>;
  /** The issue whose description holds MARKER as a whole word, in any status; undefined when none does. */
  findByMarker(marker: string): Promise<ExternalIssue | undefined>;
  /** When each of these issues last changed (issues the tracker no longer shows are left out). */
  stamps(keys: readonly string[]): Promise<IssueStamp[]>;
  /** The issue's state, with the comments after comment id `after`. */
  read(key: string, after: number): Promise<TrackerState>;
}

export type AdapterFactory = (config: TrackerConfig, apiKey: string) => TrackerAdapter;

/** Why a tracker call failed, in the terms a person acts on. */
export type TrackerProblem = 'unreachable' | 'unauthorized' | 'forbidden' | 'not-found' | 'invalid' | 'failed';

export class TrackerError extends Error {
  constructor(
    readonly problem: TrackerProblem,
    message: string,
  ) {
    super(message);
  }
}

/** The marker a pushed issue carries: this desk and the bug, one word (letters, digits, `-`, `:`). */
export const issueMarker = (deskId: string, bugKey: string): string => `repro-desk:${deskId}:${bugKey}`;

/** Whether TEXT holds MARKER as a whole word (BUG-3's marker is not found in BUG-31's). */
export function holdsMarker(text: string, marker: string): boolean {
  const at = text.indexOf(marker);
  if (at < 0) return false;
  const next = text[at + marker.length] ?? '';
  return !/[\w-]/.test(next) || holdsMarker(text.slice(at + marker.length), marker);
}
