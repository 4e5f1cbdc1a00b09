// What the ticket and bug panels' webviews may say to the extension, as tables, and the one function that
// checks a message against them. A webview is a web page: whatever it sends is untrusted input, so every
// message is checked here (its type, each field's type, closed sets from the desk's vocabulary, lengths)
// before anything acts on it; anything else is refused with a reason for the log.
// Pure: no vscode import, so that the validator is tested in plain Node (test/client/panelMessages.test.ts).

import { TICKET_KEY } from '../../../../shared/core/commands';
import {
  BUG_RESOLUTIONS,
  BUG_SEVERITIES,
  BUG_STATUSES,
  CHANNELS,
  PRIORITIES,
  REPRODUCIBILITIES,
  TICKET_RESOLUTIONS,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  VISIBILITIES,
} from '../../../../shared/desk/vocabulary';

export type PanelKind = 'ticket' | 'bug';
export const PANEL_KINDS: readonly PanelKind[] = ['ticket', 'bug'];

/**
 * How one editable field's value is checked, here and (sent as JSON) in the webview before it is sent.
 * `nullable`: an empty value clears the field (null). Single-line text is trimmed.
 */
export type FieldSpec =
  | { kind: 'text'; max: number; required?: boolean; multiline?: boolean; nullable?: boolean }
  | { kind: 'choice'; values: readonly string[]; nullable?: boolean }
  | { kind: 'datetime'; nullable?: boolean }
  | { kind: 'login'; nullable?: boolean }
  | { kind: 'contact'; nullable?: boolean }
  | { kind: 'url'; max: number; nullable?: boolean }
  | { kind: 'list'; max: number };

const LONG = 100_000;
const NAME = 200;

/** Every field of a ticket a person edits in the panel (the status has a message of its own: it needs a resolution). */
export const TICKET_FIELDS = {
  subject: { kind: 'text', max: 500, required: true },
  description: { kind: 'text', max: LONG, multiline: true },
  steps: { kind: 'text', max: LONG, multiline: true },
  expected: { kind: 'text', max: LONG, multiline: true },
  actual: { kind: 'text', max: LONG, multiline: true },
  environment: { kind: 'text', max: 10_000, multiline: true },
  type: { kind: 'choice', values: TICKET_TYPES },
  priority: { kind: 'choice', values: PRIORITIES },
  severity: { kind: 'choice', values: TICKET_SEVERITIES },
  channel: { kind: 'choice', values: CHANNELS, nullable: true },
  organization: { kind: 'text', max: NAME, nullable: true },
  contact: { kind: 'contact', nullable: true },
  product: { kind: 'text', max: NAME, nullable: true },
  component: { kind: 'text', max: NAME, nullable: true },
  reportedVersion: { kind: 'text', max: 100, nullable: true },
  assignee: { kind: 'login', nullable: true },
  callbackDue: { kind: 'datetime', nullable: true },
} as const satisfies Record<string, FieldSpec>;

/** Every field of a bug a person edits in the panel (status, resolution and fixed-in version: its own message). */
export const BUG_FIELDS = {
  title: { kind: 'text', max: 500, required: true },
  description: { kind: 'text', max: LONG, multiline: true },
  severity: { kind: 'choice', values: BUG_SEVERITIES },
  product: { kind: 'text', max: NAME, nullable: true },
  component: { kind: 'text', max: NAME, nullable: true },
  affectedVersions: { kind: 'list', max: 2000 },
  developer: { kind: 'login' },
  reproducibility: { kind: 'choice', values: REPRODUCIBILITIES },
  externalKey: { kind: 'text', max: 100, nullable: true },
  externalUrl: { kind: 'url', max: 2000, nullable: true },
} as const satisfies Record<string, FieldSpec>;

export type TicketField = keyof typeof TICKET_FIELDS;
export type BugField = keyof typeof BUG_FIELDS;

export const FIELDS: Readonly<Record<PanelKind, Readonly<Record<string, FieldSpec>>>> = { ticket: TICKET_FIELDS, bug: BUG_FIELDS };

/** Inputs of the panel that are not fields but whose unsaved text is a draft too. */
const DRAFT_EXTRAS = ['status', 'resolution', 'fixedIn', 'noteBody', 'noteVisibility', 'linkBugKey'] as const;
const MAX_DRAFTS = 40;

/** How one property of a message is checked. */
type PropertySpec =
  | { type: 'string'; min?: number; max: number; optional?: boolean }
  | { type: 'enum'; values: readonly string[]; optional?: boolean }
  | { type: 'integer'; min: number; max: number }
  | { type: 'key' }
  | { type: 'value' }
  | { type: 'base'; optional: true }
  | { type: 'drafts' };

interface MessageSpec {
  properties: Readonly<Record<string, PropertySpec>>;
}

const key: PropertySpec = { type: 'key' };
const path: PropertySpec = { type: 'string', min: 1, max: 1000 };
const count: PropertySpec = { type: 'integer', min: 0, max: 1_000_000 };

