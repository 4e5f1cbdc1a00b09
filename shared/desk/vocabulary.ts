// The desk's closed vocabularies, in one place: the schema's CHECK constraints, the workflows' transition
// tables, the UI's pickers and the documents' labels all read them. Values are stored as written here
// (kebab-case); `LABELS` gives the English a person reads (passed through l10n when shown).
// Sources: the support specialist's workflow of spec §2, with MantisBT's reproducibility, Bugzilla's bug
// statuses and the helpdesk statuses of Zendesk/osTicket/JSM (see ../research/tracker-anchors.md).

export const TICKET_TYPES = ['complaint', 'incident', 'question', 'upgrade'] as const;
export const TICKET_STATUSES = ['new', 'triaged', 'reproducing', 'waiting', 'escalated', 'fix-ready', 'resolved', 'closed', 'cancelled'] as const;
export const TICKET_RESOLUTIONS = ['fixed', 'workaround', 'answered', 'not-a-bug', 'user-error', 'duplicate', 'cannot-reproduce', 'wont-fix'] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
/** How bad the customer says it is (the bug carries the engineering assessment). */
export const TICKET_SEVERITIES = ['minor', 'major', 'critical'] as const;
export const CHANNELS = ['phone', 'email', 'chat', 'portal', 'other'] as const;

export const CALL_DIRECTIONS = ['in', 'out'] as const;
/** Why a call was made: a user reports (in), or the specialist calls back, during a reproduction, to confirm a fix, about an upgrade. */
export const CALL_PURPOSES = ['report', 'callback', 'reproduction', 'fix-confirmation', 'upgrade'] as const;
export const CALL_OUTCOMES = ['reached', 'no-answer', 'voicemail', 'resolved-on-call', 'callback-needed'] as const;

export const BUG_STATUSES = ['unconfirmed', 'confirmed', 'in-progress', 'resolved', 'verified', 'closed'] as const;
export const BUG_RESOLUTIONS = ['fixed', 'wont-fix', 'duplicate', 'not-a-bug', 'unable-to-reproduce'] as const;
export const BUG_SEVERITIES = ['trivial', 'minor', 'major', 'critical', 'blocker'] as const;
/** MantisBT's vocabulary. */
export const REPRODUCIBILITIES = ['always', 'sometimes', 'random', 'have-not-tried', 'unable-to-reproduce', 'not-applicable'] as const;
export const LINK_TYPES = ['caused-by', 'related'] as const;

export const NOTE_KINDS = ['comment', 'internal', 'callback', 'system'] as const;
export const VISIBILITIES = ['public', 'private'] as const;
export const STAFF_ROLES = ['specialist', 'developer', 'lead'] as const;
/** The developers' trackers a bug can be handed to (shared/tracker's adapters), and the markups their text is in. */
export const TRACKER_KINDS = ['redmine'] as const;
export const TRACKER_MARKUPS = ['textile', 'commonmark'] as const;

export const DOCUMENT_KINDS = ['repro-report', 'closing-act', 'complaint-analysis'] as const;
export const DOCUMENT_STATUSES = ['draft', 'issued', 'void'] as const;

export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type TicketResolution = (typeof TICKET_RESOLUTIONS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type TicketSeverity = (typeof TICKET_SEVERITIES)[number];
export type Channel = (typeof CHANNELS)[number];
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export type CallPurpose = (typeof CALL_PURPOSES)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type BugStatus = (typeof BUG_STATUSES)[number];
export type BugResolution = (typeof BUG_RESOLUTIONS)[number];
export type BugSeverity = (typeof BUG_SEVERITIES)[number];
export type Reproducibility = (typeof REPRODUCIBILITIES)[number];
export type LinkType = (typeof LINK_TYPES)[number];
export type NoteKind = (typeof NOTE_KINDS)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type StaffRole = (typeof STAFF_ROLES)[number];
export type TrackerKind = (typeof TRACKER_KINDS)[number];
export type TrackerMarkup = (typeof TRACKER_MARKUPS)[number];
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/**
 * Where a ticket may go from each status (spec §2). Reaching `escalated` needs a linked bug with a developer,
 * `resolved` a resolution; leaving `resolved` or `closed` for an open status is a reopen and is counted.
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['triaged', 'reproducing', 'waiting', 'resolved', 'cancelled'],
  triaged: ['reproducing', 'waiting', 'escalated', 'resolved', 'cancelled'],
  reproducing: ['triaged', 'waiting', 'escalated', 'resolved', 'cancelled'],
  waiting: ['triaged', 'reproducing', 'escalated', 'resolved', 'cancelled'],
  escalated: ['reproducing', 'waiting', 'fix-ready', 'resolved', 'cancelled'],
  'fix-ready': ['escalated', 'waiting', 'resolved'],
  resolved: ['closed', 'triaged', 'reproducing'],
  closed: ['triaged', 'reproducing'],
  cancelled: ['triaged'],
};

/** Where a bug may go from each status (Bugzilla's workflow, with `closed` after verification). */
export const BUG_TRANSITIONS: Readonly<Record<BugStatus, readonly BugStatus[]>> = {
  unconfirmed: ['confirmed', 'in-progress', 'resolved'],
  confirmed: ['unconfirmed', 'in-progress', 'resolved'],
  'in-progress': ['confirmed', 'resolved'],
  resolved: ['confirmed', 'verified', 'closed'],
  verified: ['confirmed', 'closed'],
  closed: ['confirmed'],
};

export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['new', 'triaged', 'reproducing', 'waiting', 'escalated', 'fix-ready'];
export const OPEN_BUG_STATUSES: readonly BugStatus[] = ['unconfirmed', 'confirmed', 'in-progress'];

/** The English a person reads for each value (l10n.t at display time). Values not listed read as written. */
export const LABELS: Readonly<Record<string, string>> = {
  waiting: 'waiting for customer',
  'fix-ready': 'fix ready',
  'in-progress': 'in progress',
  'not-a-bug': 'not a bug',
  'user-error': 'user error',
  'cannot-reproduce': 'cannot reproduce',
  'wont-fix': "won't fix",
  'have-not-tried': 'have not tried',
  'unable-to-reproduce': 'unable to reproduce',
  'not-applicable': 'N/A',
  'caused-by': 'caused by',
  'no-answer': 'no answer',
  'resolved-on-call': 'resolved on the call',
  'callback-needed': 'callback needed',
  'fix-confirmation': 'fix confirmation',
  in: 'inbound',
  out: 'outbound',
  'repro-report': 'reproduction report',
  'closing-act': 'closing act',
  'complaint-analysis': 'complaint analysis',
};

/** The label of a value, in English (callers localize it). */
export function label(value: string): string {
  return LABELS[value] ?? value;
}

/** `'a', 'b'` for a CHECK constraint. */
export function sqlList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(', ');
}
