// `repro report`, `repro act` and `repro analysis`: the desk's documents on the command line (spec §3).
// The desk's code is loaded when a command runs (see ../desk.ts).

import * as l10n from '@vscode/l10n';
import type { RenderOptions } from '../../shared/documents/types';
import type { Reader } from '../../shared/desk/store';
import { hasOption, optionValue, type ParsedArgs } from '../args';
import { EXIT, UsageError, type CliContext, type Subcommand } from '../context';
import { dateOption, documentFormat, documentLanguage, DOCUMENT_OPTIONS, emit, withDesk } from '../desk';

const SAVE = { name: '--save', summary: 'also keeps the document in the desk (numbered, never changed afterwards)' };

function renderOptions(ctx: CliContext, args: ParsedArgs): RenderOptions {
  return { format: documentFormat(args), lang: documentLanguage(ctx, args) };
}

export const reportCommand: Subcommand = {
  name: 'report',
  usage: 'repro report KEY [--format md|html] [--output FILE] [--save] [--db PATH]',
  summary: 'writes the reproduction report of a ticket or bug',
  details:
    'The report gives the environment and version, the steps to reproduce, what the bug checks expected against what the program did, the outcome with its reproducibility k/n, the fingerprint, where repeated runs diverged, a transcript excerpt and the script itself, from the latest run recorded in the desk.',
  exitStatus: '0: written; 2: a usage error, no such key, or a desk that cannot be read',
  options: [...DOCUMENT_OPTIONS, SAVE],
  async run(ctx, args) {
    const [key, ...extra] = args.positionals;
    if (!key || extra.length > 0) return new UsageError(l10n.t('give one ticket or bug key, e.g. repro report SUP-1042'));
    const options = renderOptions(ctx, args);
    const [{ renderReproReport }, { reproReportData }, { perform }] = await Promise.all([
      import('../../shared/documents'),
      import('../../shared/desk/documentsData'),
      import('../../shared/desk/operations'),
    ]);
    const result = await withDesk(ctx, args, async (desk) => {
      if (!hasOption(args, '--save')) return renderReproReport(reproReportData(desk, key, new Date().toISOString()), options);
      const saved = await perform(desk, 'saveReport', { key, lang: options.lang });
      return options.format === 'html' ? saved.html : saved.markdown;
    }, { create: hasOption(args, '--save') ? 'default' : 'never' });
    if (result instanceof UsageError) return result;
    return emit(ctx, args, result) ?? EXIT.ok;
  },
};

export const actCommand: Subcommand = {
  name: 'act',
  usage: 'repro act KEY… [--org NAME] [--supersedes NUMBER] [--provider NAME] [--from DATE --to DATE] [--draft] [--format md|html] [--output FILE] [--db PATH]',
  summary: 'issues a closing act for tickets of one organization',
  details:
    'The act is numbered per year (ACT-2026-0001), lists the tickets with the work performed, their resolutions and versions, the runs that verify them, and signature lines. An issued act is kept in the desk and never changes: --supersedes issues a correction that voids the act it names, and a ticket already in an issued act needs one. A ticket with no work recorded (a run, a note, a call to the customer or a resolution) can only have a draft: --draft shows the act, marked as a draft, without issuing it or taking a number.',
  exitStatus: '0: issued (or shown, with --draft); 2: a usage error, an unknown ticket, a ticket of another organization, already in an act or with no work recorded, or a desk that cannot be read',
  options: [
    { name: '--org', value: 'NAME', summary: 'the customer (default: the tickets\' organization)' },
    { name: '--supersedes', value: 'NUMBER', summary: 'the act this one corrects (it becomes void)' },
    { name: '--provider', value: 'NAME', summary: 'who gives the support, as the act names them' },
    { name: '--from', value: 'DATE', summary: 'the start of the period the act covers (YYYY-MM-DD)' },
    { name: '--to', value: 'DATE', summary: 'the end of the period the act covers (YYYY-MM-DD)' },
    { name: '--draft', summary: 'shows the act without issuing it' },
    ...DOCUMENT_OPTIONS,
  ],
  async run(ctx, args) {
    const tickets = args.positionals;
    if (tickets.length === 0) return new UsageError(l10n.t('name the tickets the act covers, e.g. repro act SUP-1 SUP-2'));
    const from = dateOption(args, '--from');
    const to = dateOption(args, '--to');
    if (from instanceof UsageError) return from;
    if (to instanceof UsageError) return to;
    if ((from === undefined) !== (to === undefined)) return new UsageError(l10n.t('give the period with both --from and --to'));
    const options = renderOptions(ctx, args);
    const provider = { name: optionValue(args, '--provider') ?? l10n.t('Support service') };
    const period = from && to ? { from, to } : undefined;
    const [{ renderClosingAct }, { closingActData }, { perform }, { WorkflowError, ticket }] = await Promise.all([
      import('../../shared/documents'),
      import('../../shared/desk/documentsData'),
      import('../../shared/desk/operations'),
      import('../../shared/desk/workflows/common'),
    ]);
    const result = await withDesk(ctx, args, async (desk) => {
      for (const key of tickets) ticket(desk, key);
      const organization = optionValue(args, '--org') ?? ticketsOrganization(desk, tickets);
      if (organization === undefined) throw new WorkflowError(l10n.t('the tickets do not belong to one organization: say which with --org'));
      if (hasOption(args, '--draft')) {
        return renderClosingAct(closingActData(desk, { organization, tickets, provider, period, status: 'draft', date: new Date().toISOString(), preparedBy: desk.user }), options);
      }
      const { id } = await perform(desk, 'issueClosingAct', { organization, tickets, provider, period, supersedes: optionValue(args, '--supersedes'), lang: options.lang });
      const stored = desk.get<{ markdown: string; html: string }>('SELECT markdown, html FROM document WHERE id = ?', [id])!;
      return options.format === 'html' ? stored.html : stored.markdown;
    }, { create: hasOption(args, '--draft') ? 'never' : 'default' });
    if (result instanceof UsageError) return result;
    return emit(ctx, args, result) ?? EXIT.ok;
  },
};

