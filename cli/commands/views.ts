// The reads a day needs, as verbs of the desk's nouns: `repro ticket show KEY` (the ticket with its timeline),
// `repro ticket list`, `repro call list` (callbacks due first), `repro bug show KEY`, `repro bug list`. Text for
// a person, or with --json the query's result. Reads open the desk read-only and never make one.

import * as l10n from '@vscode/l10n';
import type { Reader } from '../../shared/desk/store';
import type { TimelineEntry } from '../../shared/desk/queries';
import { BUG_STATUSES, label, PRIORITIES, TICKET_STATUSES, type BugStatus, type Priority, type TicketStatus } from '../../shared/desk/vocabulary';
import { OUTCOME_LABELS, type Outcome } from '../../shared/runner/results';
import { hasOption, optionValue, type OptionSpec, type ParsedArgs } from '../args';
import { EXIT, UsageError, type CliContext, type Subcommand } from '../context';
import { DB_OPTION, withDesk } from '../desk';
import { columns } from './help';
import { JSON_OPTION, verbHelp } from '../verbs';

const READ_EXIT = '0: shown; 2: a usage error, no such key, or a desk that cannot be read';

const word = (value: string | null | undefined): string => (value ? l10n.t(label(value)) : '—');
const outcome = (value: string | null): string => (value ? l10n.t(OUTCOME_LABELS[value as Outcome] ?? value) : l10n.t('not run'));
const when = (iso: string | null): string => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

interface View {
  noun: string;
  verb: Subcommand;
}

/** A read verb: options, one operand or none, and what it prints (text, or the JSON value). */
function view(noun: string, name: string, usage: string, summary: string, options: readonly OptionSpec[], read: (desk: Reader, args: ParsedArgs) => Promise<{ json: unknown; text: string } | UsageError>): View {
  const verb: Subcommand = {
    name,
    usage: `repro ${noun} ${name}${usage ? ` ${usage}` : ''} [--json] [--db PATH]`,
    summary,
    details: '',
    exitStatus: READ_EXIT,
    options: [...options, JSON_OPTION, DB_OPTION],
    help: () => verbHelp(verb),
    async run(ctx: CliContext, args: ParsedArgs) {
      const shown = await withDesk(ctx, args, (desk) => read(desk, args), { create: 'never', readOnly: true });
      if (shown instanceof UsageError) return shown;
      ctx.stdout(hasOption(args, '--json') ? JSON.stringify(shown.json, null, 2) + '\n' : shown.text);
      return EXIT.ok;
    },
  };
  return { noun, verb };
}

function oneKey(args: ParsedArgs, example: string): string | UsageError {
  const [key, ...extra] = args.positionals;
  return key && extra.length === 0 ? key : new UsageError(l10n.t('give one key, e.g. {0}', example));
}

function timelineRows(entries: readonly TimelineEntry[]): string {
  if (entries.length === 0) return '  ' + l10n.t('nothing yet');
  const width = Math.max(...(['call', 'note', 'change', 'run'] as const).map((kind) => l10n.t(kind).length));
  return entries
    .map((e) => {
      const what = e.kind === 'change' ? `${e.what}: ${e.before ?? '—'} → ${e.after ?? '—'}` : e.kind === 'run' ? `${outcome(e.what)} — ${e.text}` : `${e.what} — ${e.text}`;
      return `  ${when(e.at)}  ${l10n.t(e.kind).padEnd(width)}  ${e.by}  ${what.replace(/\s*\n\s*/g, ' ')}`;
    })
    .join('\n');
}

/** Repeatable filters of a closed set (`--status new --status triaged`). */
function many<T extends string>(args: ParsedArgs, name: string): T[] | undefined {
  return args.options.get(name) as T[] | undefined;
}

function limitOf(args: ParsedArgs): number | UsageError {
  const raw = optionValue(args, '--limit') ?? '50';
  return /^[1-9]\d*$/.test(raw) ? Number(raw) : new UsageError(l10n.t('option --limit takes a whole number above 0, not {0}', JSON.stringify(raw)));
}

const LIMIT: OptionSpec = { name: '--limit', value: 'N', summary: 'shows at most N (default 50)' };

