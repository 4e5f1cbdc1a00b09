// From a command line to an operation's arguments, by the operation's input description
// (shared/desk/operationInputs.ts): options and their help rows from the fields, then each value checked by its
// kind and put where the description says. A mistake is a one-line UsageError naming the flag or operand.

import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InputField } from '../shared/desk/operationInputs';
import { recordedPath } from '../shared/desk/runRecord';
import { TICKET_KEY } from '../shared/core/commands';
import type { OptionSpec, ParsedArgs } from './args';
import { UsageError } from './context';

/** How a field is written on the command line: `--subject TEXT`, or `TICKET` for a positional. */
export function fieldTerm(field: InputField): string {
  if (field.positional) return field.name.toUpperCase();
  return field.kind === 'switch' ? `--${field.name}` : `--${field.name} ${placeholder(field)}`;
}

const PLACEHOLDERS: Readonly<Record<InputField['kind'], string>> = {
  text: 'TEXT',
  integer: 'N',
  date: 'DATE',
  datetime: 'WHEN',
  enum: 'VALUE',
  ticket: 'KEY',
  bug: 'KEY',
  login: 'LOGIN',
  switch: '',
  file: 'FILE',
  was: 'FIELD=VALUE',
};

function placeholder(field: InputField): string {
  return field.choices ? field.choices.join('|') : PLACEHOLDERS[field.kind];
}

/** The options the fields make (choices are checked by parseArgs, with the usual message). */
export function fieldOptions(fields: readonly InputField[]): OptionSpec[] {
  return fields
    .filter((f) => !f.positional)
    .map((f) => ({ name: `--${f.name}`, value: f.kind === 'switch' ? undefined : placeholder(f), choices: f.choices, repeatable: f.list, summary: f.summary }));
}

/** `repro ticket status TICKET STATUS [--resolution …]`: the required options are shown, the others in brackets. */
export function fieldsUsage(fields: readonly InputField[]): string {
  return fields
    .map((f) => {
      const term = f.positional ? f.name.toUpperCase() : f.kind === 'switch' ? `--${f.name}` : `--${f.name} ${f.choices ? f.name.toUpperCase() : PLACEHOLDERS[f.kind]}`;
      return `${f.required ? term : `[${term}]`}${f.list ? '…' : ''}`;
    })
    .join(' ');
}

/** A value of a kind, checked and in the form the desk stores, or the message of why not. */
type Check = (raw: string) => { value: string | number } | { error: string };

const DATE = /^\d{4}-\d\d-\d\d$/;
const DATETIME = /^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?$/;

const CHECKS: Readonly<Record<Exclude<InputField['kind'], 'switch' | 'file' | 'enum' | 'was'>, Check>> = {
  text: (raw) => (raw.trim() ? { value: raw } : { error: l10n.t('a text that is not empty') }),
  integer: (raw) => (/^\d+$/.test(raw) ? { value: Number(raw) } : { error: l10n.t('a whole number') }),
  date: (raw) => (DATE.test(raw) && !Number.isNaN(Date.parse(raw)) ? { value: raw } : { error: l10n.t('a date written YYYY-MM-DD') }),
  // A date alone is midnight UTC; a time without a zone is the local time (as JavaScript reads ISO 8601).
  datetime: (raw) => (DATETIME.test(raw) && !Number.isNaN(Date.parse(raw.replace(' ', 'T'))) ? { value: new Date(raw.replace(' ', 'T')).toISOString() } : { error: l10n.t('a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM, Z for UTC)') }),
  ticket: (raw) => (TICKET_KEY.test(raw.toUpperCase()) ? { value: raw.toUpperCase() } : { error: l10n.t('a ticket key written like SUP-1042') }),
  bug: (raw) => (TICKET_KEY.test(raw.toUpperCase()) ? { value: raw.toUpperCase() } : { error: l10n.t('a bug key written like BUG-12') }),
  login: (raw) => (/^[\w.@-]+$/.test(raw) ? { value: raw } : { error: l10n.t('a login (letters, digits, . _ @ -)') }),
};

function put(args: unknown[], path: readonly [number, ...string[]], value: unknown): void {
  const [index, ...props] = path;
  if (props.length === 0) {
    args[index] = value;
    return;
  }
  let target = (args[index] ??= {}) as Record<string, unknown>;
  for (const prop of props.slice(0, -1)) target = (target[prop] ??= {}) as Record<string, unknown>;
  target[props[props.length - 1]] = value;
}

