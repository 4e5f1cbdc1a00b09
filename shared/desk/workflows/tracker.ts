// The desk's side of handing bugs to the developers' tracker (shared/tracker talks to the tracker itself): the
// configuration the team shares, a bug's link to its issue, and what a pull brings back. One way each
// direction: the desk writes the issue once (push), the tracker's status, assignee, fixed version and comments
// come back (pull); no field is written by both.
// Invariant: applying the same tracker state twice changes nothing the second time (pull is safe to repeat),
// and a comment is stored once per bug (note_external's unique index backs the last_comment watermark).

import * as l10n from '@vscode/l10n';
import type { Reader, Tx } from '../store';
import { BUG_SEVERITIES, OPEN_BUG_STATUSES, TRACKER_KINDS, TRACKER_MARKUPS, type BugSeverity, type BugStatus, type TrackerKind, type TrackerMarkup } from '../vocabulary';
import { changeBugStatus } from './bugs';
import { bug, logChange, systemNote, WorkflowError } from './common';

export interface TrackerSettings {
  kind: TrackerKind;
  /** The tracker's address, e.g. https://redmine.example (http or https, nothing else). */
  url: string;
  /** The tracker's project the issues go to (Redmine: its identifier). */
  project: string;
  markup: TrackerMarkup;
  /** The bug's severity → the tracker's priority name. */
  priorities: Partial<Record<BugSeverity, string>>;
  /** The tracker's statuses that mean the developers fixed it. */
  resolved: string[];
}

export interface TrackerConfig extends TrackerSettings {
  /** Names this desk in every issue's marker (made once, when the tracker is first configured). */
  deskId: string;
}

/** What a new configuration starts from: Redmine's default priorities and statuses. */
export const TRACKER_DEFAULTS: Omit<TrackerSettings, 'kind' | 'url' | 'project'> = {
  markup: 'textile',
  priorities: { trivial: 'Low', minor: 'Low', major: 'Normal', critical: 'High', blocker: 'Urgent' },
  resolved: ['Resolved', 'Closed'],
};

export function trackerConfig(reader: Reader): TrackerConfig | undefined {
  const row = reader.get<{ kind: TrackerKind; url: string; project: string; markup: TrackerMarkup; priorities: string; resolved: string; desk_id: string }>(
    'SELECT kind, url, project, markup, priorities, resolved, desk_id FROM tracker WHERE id = 1',
  );
  return row && { kind: row.kind, url: row.url, project: row.project, markup: row.markup, priorities: JSON.parse(row.priorities), resolved: JSON.parse(row.resolved), deskId: row.desk_id };
}

/** The configuration, or the error that says how to make one. */
export function requireTrackerConfig(reader: Reader): TrackerConfig {
  const config = trackerConfig(reader);
  if (!config) throw new WorkflowError(l10n.t('no tracker is configured for this desk: repro tracker config --kind redmine --url URL --project PROJECT'));
  return config;
}

/**
 * Sets the desk's tracker, keeping what is not given from the current one (or the defaults). `deskId` is the
 * caller's fresh random id, kept only the first time: a desk keeps its name in the markers it has written.
 */
export function configureTracker(tx: Tx, given: Partial<TrackerSettings>, deskId: string): TrackerConfig {
  const current = trackerConfig(tx);
  const next = { ...TRACKER_DEFAULTS, ...current, ...definedOnly(given) } as Partial<TrackerConfig>;
  const config = validTracker(next, current?.deskId ?? deskId);
  tx.run(
    `INSERT INTO tracker (id, kind, url, project, markup, priorities, resolved, desk_id, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, url = excluded.url, project = excluded.project, markup = excluded.markup,
       priorities = excluded.priorities, resolved = excluded.resolved, updated_at = excluded.updated_at`,
    [config.kind, config.url, config.project, config.markup, JSON.stringify(config.priorities), JSON.stringify(config.resolved), config.deskId, tx.now],
  );
  return config;
}

const definedOnly = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