/** What both panels accept. */
const COMMON: Readonly<Record<string, MessageSpec>> = {
  /** The webview's script has loaded (again: after being hidden, or restored): it wants the data. */
  ready: { properties: {} },
  /** The webview has drawn a version of the data; what it drew, for the tests and the log. */
  rendered: { properties: { version: count, title: { type: 'string', max: 2000 }, scripts: count, images: count, drafts: { type: 'drafts' } } },
  /** The unsaved values changed (typing, saving, reverting). */
  drafts: { properties: { drafts: { type: 'drafts' } } },
  /** `base`: what the field held when the person began to edit it (the desk's form), for the conflict check. */
  edit: { properties: { field: { type: 'string', max: 40 }, value: { type: 'value' }, base: { type: 'base', optional: true } } },
  addNote: { properties: { body: { type: 'string', min: 1, max: LONG }, visibility: { type: 'enum', values: VISIBILITIES } } },
  runScript: { properties: { path } },
  openScript: { properties: { path } },
  showMore: { properties: {} },
  generateReport: { properties: {} },
  openTicket: { properties: { key } },
  openBug: { properties: { key } },
};

/** Every message each panel accepts, by type. */
export const MESSAGES: Readonly<Record<PanelKind, Readonly<Record<string, MessageSpec>>>> = {
  ticket: {
    ...COMMON,
    changeStatus: {
      properties: {
        status: { type: 'enum', values: TICKET_STATUSES },
        resolution: { type: 'enum', values: TICKET_RESOLUTIONS, optional: true },
        base: { type: 'enum', values: TICKET_STATUSES, optional: true },
      },
    },
    linkBug: { properties: { key } },
    unlinkBug: { properties: { key } },
  },
  bug: {
    ...COMMON,
    changeStatus: {
      properties: {
        status: { type: 'enum', values: BUG_STATUSES },
        resolution: { type: 'enum', values: BUG_RESOLUTIONS, optional: true },
        fixedIn: { type: 'string', max: 100, optional: true },
        base: { type: 'enum', values: BUG_STATUSES, optional: true },
      },
    },
    verifyFix: { properties: {} },
    handToTracker: { properties: {} },
  },
};

/** A message that passed: its type and its properties, keys in upper case, edited values normalized. */
export type PanelMessage =
  | { type: 'ready' }
  | { type: 'showMore' }
  | { type: 'generateReport' }
  | { type: 'verifyFix' }
  | { type: 'handToTracker' }
  | { type: 'rendered'; version: number; title: string; scripts: number; images: number; drafts: Record<string, string> }
  | { type: 'drafts'; drafts: Record<string, string> }
  | { type: 'edit'; field: string; value: string | null; base?: string | null }
  | { type: 'addNote'; body: string; visibility: 'public' | 'private' }
  | { type: 'runScript'; path: string }
  | { type: 'openScript'; path: string }
  | { type: 'openTicket'; key: string }
  | { type: 'openBug'; key: string }
  | { type: 'linkBug'; key: string }
  | { type: 'unlinkBug'; key: string }
  | { type: 'changeStatus'; status: string; resolution?: string; fixedIn?: string; base?: string };