export const VIEWS: readonly View[] = [
  view('ticket', 'show', 'KEY', 'shows a ticket: its fields, bugs, scripts, documents and timeline', [], async (desk, args) => {
    const key = oneKey(args, 'repro ticket show SUP-1');
    if (key instanceof UsageError) return key;
    const { ticketView } = await import('../../shared/desk/views');
    const t = ticketView(desk, key);
    const rows = [
      { term: l10n.t('status'), text: `${word(t.status)}${t.resolution ? ` (${word(t.resolution)})` : ''}` },
      { term: l10n.t('priority'), text: `${word(t.priority)} · ${l10n.t('severity')}: ${word(t.severity)} · ${word(t.type)}` },
      { term: l10n.t('customer'), text: [t.organization, t.contact, t.phone].filter(Boolean).join(' · ') || '—' },
      { term: l10n.t('product'), text: [t.product, t.version].filter(Boolean).join(' ') || '—' },
      { term: l10n.t('assignee'), text: t.assignee ?? '—' },
      { term: l10n.t('callback due'), text: when(t.callbackDue) },
      ...t.bugs.map((b) => ({ term: l10n.t('bug'), text: `${b.key} ${b.title} (${word(b.linkType)}, ${word(b.status)}${b.developer ? `, ${b.developer}` : ''})` })),
      ...t.scripts.map((s) => ({ term: l10n.t('script'), text: `${s.path}: ${outcome(s.lastOutcome)}${s.conclusiveRuns ? ` ${s.reproducedRuns}/${s.conclusiveRuns}` : ''}` })),
      ...t.documents.map((d) => ({ term: l10n.t('document'), text: `${d.number ?? d.title} (${word(d.kind)}, ${word(d.status)})` })),
    ];
    const text = `${t.key}  ${t.subject}\n${columns(rows)}\n${l10n.t('Timeline:')}\n${timelineRows(t.timeline)}\n`;
    return { json: t, text };
  }),
  view(
    'ticket',
    'list',
    '[--status S]… [--priority P]… [--org NAME] [--assignee LOGIN] [--search TEXT] [--limit N]',
    'lists tickets, the latest changed first',
    [
      { name: '--status', value: 'STATUS', choices: TICKET_STATUSES, repeatable: true, summary: 'only tickets in this status (repeat for more)' },
      { name: '--priority', value: 'PRIORITY', choices: PRIORITIES, repeatable: true, summary: 'only tickets of this priority (repeat for more)' },
      { name: '--org', value: 'NAME', summary: 'only the tickets of this organization' },
      { name: '--assignee', value: 'LOGIN', summary: 'only the tickets of this specialist' },
      { name: '--search', value: 'TEXT', summary: 'only tickets whose text has these words (or words starting so)' },
      LIMIT,
    ],
    async (desk, args) => {
      const limit = limitOf(args);
      if (limit instanceof UsageError) return limit;
      const { listTickets } = await import('../../shared/desk/queries');
      const found = listTickets(desk, {
        status: many<TicketStatus>(args, '--status'),
        priority: many<Priority>(args, '--priority'),
        organization: optionValue(args, '--org'),
        assignee: optionValue(args, '--assignee'),
        search: optionValue(args, '--search'),
        limit,
      });
      const rows = found.rows.map((t) => ({ term: t.key, text: `${word(t.status)} · ${word(t.priority)} · ${t.subject}${t.organization ? ` — ${t.organization}` : ''}${t.assignee ? ` (${t.assignee})` : ''}` }));
      const more = found.total > found.rows.length ? `\n  ${l10n.t('… and {0} more', found.total - found.rows.length)}` : '';
      return { json: found, text: (rows.length ? columns(rows) : '  ' + l10n.t('no tickets')) + more + '\n' };
    },
  ),
  view('call', 'list', '[--limit N]', 'lists the callbacks due (soonest first), then the latest calls', [LIMIT], async (desk, args) => {
    const limit = limitOf(args);
    if (limit instanceof UsageError) return limit;
    const { callbacksDue, recentCalls } = await import('../../shared/desk/queries');
    const callbacks = callbacksDue(desk).slice(0, limit);
    const calls = recentCalls(desk, limit);
    const due = callbacks.map((c) => ({ term: when(c.due), text: `${c.key} ${c.subject}${c.contact ? ` — ${c.contact}` : ''}${c.phone ? ` ${c.phone}` : ''}` }));
    const made = calls.map((c) => ({ term: `#${c.id} ${when(c.at)}`, text: `${word(c.direction)}, ${word(c.purpose)}, ${word(c.outcome)}${c.ticket ? ` · ${c.ticket}` : ''}${c.contact ? ` · ${c.contact}` : ''} — ${c.summary}` }));
    const text = `${l10n.t('Callbacks due:')}\n${due.length ? columns(due) : '  ' + l10n.t('none')}\n${l10n.t('Calls:')}\n${made.length ? columns(made) : '  ' + l10n.t('none')}\n`;
    return { json: { callbacks, calls }, text };
  }),
  view('bug', 'show', 'KEY', 'shows a bug: its fields, tickets, scripts and timeline', [], async (desk, args) => {
    const key = oneKey(args, 'repro bug show BUG-1');
    if (key instanceof UsageError) return key;
    const { bugView } = await import('../../shared/desk/views');
    const b = bugView(desk, key);
    const rows = [
      { term: l10n.t('status'), text: `${word(b.status)}${b.resolution ? ` (${word(b.resolution)})` : ''}${b.fixedIn ? ` · ${l10n.t('fixed in {0}', b.fixedIn)}` : ''}` },
      { term: l10n.t('severity'), text: word(b.severity) },
      { term: l10n.t('reproducibility'), text: word(b.reproducibility) },
      { term: l10n.t('product'), text: [b.product, b.affectedVersions.join(', ')].filter(Boolean).join(' ') || '—' },
      { term: l10n.t('developer'), text: b.developer ?? '—' },
      ...b.tickets.map((t) => ({ term: l10n.t('ticket'), text: `${t.key} ${t.subject} (${word(t.status)}${t.organization ? `, ${t.organization}` : ''})` })),
      ...b.scripts.map((s) => ({ term: l10n.t('script'), text: `${s.path}: ${outcome(s.lastOutcome)}` })),
    ];
    return { json: b, text: `${b.key}  ${b.title}\n${columns(rows)}\n${l10n.t('Timeline:')}\n${timelineRows(b.timeline)}\n` };
  }),
  view('bug', 'list', '[--status S]… [--limit N]', 'lists bugs, the latest changed first, with their reproducibility', [
    { name: '--status', value: 'STATUS', choices: BUG_STATUSES, repeatable: true, summary: 'only bugs in this status (repeat for more)' },
    LIMIT,
  ], async (desk, args) => {
    const limit = limitOf(args);
    if (limit instanceof UsageError) return limit;
    const { listBugs } = await import('../../shared/desk/queries');
    const found = listBugs(desk, { status: many<BugStatus>(args, '--status'), limit });
    const rows = found.rows.map((b) => ({ term: b.key, text: `${word(b.status)} · ${word(b.reproducibility)} · ${b.title} (${l10n.t('{0} tickets', b.tickets)}${b.developer ? `, ${b.developer}` : ''})` }));
    return { json: found, text: (rows.length ? columns(rows) : '  ' + l10n.t('no bugs')) + '\n' };
  }),
];