function validTracker(config: Partial<TrackerConfig>, deskId: string): TrackerConfig {
  const { kind, url, project, markup, priorities, resolved } = config;
  if (!kind || !(TRACKER_KINDS as readonly string[]).includes(kind)) throw new WorkflowError(l10n.t('the tracker kind is one of: {0}', TRACKER_KINDS.join(', ')));
  let parsed: URL | undefined;
  try {
    parsed = url ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new WorkflowError(l10n.t('the tracker\'s address is an http or https URL without a login in it: {0}', url ?? ''));
  }
  if (!project?.trim()) throw new WorkflowError(l10n.t('the tracker\'s project is needed (Redmine: the project\'s identifier)'));
  if (!markup || !(TRACKER_MARKUPS as readonly string[]).includes(markup)) throw new WorkflowError(l10n.t('the markup is one of: {0}', TRACKER_MARKUPS.join(', ')));
  for (const [severity, priority] of Object.entries(priorities ?? {})) {
    if (!(BUG_SEVERITIES as readonly string[]).includes(severity)) throw new WorkflowError(l10n.t('{0} is not a bug severity (one of: {1})', severity, BUG_SEVERITIES.join(', ')));
    if (typeof priority !== 'string' || !priority.trim()) throw new WorkflowError(l10n.t('the priority for {0} is empty', severity));
  }
  if (!Array.isArray(resolved) || resolved.length === 0 || resolved.some((s) => typeof s !== 'string' || !s.trim())) {
    throw new WorkflowError(l10n.t('at least one tracker status must mean resolved'));
  }
  return { kind, url: parsed.href.replace(/\/+$/, ''), project: project.trim(), markup, priorities: priorities ?? {}, resolved: resolved.map((s) => s.trim()), deskId };
}

export interface TrackerIssueRow {
  bugKey: string;
  key: string;
  url: string;
  status: string | null;
  assignee: string | null;
  fixedVersion: string | null;
  updatedOn: string | null;
  lastComment: number;
  pushedAt: string;
  pulledAt: string | null;
}

const ISSUE_COLUMNS = `bug.key AS "bugKey", tracker_issue.key, tracker_issue.url, tracker_issue.status, tracker_issue.assignee,
  tracker_issue.fixed_version AS "fixedVersion", tracker_issue.updated_on AS "updatedOn", tracker_issue.last_comment AS "lastComment",
  tracker_issue.pushed_at AS "pushedAt", tracker_issue.pulled_at AS "pulledAt"`;

export function trackerIssue(reader: Reader, bugKey: string): TrackerIssueRow | undefined {
  return reader.get<TrackerIssueRow>(`SELECT ${ISSUE_COLUMNS} FROM tracker_issue JOIN bug ON bug.id = tracker_issue.bug_id WHERE bug.key = ?`, [bugKey.toUpperCase()]);
}

/** Every linked bug (the given ones only, when keys are given), oldest link first. */
export function trackerIssues(reader: Reader, bugKeys?: readonly string[]): TrackerIssueRow[] {
  const only = bugKeys?.length ? `WHERE bug.key IN (${bugKeys.map(() => '?').join(', ')})` : '';
  return reader.all<TrackerIssueRow>(`SELECT ${ISSUE_COLUMNS} FROM tracker_issue JOIN bug ON bug.id = tracker_issue.bug_id ${only} ORDER BY tracker_issue.pushed_at, bug.id`, (bugKeys ?? []).map((k) => k.toUpperCase()));
}

/** Records the issue a bug was handed to (made by this push, or found by its marker after a lost answer). */
export function linkTrackerIssue(tx: Tx, bugKey: string, issue: { key: string; url: string }): void {
  const row = bug(tx, bugKey);
  const linked = trackerIssue(tx, row.key);
  if (linked && linked.key !== issue.key) throw new WorkflowError(l10n.t('bug {0} is already handed to {1}', row.key, linked.url));
  if (linked) return;
  tx.run('INSERT INTO tracker_issue (bug_id, key, url, pushed_at) VALUES (?, ?, ?, ?)', [row.id, issue.key, issue.url, tx.now]);
  tx.run('UPDATE bug SET external_key = ?, external_url = ?, updated_at = ? WHERE id = ?', [issue.key, issue.url, tx.now, row.id]);
  logChange(tx, 'bug', row.id, 'external_key', row.external_key, issue.key);
  logChange(tx, 'bug', row.id, 'external_url', row.external_url, issue.url);
}

