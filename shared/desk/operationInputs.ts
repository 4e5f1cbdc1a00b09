// What each operation of OPERATIONS takes, declared once: its fields (kind, required or not, a one-line
// summary) and where each goes among the operation's arguments, and where it sits on the command line (noun,
// verb, positional fields). The CLI builds its desk subcommands, their option parsing and their help from this
// table (cli/commands/operations.ts), so a new operation without an entry here does not compile.
// Operations whose input is not typed by a person (a run's result, a rendered document) name the command that
// makes it instead (`handledBy`). Summaries and `done` lines are English, shown through l10n.t.

import * as l10n from '@vscode/l10n';
import type { OperationArgs, OperationName, OperationResult } from './operations';
import {
  BUG_RESOLUTIONS,
  BUG_SEVERITIES,
  BUG_STATUSES,
  CALL_DIRECTIONS,
  CALL_OUTCOMES,
  CALL_PURPOSES,
  CHANNELS,
  LINK_TYPES,
  PRIORITIES,
  REPRODUCIBILITIES,
  STAFF_ROLES,
  TICKET_RESOLUTIONS,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  label,
} from './vocabulary';

/**
 * How a value is written and checked: free text; a whole number; a date (YYYY-MM-DD) or a date and time
 * (ISO 8601, stored in UTC); one of `choices`; a ticket or bug key (SUP-1042 form); a staff login; a switch;
 * a file, whose workspace-relative path and text both go to the operation; `was`: FIELD=VALUE, what another
 * field of the same command held when the person looked (checked as that field is, put where it goes in
 * argument `to[0]`: the edit's base).
 */
export type InputKind = 'text' | 'integer' | 'date' | 'datetime' | 'enum' | 'ticket' | 'bug' | 'login' | 'switch' | 'file' | 'was';

/** Where a value goes: the operation's argument index, then properties inside it. */
export type ArgumentPath = readonly [number, ...string[]];

export interface InputField {
  /** The option's name without `--` (`subject`), or a positional's placeholder in lower case (`ticket`). */
  name: string;
  kind: InputKind;
  summary: string;
  to: ArgumentPath;
  choices?: readonly string[];
  required?: boolean;
  /** Given on the command line by position, in the order of `fields`. */
  positional?: boolean;
  /** May be given more than once; the operation gets the list. */
  list?: boolean;
  /** A list's items become objects with the value under this property (`{ name: '2.10' }`). */
  wrap?: string;
  /** switch: the value put at `to` when given (default true). */
  value?: string;
  /** What the operation gets when the field is not given. */
  default?: 'today';
  /** Another field (by name) that must be given with this one. */
  needs?: string;
  /** file: where the file's text goes. */
  contentTo?: ArgumentPath;
}

export interface OperationInput<K extends OperationName> {
  /** `repro NOUN VERB …`. */
  noun: string;
  verb: string;
  summary: string;
  fields: readonly InputField[];
  /** The one line a person reads when it is done. */
  done(result: OperationResult<K>, args: OperationArgs<K>): string;
}

export interface HandledElsewhere {
  /** The subcommand (and its option) that performs the operation, with inputs it makes itself. */
  handledBy: { command: string; option?: string; verb?: string };
}

export type OperationDescription<K extends OperationName> = OperationInput<K> | HandledElsewhere;

export function isGenerated<K extends OperationName>(d: OperationDescription<K>): d is OperationInput<K> {
  return 'noun' in d;
}

const opt = (name: string, kind: InputKind, to: ArgumentPath, summary: string, more: Partial<InputField> = {}): InputField => ({ name, kind, to, summary, ...more });
const pos = (name: string, kind: InputKind, to: ArgumentPath, summary: string, more: Partial<InputField> = {}): InputField => ({ name, kind, to, summary, positional: true, required: true, ...more });
const choose = (name: string, to: ArgumentPath, choices: readonly string[], summary: string, more: Partial<InputField> = {}): InputField => opt(name, 'enum', to, summary, { choices, ...more });

/** The fields a person edits on a ticket (TicketFields), at argument `i`. */
function ticketFields(i: number): InputField[] {
  return [
    choose('type', [i, 'type'], TICKET_TYPES, 'the kind of request (default: complaint)'),
    opt('description', 'text', [i, 'description'], 'what the customer reports'),
    opt('steps', 'text', [i, 'steps'], 'the steps that lead to the problem'),
    opt('expected', 'text', [i, 'expected'], 'what the customer expected'),
    opt('actual', 'text', [i, 'actual'], 'what happened instead'),
    choose('channel', [i, 'channel'], CHANNELS, 'how the request came in'),
    opt('contact-id', 'integer', [i, 'contactId'], 'the contact who reported it (repro contact add prints the id)'),
    opt('org', 'text', [i, 'organization'], 'the customer\'s organization (made when new)'),
    opt('product', 'text', [i, 'product'], 'the product (made when new)'),
    opt('component', 'text', [i, 'component'], 'the product\'s component', { needs: 'product' }),
    opt('version', 'text', [i, 'reportedVersion'], 'the version the customer runs', { needs: 'product' }),
    opt('environment', 'text', [i, 'environment'], 'where it happens (OS, configuration)'),
    choose('priority', [i, 'priority'], PRIORITIES, 'how soon it must be handled (default: normal)'),
    choose('severity', [i, 'severity'], TICKET_SEVERITIES, 'how bad the customer says it is (default: major)'),
  ];
}

