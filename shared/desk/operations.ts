// Every workflow step the UI and the CLI call, in one table: `perform(desk, 'createTicket', {...})` runs the
// step as one durable change, recorded in the journal under the step's name.
// An edit that met a conflict (workflows/conflicts.ts) returns its EditConflict instead of throwing it, so that
// what it could save (the fields nobody else changed) is committed; perform then throws it for the caller.

import type { DeskStore, Tx } from './store';
import { assignDeveloper, changeBugStatus, createBug, linkTicketToBug, setAffectedVersions, setReproducibility, unlinkTicketFromBug, updateBug } from './workflows/bugs';
import { registerCall } from './workflows/calls';
import { issueClosingAct, saveComplaintAnalysis, saveReproReport } from './workflows/documents';
import { EditConflict } from './workflows/conflicts';
import { addNote } from './workflows/notes';
import { addContact, addOrganization, addProduct, addStaff, releaseVersion } from './workflows/people';
import { linkScript, recordRun } from './workflows/runs';
import { applyTrackerState, configureTracker, linkTrackerIssue } from './workflows/tracker';
import { assignTicket, changeTicketStatus, createTicket, setCallback, updateTicket } from './workflows/tickets';

export const OPERATIONS = {
  addOrganization,
  addContact,
  addStaff,
  addProduct,
  releaseVersion,
  registerCall,
  createTicket,
  updateTicket,
  assignTicket,
  setCallback,
  changeTicketStatus,
  createBug,
  updateBug,
  setAffectedVersions,
  linkTicketToBug,
  unlinkTicketFromBug,
  assignDeveloper,
  changeBugStatus,
  setReproducibility,
  addNote,
  recordRun,
  linkScript,
  issueClosingAct,
  // Named as the journal has always labelled them (`repro report --save`, `repro analysis --save`).
  saveReport: saveReproReport,
  saveAnalysis: saveComplaintAnalysis,
  configureTracker,
  linkTrackerIssue,
  applyTrackerState,
} as const;

export type OperationName = keyof typeof OPERATIONS;
type Arguments<F> = F extends (tx: Tx, ...args: infer A) => unknown ? A : never;

/** What an operation takes after the transaction, and what it gives back. */
export type OperationArgs<K extends OperationName> = Arguments<(typeof OPERATIONS)[K]>;
export type OperationResult<K extends OperationName> = Exclude<ReturnType<(typeof OPERATIONS)[K]>, EditConflict>;

/** Runs one step as one durable change; rejects with the step's error, or with its EditConflict once the rest is kept. */
export async function perform<K extends OperationName>(desk: DeskStore, name: K, ...args: OperationArgs<K>): Promise<OperationResult<K>> {
  const step = OPERATIONS[name] as (tx: Tx, ...args: unknown[]) => OperationResult<K> | EditConflict;
  const result = await desk.change(name, (tx) => step(tx, ...args));
  if (result instanceof EditConflict) throw result;
  return result;
}
