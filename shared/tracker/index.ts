// The trackers a bug can be handed to, one adapter each (adapter.ts says what an adapter does). Adding one
// (GitHub Issues, GitLab, Jira): its kind in vocabulary.ts's TRACKER_KINDS, its adapter here, and its tests
// against the real service (test/tracker); README: "Handing bugs to the developers' tracker".

import type { TrackerKind } from '../desk/vocabulary';
import type { AdapterFactory } from './adapter';
import { redmineAdapter } from './redmine';

export const TRACKERS: Readonly<Record<TrackerKind, AdapterFactory>> = {
  redmine: redmineAdapter,
};

export { pullBugs, pushBug, type PullResult, type PushResult } from './handoff';
export { TrackerError } from './adapter';
