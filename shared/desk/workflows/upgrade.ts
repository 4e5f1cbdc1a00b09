// Upgrade support (spec §2): before a customer moves to a version, run the scripts of every bug fixed up to
// that version (they should no longer reproduce) and of every bug still open there (they may still), and say
// for each bug whether it is fixed, still present or inconclusive in that version.

import * as l10n from '@vscode/l10n';
import type { Outcome } from '../../runner/results';
import { versionSortKey } from '../schema';
import type { Reader } from '../store';
import { bugScripts } from './bugs';
import { WorkflowError } from './common';

export interface UpgradeItem {
  bug: string;
  title: string;
  status: string;
  fixedIn: string | null;
  /** What the version should show: the fix, or the defect still there. */
  expect: 'fixed' | 'present';
  scripts: { path: string; content: string }[];
}

export type UpgradeVerdict = 'fixed' | 'present' | 'inconclusive';

export function upgradePlan(reader: Reader, product: string, version: string): UpgradeItem[] {
  const productRow = reader.get<{ id: number; name: string }>('SELECT id, name FROM product WHERE name = ? COLLATE NOCASE', [product]);
  if (!productRow) throw new WorkflowError(l10n.t('no product {0} in the desk', product));
  const target = versionSortKey(version.trim());
  const bugs = reader.all<{ id: number; key: string; title: string; status: string; resolution: string | null; fixed_in: string | null; fixed_key: string | null }>(
    `SELECT bug.id, bug.key, bug.title, bug.status, bug.resolution, version.name AS fixed_in, version.sort_key AS fixed_key FROM bug
     LEFT JOIN version ON version.id = bug.fixed_in_version_id
     WHERE (bug.product_id = ?1 OR bug.id IN (SELECT ticket_bug.bug_id FROM ticket_bug JOIN ticket ON ticket.id = ticket_bug.ticket_id WHERE ticket.product_id = ?1))
       AND NOT (bug.status IN ('resolved', 'verified', 'closed') AND coalesce(bug.resolution, '') <> 'fixed')
     ORDER BY bug.key`,
    [productRow.id],
  );
  return bugs.map((b) => ({
    bug: b.key,
    title: b.title,
    status: b.status,
    fixedIn: b.fixed_in,
    expect: b.resolution === 'fixed' && b.fixed_key !== null && b.fixed_key <= target ? 'fixed' : 'present',
    scripts: bugScripts(reader, b.id).map(({ path, content }) => ({ path, content })),
  }));
}

/** A bug's verdict from its scripts' outcomes: any reproduction means present; all clear means fixed. */
export function upgradeVerdict(outcomes: readonly Outcome[]): UpgradeVerdict {
  if (outcomes.includes('reproduced')) return 'present';
  if (outcomes.length > 0 && outcomes.every((o) => o === 'not-reproduced')) return 'fixed';
  return 'inconclusive';
}
