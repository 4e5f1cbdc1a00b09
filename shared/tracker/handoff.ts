// Handing a bug over and hearing back, on either engine: the tracker is called outside the desk's change, and
// what it answered goes into the desk as one operation (linkTrackerIssue, applyTrackerState).
// Invariants:
//   - push never makes a second issue for a bug: a linked bug is not pushed again, and before creating, the
//     tracker is asked for an issue carrying the bug's marker (a push whose answer was lost after the tracker
//     made the issue is found that way and linked);
//   - pull writes only what changed; repeating it changes nothing.

import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import { reproReportData } from '../desk/documentsData';
import { perform, type OperationArgs, type OperationName, type OperationResult } from '../desk/operations';
import type { DeskStore, Reader } from '../desk/store';
import { bugView } from '../desk/views';
import { bugScripts } from '../desk/workflows/bugs';
import { bug as findBug, WorkflowError } from '../desk/workflows/common';
import { requireTrackerConfig, trackerIssue, trackerIssues, trackerStateChanged, type TrackerConfig } from '../desk/workflows/tracker';
import { code, type Block } from '../documents/document';
import { documentText } from '../documents/language';
import { renderDocument } from '../documents/render';
import { reproReportDocument } from '../documents/reproReport';
import type { DocumentLanguage } from '../documents/types';
import { issueMarker, type AdapterFactory, type ExternalIssue, type TrackerAdapter } from './adapter';

/** Where a hand-off reads the desk and makes its changes: the store itself, or an editor's service over it. */
export interface DeskAccess {
  desk: Reader;
  perform<K extends OperationName>(name: K, ...args: OperationArgs<K>): Promise<OperationResult<K>>;
}

/** The store read and changed directly (the CLI). */
export const direct = (desk: DeskStore): DeskAccess => ({ desk, perform: (name, ...args) => perform(desk, name, ...args) });

export interface PushOptions {
  lang: DocumentLanguage;
  /** The link back to the bug, e.g. vscode://repro-desk.repro-desk/bug/BUG-3. */
  link: string;
  now?: () => Date;
}

export interface PushResult {
  bug: string;
  issue: ExternalIssue;
  /** created: made now; found: made by an earlier push whose answer was lost, linked now; linked: already linked. */
  how: 'created' | 'found' | 'linked';
}

/** The adapter for the desk's configured tracker. */
export function adapterFor(trackers: Readonly<Record<string, AdapterFactory>>, config: TrackerConfig, apiKey: string): TrackerAdapter {
  return trackers[config.kind](config, apiKey);
}

/** A fresh id for a desk configuring its tracker the first time (kept afterwards: see configureTracker). */
export const newDeskId = (): string => randomUUID().replace(/-/g, '').slice(0, 12);

export async function pushBug(access: DeskAccess, tracker: TrackerAdapter, bugKey: string, options: PushOptions): Promise<PushResult> {
  const { desk } = access;
  const config = requireTrackerConfig(desk);
  const row = findBug(desk, bugKey);
  const linked = trackerIssue(desk, row.key);
  if (linked) return { bug: row.key, issue: { key: linked.key, url: linked.url }, how: 'linked' };
  const marker = issueMarker(config.deskId, row.key);
  const found = await tracker.findByMarker(marker);
  if (found) {
    await access.perform('linkTrackerIssue', row.key, found);
    return { bug: row.key, issue: found, how: 'found' };
  }
  const at = (options.now?.() ?? new Date()).toISOString();
  const data = reproReportData(desk, row.key, at);
  const view = bugView(desk, row.key);
  const t = documentText(options.lang);
  const report = reproReportDocument(data, options.lang);
  const handOver: Block[] = [
    { kind: 'heading', level: 2, text: t('Handed over from Repro Desk') },
    {
      kind: 'fields',
      rows: [
        ...(view.affectedVersions.length ? [[t('Affected versions'), view.affectedVersions.join(', ')] as [string, string]] : []),
        [t('Open in Repro Desk'), code(options.link)],
        [t('Repro Desk marker (keep it: it links this issue to the bug)'), code(marker)],
      ],
    },
  ];
  const description = renderDocument({ ...report, blocks: [...report.blocks, ...handOver] }, config.markup === 'textile' ? 'textile' : 'md');
  const files = [
    ...bugScripts(desk, row.id).map((s) => ({ name: s.path.split('/').pop()!, contentType: 'text/plain', content: s.content })),
    { name: `${row.key}-report.html`, contentType: 'text/html', content: renderDocument(report, 'html') },
  ];
  const issue = await tracker.create({ subject: `${row.key}: ${row.title}`, description, priority: config.priorities[row.severity as keyof TrackerConfig['priorities']], files });
  await access.perform('linkTrackerIssue', row.key, issue);
  return { bug: row.key, issue, how: 'created' };
}

export interface PullResult {
  /** Linked bugs asked about. */
  checked: number;
  /** Bugs whose issue changed since the last pull (and were brought up to date). */
  changed: string[];
  resolved: string[];
  comments: number;
  /** Bugs whose issue the tracker no longer shows (deleted, moved, or out of this key's sight). */
  missing: string[];
}

/** How many issues are read at once: a tracker is a shared server, and 100 bugs need not be 100 connections. */
const READS_AT_ONCE = 4;

/**
 * Reads what changed in the linked issues (all of them, or the bugs named) and brings their bugs up to date.
 * One list request tells which issues changed since the last pull (by the tracker's own updated_on, so the
 * two machines' clocks never meet); only those are read in full.
 */
export async function pullBugs(access: DeskAccess, tracker: TrackerAdapter, bugKeys?: readonly string[]): Promise<PullResult> {
  const { desk } = access;
  requireTrackerConfig(desk);
  const linked = trackerIssues(desk, bugKeys);
  for (const key of bugKeys ?? []) {
    const row = findBug(desk, key);
    if (!linked.some((l) => l.bugKey === row.key)) throw new WorkflowError(l10n.t('bug {0} is not handed to the tracker: repro tracker push {0}', row.key));
  }
  const stamps = new Map((await tracker.stamps(linked.map((l) => l.key))).map((s) => [s.key, s.updatedOn]));
  const result: PullResult = { checked: linked.length, changed: [], resolved: [], comments: 0, missing: linked.filter((l) => !stamps.has(l.key)).map((l) => l.bugKey) };
  const stale = linked.filter((l) => stamps.has(l.key) && stamps.get(l.key) !== l.updatedOn);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < stale.length; i = next++) {
      const l = stale[i];
      const state = await tracker.read(l.key, l.lastComment);
      const news = trackerStateChanged(l, state);
      // Read again but nothing new (its stamp was not settled yet): nothing to write.
      if (state.updatedOn === l.updatedOn && !news) continue;
      const applied = await access.perform('applyTrackerState', l.bugKey, state);
      if (news || applied.resolved) result.changed.push(l.bugKey);
      if (applied.resolved) result.resolved.push(l.bugKey);
      result.comments += applied.comments;
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, stale.length) }, worker));
  result.changed.sort();
  result.resolved.sort();
  return result;
}