/** The operation's arguments from the command line, or the first mistake in it. */
export function operationArgs(fields: readonly InputField[], args: ParsedArgs, cwd: string, today: string): unknown[] | UsageError {
  const out: unknown[] = [];
  // An argument that holds properties is an object even when none is given (`updateTicket(key, {})`).
  for (const f of fields) if (f.to.length > 1) out[f.to[0]] ??= {};
  const positionals = fields.filter((f) => f.positional);
  if (args.positionals.length > positionals.length) {
    return new UsageError(l10n.t('unexpected operand {0}', JSON.stringify(args.positionals[positionals.length])));
  }
  for (const field of fields) {
    const term = field.positional ? field.name.toUpperCase() : `--${field.name}`;
    const given = field.positional ? (args.positionals[positionals.indexOf(field)] === undefined ? [] : [args.positionals[positionals.indexOf(field)]]) : (args.options.get(`--${field.name}`) ?? []);
    if (given.length === 0) {
      if (field.required) return new UsageError(field.positional ? l10n.t('{0} is missing: {1}', term, l10n.t(field.summary)) : l10n.t('option {0} is needed: {1}', term, l10n.t(field.summary)));
      if (field.default === 'today') put(out, field.to, today);
      continue;
    }
    if (field.needs && !args.options.has(`--${field.needs}`)) return new UsageError(l10n.t('option {0} needs --{1}', term, field.needs));
    if (field.kind === 'was') {
      const mistake = putBase(out, field, fields, given, args, cwd);
      if (mistake) return mistake;
      continue;
    }
    const values: unknown[] = [];
    for (const raw of given) {
      const value = convert(field, raw, cwd);
      if (value instanceof UsageError) return value;
      if (value && typeof value === 'object' && 'error' in value) return new UsageError(l10n.t('{0} takes {1}, not {2}', term, String(value.error), JSON.stringify(raw)));
      values.push(field.wrap ? { [field.wrap]: value } : value);
    }
    if (field.kind === 'file') {
      const file = values[0] as { path: string; content: string };
      put(out, field.to, file.path);
      if (field.contentTo) put(out, field.contentTo, file.content);
    } else put(out, field.to, field.list ? values : values[0]);
  }
  return out;
}

/**
 * `--was FIELD=VALUE`: each value checked as FIELD's own option is, put where FIELD goes but in argument
 * `was.to[0]`; an empty VALUE is null (the field was not set). FIELD must be one the command changes.
 */
function putBase(out: unknown[], was: InputField, fields: readonly InputField[], given: readonly string[], args: ParsedArgs, cwd: string): UsageError | undefined {
  const term = `--${was.name}`;
  const named = fields.filter((f) => !f.positional && f.kind !== 'was' && f.kind !== 'switch' && f.kind !== 'file' && f.to.length > 1);
  for (const raw of given) {
    const [, name, text] = /^([a-z][a-z-]*)=(.*)$/s.exec(raw) ?? [];
    const target = named.find((f) => f.name === name);
    if (!target) return new UsageError(l10n.t('{0} takes FIELD=VALUE, FIELD one of {1}, not {2}', term, named.map((f) => f.name).join(', '), JSON.stringify(raw)));
    if (!args.options.has(`--${target.name}`)) return new UsageError(l10n.t('{0} {1}=…: give the new value with --{1} too', term, target.name));
    let value: unknown = null;
    if (text.trim() !== '') {
      value = convert(target, text, cwd);
      if (value && typeof value === 'object' && 'error' in value) return new UsageError(l10n.t('{0} takes {1}, not {2}', `${term} ${target.name}=`, String(value.error), JSON.stringify(text)));
    }
    put(out, [was.to[0], ...(target.to.slice(1) as string[])], value);
  }
  return undefined;
}

function convert(field: InputField, raw: string, cwd: string): unknown {
  if (field.kind === 'switch') return field.value ?? true;
  if (field.kind === 'enum') return field.choices!.includes(raw) ? raw : { error: field.choices!.join(' | ') };
  // `--was` names another field, whose check putBase applies.
  if (field.kind === 'was') return { error: 'FIELD=VALUE' };
  if (field.kind === 'file') {
    try {
      return { path: recordedPath(cwd, resolve(cwd, raw)), content: readFileSync(resolve(cwd, raw), 'utf8') };
    } catch (error) {
      return new UsageError(l10n.t('{0}: cannot read: {1}', raw, (error as NodeJS.ErrnoException).code ?? String(error)));
    }
  }
  const checked = CHECKS[field.kind](raw);
  return 'value' in checked ? checked.value : checked;
}
