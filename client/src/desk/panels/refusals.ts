// Why a panel's save was refused, for the field it concerns: a workflow rule said no; someone else changed the
// field meanwhile (an edit conflict, with both values); or the desk could not take the change (the team desk
// offline, a permission its server refused, a read-only or busy desk). Whatever the reason, the webview keeps
// what was typed: a refusal never drops a draft.
// Pure (no vscode): tested in plain Node against real desks and a real PostgreSQL (test/client/panelRefusals.test.ts).

import { connectionProblem } from '../../../../shared/desk/engines/postgres/problems';
import { PostgresError } from '../../../../shared/desk/engines/postgres/sync';
import { WorkflowError } from '../../../../shared/desk/workflows/common';
import { EditConflict } from '../../../../shared/desk/workflows/conflicts';

/** What the webview shows of a conflict: the desk's value, the one refused, and who set the desk's when. */
export interface PanelConflict {
  theirs: string | null;
  yours: string | null;
  by: string | null;
  at: string;
}

export interface Refusal {
  /** `rule`: the workflow refused the value; `conflict`: someone changed the field; `desk`: nothing could be saved. */
  kind: 'rule' | 'conflict' | 'desk';
  /** One line, for the field's note and the log. */
  reason: string;
  conflict?: PanelConflict;
}

/** The refusal an error from `perform` stands for; `where` names the desk (its URL has no password). */
export function refusal(error: unknown, where: string): Refusal {
  if (error instanceof EditConflict) {
    // A panel's edit is one field: its conflict is the first (and only) one.
    const [{ theirs, yours, by, at }] = error.conflicts;
    return { kind: 'conflict', reason: error.message, conflict: { theirs, yours, by, at } };
  }
  if (error instanceof WorkflowError) return { kind: 'rule', reason: error.message };
  if (error instanceof PostgresError) return { kind: 'desk', reason: connectionProblem(error, where) };
  return { kind: 'desk', reason: error instanceof Error ? error.message : String(error) };
}