export type Validation = { ok: true; message: PanelMessage } | { ok: false; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const KEY_INPUT = /^[A-Za-z][A-Za-z0-9]{0,9}-[1-9][0-9]*$/;
const LOGIN = /^[\w.@-]{1,100}$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const WEB_ADDRESS = /^https?:\/\/[^\s/?#]+[^\s]*$/i;

/** A ticket or bug key as a person may type it (any case); undefined when it is not one. */
export function normalizeKey(value: string): string | undefined {
  const upper = value.trim().toUpperCase();
  return KEY_INPUT.test(value.trim()) && TICKET_KEY.test(upper) ? upper : undefined;
}

/** Checks one field's value; gives what the desk is told (trimmed, null for cleared) or why not. */
export function checkFieldValue(spec: FieldSpec, value: unknown): { ok: true; value: string | number | null } | { ok: false; reason: string } {
  if (value === null || (typeof value === 'string' && value.trim() === '' && spec.kind !== 'text')) {
    if ('nullable' in spec && spec.nullable) return { ok: true, value: null };
    if (spec.kind === 'list') return { ok: true, value: '' };
    return { ok: false, reason: 'a value is required' };
  }
  if (typeof value !== 'string') return { ok: false, reason: `a value is text, not ${typeof value}` };
  const text = spec.kind === 'text' && spec.multiline ? value : value.trim();
  switch (spec.kind) {
    case 'text':
      if (text.length > spec.max) return { ok: false, reason: `longer than ${spec.max} characters` };
      if (!text.trim()) return spec.required ? { ok: false, reason: 'a value is required' } : { ok: true, value: spec.nullable ? null : text };
      return { ok: true, value: text };
    case 'choice':
      return spec.values.includes(text) ? { ok: true, value: text } : { ok: false, reason: `not one of ${spec.values.join(', ')}` };
    case 'datetime':
      return ISO_TIME.test(text) && !Number.isNaN(Date.parse(text)) ? { ok: true, value: new Date(text).toISOString() } : { ok: false, reason: 'not a date and time' };
    case 'login':
      return LOGIN.test(text) ? { ok: true, value: text } : { ok: false, reason: 'not a login' };
    case 'contact':
      return /^[1-9][0-9]{0,15}$/.test(text) ? { ok: true, value: Number(text) } : { ok: false, reason: 'not a contact' };
    case 'url':
      return text.length <= spec.max && WEB_ADDRESS.test(text) ? { ok: true, value: text } : { ok: false, reason: 'not a web address (http or https)' };
    case 'list':
      return text.length <= spec.max ? { ok: true, value: splitList(text).join(', ') } : { ok: false, reason: `longer than ${spec.max} characters` };
  }
}

/** The items of a comma-separated list, trimmed, empty ones and repeats dropped. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
}

function checkProperty(kind: PanelKind, name: string, spec: PropertySpec, value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  switch (spec.type) {
    case 'string':
      if (typeof value !== 'string') return { ok: false, reason: `${name} must be text` };
      if (value.length < (spec.min ?? 0) || (spec.min && !value.trim())) return { ok: false, reason: `${name} must not be empty` };
      if (value.length > spec.max) return { ok: false, reason: `${name} is longer than ${spec.max} characters` };
      if (value.includes('\0')) return { ok: false, reason: `${name} holds a NUL character` };
      return { ok: true, value };
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value) ? { ok: true, value } : { ok: false, reason: `${name} must be one of ${spec.values.join(', ')}` };
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= spec.min && (value as number) <= spec.max ? { ok: true, value } : { ok: false, reason: `${name} must be a whole number` };
    case 'key': {
      const normalized = typeof value === 'string' ? normalizeKey(value) : undefined;
      return normalized ? { ok: true, value: normalized } : { ok: false, reason: `${name} must be a key such as SUP-1042` };
    }
    case 'value':
      return value === null || typeof value === 'string' ? { ok: true, value } : { ok: false, reason: `${name} must be text or null` };
    case 'base':
      // What the desk held, as the panel was sent it: not checked as a new value is, only bounded.
      if (value !== null && typeof value !== 'string') return { ok: false, reason: `${name} must be text or null` };
      if (typeof value === 'string' && (value.length > LONG || value.includes('\0'))) return { ok: false, reason: `${name} is not a value the desk holds` };
      return { ok: true, value };
    case 'drafts': {
      if (!isRecord(value)) return { ok: false, reason: `${name} must be an object` };
      const allowed = new Set<string>([...Object.keys(FIELDS[kind]), ...DRAFT_EXTRAS]);
      const entries = Object.entries(value);
      if (entries.length > MAX_DRAFTS) return { ok: false, reason: `${name} has too many entries` };
      for (const [field, text] of entries) {
        if (!allowed.has(field)) return { ok: false, reason: `${name} names an unknown field ${field}` };
        if (typeof text !== 'string' || text.length > LONG) return { ok: false, reason: `${name}.${field} must be text of at most ${LONG} characters` };
      }
      return { ok: true, value: Object.fromEntries(entries) };
    }
  }
}

/** Checks a message from a panel's webview against the table of its kind. */
export function validateMessage(kind: PanelKind, raw: unknown): Validation {
  if (!isRecord(raw)) return { ok: false, reason: 'a message must be an object' };
  const type = raw.type;
  if (typeof type !== 'string') return { ok: false, reason: 'a message must have a type' };
  const spec = Object.hasOwn(MESSAGES[kind], type) ? MESSAGES[kind][type] : undefined;
  if (!spec) return { ok: false, reason: `unknown message type ${JSON.stringify(type.slice(0, 40))} for a ${kind} panel` };
  const message: Record<string, unknown> = { type };
  for (const name of Object.keys(raw)) {
    if (name !== 'type' && !Object.hasOwn(spec.properties, name)) return { ok: false, reason: `${type}: unexpected property ${JSON.stringify(name.slice(0, 40))}` };
  }
  for (const [name, property] of Object.entries(spec.properties)) {
    if (raw[name] === undefined) {
      if ('optional' in property && property.optional) continue;
      return { ok: false, reason: `${type}: ${name} is missing` };
    }
    const checked = checkProperty(kind, name, property, raw[name]);
    if (!checked.ok) return { ok: false, reason: `${type}: ${checked.reason}` };
    message[name] = checked.value;
  }
  if (type === 'edit') {
    const field = message.field as string;
    const fieldSpec = Object.hasOwn(FIELDS[kind], field) ? FIELDS[kind][field] : undefined;
    if (!fieldSpec) return { ok: false, reason: `edit: a ${kind} has no field ${JSON.stringify(field)}` };
    const checked = checkFieldValue(fieldSpec, message.value);
    if (!checked.ok) return { ok: false, reason: `edit ${field}: ${checked.reason}` };
    message.value = checked.value === null ? null : String(checked.value);
  }
  return { ok: true, message: message as PanelMessage };
}
