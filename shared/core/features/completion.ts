// Completion: what may come at the cursor, from the tables — commands and directives by position, flags,
// subjects and matchers, conditions, variables defined so far, archive files, background processes.

import * as l10n from '@vscode/l10n';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionList } from 'vscode-languageserver-types';
import type { Script } from '../ast';
import { COMMANDS, COMMAND_BY_NAME, HTTP_METHODS, WAIT_KINDS, type CommandSpec } from '../commands';
import { CONDITIONS } from '../conditions';
import type { FlagSpec } from '../grammar';
import { SIGNALS, SUBJECTS, SUBJECT_BY_NAME, type SubjectSpec } from '../subjects';
import { positionAt, type Position, type Range } from '../text';
import { inArchive, inBody, offsetOf, statementAtLine } from './position';
import { backgroundNames, variablesBefore } from './scope';

/** A ticket as completion offers it; the host words every field (its status in the editor's language). */
export interface TicketSummary {
  key: string;
  subject: string;
  /** Shown beside the key in the list. */
  status?: string;
  /** Markdown for the side panel (status, priority, latest outcome), escaped by the host. */
  documentation?: string;
}

/** What the host knows that the script does not (the ticket database). */
export interface CompletionHost {
  /** The tickets for what was typed (empty: the newest), filtered and ordered by the host. */
  tickets?: (typed: string) => readonly TicketSummary[];
}

/** The line typed so far: complete words before the cursor, and the word being typed. */
interface Prefix {
  conditions: string[];
  words: string[];
  /** The word under the cursor, up to the cursor (empty after a blank). */
  current: string;
  currentStart: number;
}

const SNIPPETS: Record<string, string> = {
  ticket: 'ticket ${1:SUP-1}',
  title: 'title "${1:Title}"',
  requires: 'requires ${1:program}',
  timeout: 'timeout ${1:30s}',
  seed: 'seed ${1:1}',
  env: 'env ${1:NAME}=${2:value}',
  mask: 'mask /${1:regex}/ "${2:<masked>}"',
  'allow-network': 'allow-network ${1:host}',
  step: 'step "${1:What the user did}"',
  run: 'run ${1:program}',
  http: 'http ${1|GET,POST,PUT,DELETE,PATCH,HEAD,OPTIONS|} ${2:http://127.0.0.1:8080/}',
  expect: 'expect ${1|exit,stdout,stderr,output,status,body|} ',
  bug: 'bug ${1|exit,stdout,stderr,output,status,body|} ',
  capture: 'capture ${1:NAME} ${2|stdout,stderr,output,body|} /${3:(.+)}/',
  set: 'set ${1:NAME} ${2:value}',
  port: 'port ${1:PORT}',
  cd: 'cd ${1:dir}',
  wait: 'wait ${1|port,file,output|} ',
  stop: 'stop ${1:name}',
  sleep: 'sleep ${1:1s}',
};

function markdown(value: string): { kind: typeof MarkupKind.Markdown; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

/** The documentation of a command, shared with hover. */
export function commandDoc(spec: CommandSpec): string {
  const lines = ['```repro', spec.usage, '```', l10n.t(spec.summary)];
  for (const flag of spec.flags ?? []) lines.push(`- \`${flag.name}${flag.value ? ' ' + flag.value : ''}\` — ${l10n.t(flag.summary)}`);
  lines.push('', l10n.t('Example:'), '```repro', spec.example, '```');
  return lines.join('\n');
}

function prefix(script: Script, position: Position): Prefix {
  const offset = offsetOf(script, position);
  const statement = statementAtLine(script, position.line);
  const start = statement && statement.start <= offset ? statement.start : script.lineStarts[position.line];
  // Continuation lines read as one line: `\` and the line break are a blank.
  const text = script.text.slice(start, offset).replace(/\\\r?\n/g, '  ');
  const tokens: string[] = [];
  let current = '';
  let quote = '';
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = '';
    } else if (ch === ' ' || ch === '\t') {
      if (current) tokens.push(current);
      current = '';
    } else {
      if ((ch === '"' || ch === "'") && !current.startsWith('/')) quote = ch;
      current += ch;
    }
  }
  const conditions: string[] = [];
  while (tokens.length > 0 && tokens[0].startsWith('[')) conditions.push(tokens.shift()!);
  return { conditions, words: tokens, current, currentStart: offset - current.length };
}