export interface TrackerComment {
  /** The tracker's id of the comment (Redmine: the journal's), increasing with time. */
  id: number;
  author: string;
  body: string;
  at: string;
}

/** What a pull read of one issue. */
export interface TrackerState {
  status: string;
  assignee: string | null;
  fixedVersion: string | null;
  updatedOn: string;
  /** Comments newer than the link's lastComment. */
  comments: TrackerComment[];
}

export interface TrackerApplied {
  comments: number;
  /** The bug was moved to resolved (and its escalated tickets to fix ready). */
  resolved: boolean;
}

/**
 * Brings one bug up to what its issue says: the issue's fields as last read, its new comments as notes by their
 * authors, and — when the tracker's status is one the configuration calls resolved and the bug is still open —
 * the bug resolved as fixed, in the issue's fixed version when the bug has a product to hold it.
 */
export function applyTrackerState(tx: Tx, bugKey: string, state: TrackerState): TrackerApplied {
  const config = requireTrackerConfig(tx);
  const row = bug(tx, bugKey);
  const linked = trackerIssue(tx, row.key);
  if (!linked) throw new WorkflowError(l10n.t('bug {0} is not handed to the tracker', row.key));
  const fresh = state.comments.filter((c) => c.id > linked.lastComment).sort((a, b) => a.id - b.id);
  let added = 0;
  for (const comment of fresh) {
    added += tx.run(
      'INSERT INTO note (bug_id, kind, visibility, body, by, at, external_author, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [row.id, 'comment', 'private', comment.body, tx.by, comment.at, comment.author, String(comment.id)],
    ).changes;
  }
  const lastComment = Math.max(linked.lastComment, ...fresh.map((c) => c.id));
  tx.run('UPDATE tracker_issue SET status = ?, assignee = ?, fixed_version = ?, updated_on = ?, last_comment = ?, pulled_at = ? WHERE bug_id = ?', [
    state.status,
    state.assignee,
    state.fixedVersion,
    state.updatedOn,
    lastComment,
    tx.now,
    row.id,
  ]);
  const resolves = config.resolved.some((s) => s.toLowerCase() === state.status.toLowerCase()) && OPEN_BUG_STATUSES.includes(row.status as BugStatus);
  if (resolves) {
    const fixedIn = row.product_id !== null && state.fixedVersion ? state.fixedVersion : undefined;
    changeBugStatus(tx, row.key, 'resolved', { resolution: 'fixed', fixedIn });
    systemNote(
      tx,
      { bugId: row.id },
      state.fixedVersion
        ? l10n.t('{0} is {1} in the tracker, fixed in {2}.', linked.key, state.status, state.fixedVersion)
        : l10n.t('{0} is {1} in the tracker.', linked.key, state.status),
    );
  }
  // (Resolving stamped it already.)
  if (added > 0) tx.run('UPDATE bug SET updated_at = ? WHERE id = ?', [tx.now, row.id]);
  return { comments: added, resolved: resolves };
}

/**
 * Whether a state read is news: a new comment, or a status, assignee or fixed version other than the last pull
 * read (the first read of an issue is news only for its comments and a resolved status).
 */
export function trackerStateChanged(linked: TrackerIssueRow, state: TrackerState): boolean {
  if (state.comments.some((c) => c.id > linked.lastComment)) return true;
  if (linked.pulledAt === null) return false;
  return state.status !== linked.status || state.assignee !== linked.assignee || state.fixedVersion !== linked.fixedVersion;
}