/** The fields of a bug a person edits (BugFields), at argument `i`. */
function bugFields(i: number): InputField[] {
  return [
    opt('description', 'text', [i, 'description'], 'what the defect is'),
    choose('severity', [i, 'severity'], BUG_SEVERITIES, 'the engineering assessment (default: major)'),
    opt('product', 'text', [i, 'product'], 'the product (made when new)'),
    opt('component', 'text', [i, 'component'], 'the product\'s component'),
    opt('external-key', 'text', [i, 'externalKey'], 'the key in the developers\' tracker'),
    opt('external-url', 'text', [i, 'externalUrl'], 'the link to the developers\' tracker'),
  ];
}

/** `--was FIELD=VALUE`: the edit's base, argument `i` (an edit of a field someone changed since is refused). */
const was = (i: number): InputField =>
  opt('was', 'was', [i], 'what a field you change held when you looked, as FIELD=VALUE (FIELD= for not set): if someone changed it since, that change is refused (repeat for more)', { list: true });

const ticketKey = (r: { key: string }): string => r.key;

export const OPERATION_INPUTS: { readonly [K in OperationName]: OperationDescription<K> } = {
  addOrganization: {
    noun: 'org',
    verb: 'add',
    summary: 'adds a customer organization (or updates its phone and email)',
    fields: [pos('name', 'text', [0, 'name'], 'the organization\'s name'), opt('phone', 'text', [0, 'phone'], 'its phone'), opt('email', 'text', [0, 'email'], 'its email')],
    done: (id, [input]) => l10n.t('organization {0} is {1}', input.name, id),
  },
  addContact: {
    noun: 'contact',
    verb: 'add',
    summary: 'adds a person who calls (prints the contact\'s id)',
    fields: [pos('name', 'text', [0, 'name'], 'the person\'s name'), opt('org', 'text', [0, 'organization'], 'their organization (made when new)'), opt('phone', 'text', [0, 'phone'], 'their phone'), opt('email', 'text', [0, 'email'], 'their email')],
    done: (id) => l10n.t('contact {0} added', id),
  },
  addStaff: {
    noun: 'staff',
    verb: 'add',
    summary: 'adds a specialist or developer',
    fields: [pos('login', 'login', [0, 'login'], 'the login changes are recorded under'), opt('name', 'text', [0, 'name'], 'the person\'s name', { required: true }), choose('role', [0, 'role'], STAFF_ROLES, 'what they do', { required: true })],
    done: (_id, [input]) => l10n.t('{0} added', input.login),
  },
  addProduct: {
    noun: 'product',
    verb: 'add',
    summary: 'adds a product with its components and versions',
    fields: [
      pos('name', 'text', [0, 'name'], 'the product\'s name'),
      opt('component', 'text', [0, 'components'], 'a component (repeat for more)', { list: true }),
      opt('version', 'text', [0, 'versions'], 'a version, unreleased (repeat for more)', { list: true, wrap: 'name' }),
    ],
    done: (_id, [input]) => l10n.t('product {0} added', input.name),
  },
  releaseVersion: {
    noun: 'product',
    verb: 'release',
    summary: 'marks a version of a product released',
    fields: [pos('product', 'text', [0], 'the product'), pos('version', 'text', [1], 'the version'), opt('date', 'date', [2], 'the release date (default: today)', { default: 'today' })],
    done: (_r, [product, version]) => l10n.t('{0} {1} is released', product, version),
  },
  registerCall: {
    noun: 'call',
    verb: 'register',
    summary: 'registers a call: a user reports, or you call back (prints the call\'s number)',
    fields: [
      choose('direction', [0, 'direction'], CALL_DIRECTIONS, 'in: the user called; out: you called', { required: true }),
      opt('summary', 'text', [0, 'summary'], 'what was said', { required: true }),
      choose('outcome', [0, 'outcome'], CALL_OUTCOMES, 'how it ended', { required: true }),
      choose('purpose', [0, 'purpose'], CALL_PURPOSES, 'why (default: report for in, callback for out)'),
      choose('channel', [0, 'channel'], CHANNELS, 'how (default: phone)'),
      opt('ticket', 'ticket', [0, 'ticket'], 'the ticket the call is about (settles its callback when the user was reached)'),
      opt('contact', 'text', [0, 'contact', 'name'], 'the caller, a new contact'),
      opt('phone', 'text', [0, 'contact', 'phone'], 'the new contact\'s phone', { needs: 'contact' }),
      opt('email', 'text', [0, 'contact', 'email'], 'the new contact\'s email', { needs: 'contact' }),
      opt('contact-id', 'integer', [0, 'contactId'], 'the caller, a known contact'),
      opt('org', 'text', [0, 'organization'], 'the caller\'s organization (made when new)'),
      opt('at', 'datetime', [0, 'at'], 'when it happened (default: now)'),
      opt('duration', 'integer', [0, 'durationSeconds'], 'how long it took, in seconds'),
      opt('due', 'datetime', [0, 'callbackDue'], 'when to call back next'),
      opt('new-ticket', 'text', [0, 'newTicket', 'subject'], 'opens a ticket from the call, with this subject'),
    ],
    done: (r) => (r.ticketKey ? l10n.t('call {0} registered on {1}', r.callId, r.ticketKey) : l10n.t('call {0} registered', r.callId)),
  },
  createTicket: {
    noun: 'ticket',
    verb: 'create',
    summary: 'creates a ticket (from a call with --call)',
    fields: [
      opt('subject', 'text', [0, 'subject'], 'what the request is about, in one line', { required: true }),
      opt('key', 'ticket', [0, 'key'], 'a key of your own (default: the next SUP-N)'),
      opt('call', 'integer', [0, 'callId'], 'the call it comes from (its organization and contact come along)'),
      ...ticketFields(0),
      opt('assignee', 'login', [0, 'assignee'], 'the specialist who handles it'),
      opt('due', 'datetime', [0, 'callbackDue'], 'when the customer is due a call'),
    ],
    done: (r) => l10n.t('{0} created', ticketKey(r)),
  },
  updateTicket: {
    noun: 'ticket',
    verb: 'update',
    summary: 'changes fields of a ticket (each change goes into its history)',
    fields: [pos('ticket', 'ticket', [0], 'the ticket'), opt('subject', 'text', [1, 'subject'], 'the new subject'), ...ticketFields(1), was(2)],
    done: (_r, [key]) => l10n.t('{0} updated', key.toUpperCase()),
  },
  assignTicket: {
    noun: 'ticket',
    verb: 'assign',
    summary: 'gives a ticket to a specialist',
    fields: [pos('ticket', 'ticket', [0], 'the ticket'), pos('login', 'login', [1], 'the specialist')],
    done: (_r, [key, login]) => l10n.t('{0} is assigned to {1}', key.toUpperCase(), login ?? ''),
  },
  setCallback: {
    noun: 'ticket',
    verb: 'callback',
    summary: 'says when the customer is due a call',
    fields: [pos('ticket', 'ticket', [0], 'the ticket'), opt('due', 'datetime', [1], 'when (a date, or a date and time)', { required: true })],
    done: (_r, [key, due]) => l10n.t('{0}: callback due {1}', key.toUpperCase(), due ?? ''),
  },
  changeTicketStatus: {
    noun: 'ticket',
    verb: 'status',
    summary: 'moves a ticket along its workflow',
    fields: [
      pos('ticket', 'ticket', [0], 'the ticket'),
      pos('status', 'enum', [1], 'the new status', { choices: TICKET_STATUSES }),
      choose('resolution', [2, 'resolution'], TICKET_RESOLUTIONS, 'how it was resolved (needed for resolved)'),
    ],
    done: (_r, [key, status]) => l10n.t('{0} is {1}', key.toUpperCase(), l10n.t(label(status))),
  },
  createBug: {
    noun: 'bug',
    verb: 'create',
    summary: 'creates a bug, the defect behind tickets',
    fields: [
      opt('title', 'text', [0, 'title'], 'the defect, in one line', { required: true }),
      opt('key', 'bug', [0, 'key'], 'a key of your own (default: the next BUG-N)'),
      ...bugFields(0),
      opt('affects', 'text', [0, 'affectedVersions'], 'a version the defect is in (repeat for more)', { list: true, needs: 'product' }),
      opt('ticket', 'ticket', [0, 'tickets'], 'a ticket it causes (repeat for more)', { list: true }),
    ],
    done: (r) => l10n.t('{0} created', ticketKey(r)),
  },
  updateBug: {
    noun: 'bug',
    verb: 'update',
    summary: 'changes fields of a bug',
    fields: [pos('bug', 'bug', [0], 'the bug'), opt('title', 'text', [1, 'title'], 'the new title'), ...bugFields(1), was(2)],
    done: (_r, [key]) => l10n.t('{0} updated', key.toUpperCase()),
  },
  setAffectedVersions: {
    noun: 'bug',
    verb: 'versions',
    summary: 'sets the versions a bug is known in',
    fields: [pos('bug', 'bug', [0], 'the bug'), opt('product', 'text', [1], 'the product', { required: true }), opt('version', 'text', [2], 'a version (repeat for more; none clears them)', { list: true })],
    done: (_r, [key]) => l10n.t('{0} updated', key.toUpperCase()),
  },
  linkTicketToBug: {
    noun: 'bug',
    verb: 'link',
    summary: 'links a ticket to the bug behind it',
    fields: [pos('ticket', 'ticket', [0], 'the ticket'), pos('bug', 'bug', [1], 'the bug'), choose('type', [2], LINK_TYPES, 'how they relate (default: caused-by)')],
    done: (_r, [t, b]) => l10n.t('{0} is linked to {1}', t.toUpperCase(), b.toUpperCase()),
  },
  unlinkTicketFromBug: {
    noun: 'bug',
    verb: 'unlink',
    summary: 'removes the link between a ticket and a bug',
    fields: [pos('ticket', 'ticket', [0], 'the ticket'), pos('bug', 'bug', [1], 'the bug')],
    done: (_r, [t, b]) => l10n.t('{0} is no longer linked to {1}', t.toUpperCase(), b.toUpperCase()),
  },
  assignDeveloper: {
    noun: 'bug',
    verb: 'assign',
    summary: 'assigns a developer to a bug (its tickets are escalated)',
    fields: [pos('bug', 'bug', [0], 'the bug'), pos('login', 'login', [1], 'the developer')],
    done: (_r, [key, login]) => l10n.t('{0} is assigned to {1}', key.toUpperCase(), login),
  },
  changeBugStatus: {
    noun: 'bug',
    verb: 'status',
    summary: 'moves a bug along its workflow (fixed: its tickets become fix ready)',
    fields: [
      pos('bug', 'bug', [0], 'the bug'),
      pos('status', 'enum', [1], 'the new status', { choices: BUG_STATUSES }),
      choose('resolution', [2, 'resolution'], BUG_RESOLUTIONS, 'how it was resolved (needed for resolved)'),
      opt('fixed-in', 'text', [2, 'fixedIn'], 'the version with the fix'),
      opt('due', 'datetime', [2, 'callbackDue'], 'when the customers are due a call (default: in 24 hours)'),
    ],
    done: (_r, [key, status]) => l10n.t('{0} is {1}', key.toUpperCase(), l10n.t(label(status))),
  },
  setReproducibility: {
    noun: 'bug',
    verb: 'reproducibility',
    summary: 'sets a bug\'s reproducibility by hand (recorded runs recompute it, unless N/A)',
    fields: [pos('bug', 'bug', [0], 'the bug'), pos('value', 'enum', [1], 'the reproducibility', { choices: REPRODUCIBILITIES })],
    done: (_r, [key, value]) => l10n.t('{0} is {1}', key.toUpperCase(), l10n.t(label(value))),
  },
  addNote: {
    noun: 'note',
    verb: 'add',
    summary: 'adds a note to a ticket (or with --bug to a bug); public unless --private',
    fields: [
      pos('ticket', 'ticket', [0, 'ticket'], 'the ticket', { required: false }),
      opt('bug', 'bug', [0, 'bug'], 'the bug, instead of a ticket'),
      opt('body', 'text', [0, 'body'], 'the text', { required: true }),
      choose('kind', [0, 'kind'], ['comment', 'internal', 'callback'], 'comment (default), internal, or the summary of a callback'),
      opt('private', 'switch', [0, 'visibility'], 'only the staff see it', { value: 'private' }),
      opt('call', 'integer', [0, 'callId'], 'the call it was written during'),
    ],
    done: (id) => l10n.t('note {0} added', id),
  },
  linkScript: {
    noun: 'script',
    verb: 'link',
    summary: 'links a repro script to a ticket or bug (besides its ticket lines)',
    fields: [pos('file', 'file', [0], 'the script', { contentTo: [1] }), opt('ticket', 'ticket', [2, 'ticket'], 'the ticket'), opt('bug', 'bug', [2, 'bug'], 'the bug')],
    done: (_r, [path]) => l10n.t('{0} is linked', path),
  },
  // A run's result, a rendered act or report: made by the commands that make them.
  recordRun: { handledBy: { command: 'run', option: '--record' } },
  issueClosingAct: { handledBy: { command: 'act' } },
  saveReport: { handledBy: { command: 'report', option: '--save' } },
  saveAnalysis: { handledBy: { command: 'analysis', option: '--save' } },
  configureTracker: { handledBy: { command: 'tracker', verb: 'config' } },
  linkTrackerIssue: { handledBy: { command: 'tracker', verb: 'push' } },
  applyTrackerState: { handledBy: { command: 'tracker', verb: 'pull' } },
};