export function complete(script: Script, position: Position, host: CompletionHost = {}): CompletionList {
  const items: CompletionItem[] = [];
  const list = { isIncomplete: false, items };
  if (inArchive(script, position)) return list;
  const p = prefix(script, position);
  const offset = offsetOf(script, position);
  const replace: Range = { start: positionAt(script.lineStarts, p.currentStart), end: position };
  /**
   * `detail` is the item's form (or what it is); `summary`, its one-line doc, shows beside every item of the
   * list; `doc` (markdown, the summary by default) is the side panel's.
   */
  const add = (label: string, kind: CompletionItemKind, detail: string, more: { summary?: string; doc?: string; snippet?: string; edit?: { text: string; range: Range } } = {}): void => {
    const item: CompletionItem = { label, kind, detail };
    if (more.summary) item.labelDetails = { description: more.summary };
    const doc = more.doc ?? more.summary;
    if (doc) item.documentation = markdown(doc);
    item.textEdit = { range: more.edit?.range ?? replace, newText: more.edit?.text ?? more.snippet ?? label };
    if (more.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
    items.push(item);
  };

  // Comments, and words inside quotes, are free text.
  if (/^\s*#/.test(script.text.slice(script.lineStarts[position.line], offset)) || /(^|\s)#/.test(p.words.join(' ') + ' ' + p.current)) return list;

  // ${NAME}: the variables defined before this line.
  const ref = /\$\{([A-Za-z0-9_]*)$/.exec(p.current);
  if (ref) {
    const range = { start: positionAt(script.lineStarts, offset - ref[1].length), end: position };
    for (const [name, where] of variablesBefore(script, position.line)) {
      add(name, CompletionItemKind.Variable, where === undefined ? l10n.t('set by the sandbox') : l10n.t('defined on line {0}', where + 1), { edit: { text: name + '}', range } });
    }
    return list;
  }
  if (p.current.startsWith('"') || p.current.startsWith("'")) return list;

  // [COND]
  if (p.words.length === 0 && p.current.startsWith('[')) {
    for (const c of CONDITIONS) {
      for (const negated of ['', '!']) {
        const label = `[${negated}${c.name}${c.argument ? ':' : ''}`;
        const snippet = `[${negated}${c.name}${c.argument ? ':${1:' + c.argument.toLowerCase() + '}' : ''}]`;
        add(label + (c.argument ? '…]' : ']'), CompletionItemKind.EnumMember, l10n.t(c.summary), { snippet });
      }
    }
    return list;
  }

  if (p.words.length === 0) {
    const body = inBody(script, position.line);
    for (const spec of COMMANDS) {
      if (body && spec.placement === 'header') continue;
      if (p.conditions.length > 0 && !spec.conditional) continue;
      add(spec.name, CompletionItemKind.Keyword, spec.usage, { summary: l10n.t(spec.summary), doc: commandDoc(spec), snippet: SNIPPETS[spec.name] });
    }
    return list;
  }

  const spec = COMMAND_BY_NAME.get(p.words[0]);
  if (!spec) return list;
  const args = p.words.slice(1);
  const last = args[args.length - 1];
  const files = (): void => {
    for (const f of script.archive?.files ?? []) add(f.name, CompletionItemKind.File, l10n.t('archive file, line {0}', f.line + 1));
  };
  const flags = (specs: readonly FlagSpec[]): void => {
    for (const f of specs) if (f.repeatable || !args.includes(f.name)) add(f.name, CompletionItemKind.Property, f.value ? `${f.name} ${f.value}` : f.name, { summary: l10n.t(f.summary) });
  };
  const processes = (): void => {
    for (const name of backgroundNames(script, position.line)) add(name, CompletionItemKind.Value, l10n.t('background process'));
  };
  const subjects = (textOnly: boolean): void => {
    for (const s of SUBJECTS) if (!textOnly || s.text) add(s.name, CompletionItemKind.Field, s.argument ? `${s.name} ${s.argument}` : s.name, { summary: l10n.t(s.summary), snippet: s.argument ? `${s.name} \${1:${s.argument.toLowerCase()}} ` : undefined });
  };
  const matchers = (subject: SubjectSpec, operands: string[]): void => {
    if (operands.length === 0) {
      for (const m of subject.matchers) add(m.bare ? '0' : m.op, CompletionItemKind.Operator, m.usage, { summary: l10n.t(m.summary) });
    } else if (operands.length === 1 && operands[0] === 'signal') {
      for (const s of SIGNALS) add(s, CompletionItemKind.EnumMember, 'signal');
    } else if (operands.length === 1 && operands[0] === '==' && subject.text) {
      for (const f of script.archive?.files ?? []) add('@' + f.name, CompletionItemKind.File, l10n.t('the content of an archive file'));
    }
  };

  // Each command's grammar, as far as completion follows it.
  const byCommand: Record<string, () => void> = {
    run: () => {
      if (last === '--stdin') files();
      else if (last === '--timeout' || last === '--bg') return;
      else if (args.every((a, i) => a.startsWith('--') || ['--timeout', '--stdin', '--bg'].includes(args[i - 1]))) flags(spec.flags ?? []);
    },
    http: () => {
      if (args.length === 0) for (const m of HTTP_METHODS) add(m, CompletionItemKind.EnumMember, 'HTTP');
      else if (last === '--body-file') files();
      else if (last === '--header') add('"Content-Type: application/json"', CompletionItemKind.Value, 'header');
      else if (args.length >= 2 && !['--body', '--timeout'].includes(last)) flags(spec.flags ?? []);
    },
    expect: () => checkArgs(),
    bug: () => checkArgs(),
    capture: () => {
      if (args.length === 1) subjects(true);
    },
    wait: () => {
      const rest = args.filter((a, i) => a !== '--timeout' && args[i - 1] !== '--timeout');
      if (last === '--timeout') return;
      if (rest.length === 0) {
        for (const k of WAIT_KINDS) add(k, CompletionItemKind.Keyword, `wait ${k}`);
        flags(spec.flags ?? []);
      } else if (rest.length === 1 && rest[0] === 'port') {
        for (const [name] of variablesBefore(script, position.line)) if (/PORT/i.test(name)) add('${' + name + '}', CompletionItemKind.Variable, l10n.t('a port'));
      } else if (rest.length === 1 && rest[0] === 'output') processes();
      else if (rest.length === 2 && rest[0] === 'output') matchers(SUBJECT_BY_NAME.get('output')!, []);
      else if (rest.length >= 2) flags(spec.flags ?? []);
    },
    stop: () => {
      if (args.length === 0) processes();
    },
    ticket: () => {
      if (args.length > 0 || !host.tickets) return;
      // The host filters by what was typed and sends a page: the next keystroke asks again.
      list.isIncomplete = true;
      host.tickets(p.current).forEach((t, i) => {
        add(t.key, CompletionItemKind.Reference, t.subject, { summary: t.status, doc: t.documentation });
        // The host's order (newest first), and a filter that lets subject words typed keep the item.
        Object.assign(items[items.length - 1], { sortText: String(i).padStart(4, '0'), filterText: `${t.key} ${t.subject}` });
      });
    },
  };
  function checkArgs(): void {
    if (args.length === 0) return subjects(false);
    const subject = SUBJECT_BY_NAME.get(args[0]);
    if (!subject) return;
    const operands = args.slice(subject.argument ? 2 : 1);
    if (subject.argument && args.length < 2) return;
    matchers(subject, operands);
  }
  byCommand[spec.name]?.();
  return list;
}