/** The one organization the tickets belong to, if they belong to one. */
function ticketsOrganization(desk: Reader, tickets: readonly string[]): string | undefined {
  const names = desk.all<{ name: string | null }>(
    `SELECT DISTINCT organization.name FROM ticket LEFT JOIN organization ON organization.id = ticket.organization_id WHERE ticket.key IN (${tickets.map(() => '?').join(', ')})`,
    tickets.map((k) => k.toUpperCase()),
  );
  return names.length === 1 && names[0].name ? names[0].name : undefined;
}

export const analysisCommand: Subcommand = {
  name: 'analysis',
  usage: 'repro analysis --from DATE --to DATE [--format md|html] [--output FILE] [--save] [--db PATH]',
  summary: 'writes the complaint analysis of a period',
  details:
    'Tickets opened in the period by status, priority, severity, product, version, organization, channel and type; time to first response and to resolution; the reopen rate; the bugs behind the most tickets and customers; their reproducibility; tickets whose callback is overdue. The HTML version draws its charts itself (no network).',
  exitStatus: '0: written; 2: a usage error or a desk that cannot be read',
  options: [
    { name: '--from', value: 'DATE', summary: 'the first day of the period (YYYY-MM-DD)' },
    { name: '--to', value: 'DATE', summary: 'the last day of the period (YYYY-MM-DD)' },
    ...DOCUMENT_OPTIONS,
    SAVE,
  ],
  async run(ctx, args) {
    const from = dateOption(args, '--from');
    const to = dateOption(args, '--to');
    if (from instanceof UsageError) return from;
    if (to instanceof UsageError) return to;
    if (!from || !to) return new UsageError(l10n.t('give the period with both --from and --to'));
    const options = renderOptions(ctx, args);
    const [{ renderComplaintAnalysis }, { complaintAnalysisData }, { perform }] = await Promise.all([
      import('../../shared/documents'),
      import('../../shared/desk/documentsData'),
      import('../../shared/desk/operations'),
    ]);
    const result = await withDesk(ctx, args, async (desk) => {
      if (!hasOption(args, '--save')) return renderComplaintAnalysis(complaintAnalysisData(desk, from, to, new Date().toISOString()), options);
      const saved = await perform(desk, 'saveAnalysis', { from, to, lang: options.lang });
      return options.format === 'html' ? saved.html : saved.markdown;
    }, { create: hasOption(args, '--save') ? 'default' : 'never' });
    if (result instanceof UsageError) return result;
    return emit(ctx, args, result) ?? EXIT.ok;
  },
};
