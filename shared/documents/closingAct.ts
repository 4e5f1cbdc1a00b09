// The closing act (заключительный акт): the formal record, signed by both parties, that the support work on a
// customer's tickets is done. Its number (`ACT-2026-0001`, per year) is given when it is issued; a draft shows
// that it is one and has no number; a void act says it has no force; a correction is a new act that names the
// one it replaces (an issued act is never edited).

import { code, strong, type Block, type Document, type Inline } from './document';
import { formatDate, formatPeriod, orDash, outcomeText, partyText, runSummary, vocabularyText } from './format';
import { documentText, type Translate } from './language';
import { renderDocument } from './render';
import type { ClosingActData, DocumentLanguage, RenderOptions } from './types';

export function renderClosingAct(data: ClosingActData, options: RenderOptions): string {
  return renderDocument(closingActDocument(data, options.lang), options.format);
}

function actTitle(t: Translate, data: ClosingActData): string {
  if (data.status === 'draft') return t('Closing act — DRAFT');
  return t('Closing act No. {0}', data.number || '—');
}

/** What the reader must know before anything else: the act is a draft, void, or replaces another. */
function notices(t: Translate, data: ClosingActData): Block[] {
  const blocks: Block[] = [];
  if (data.status === 'draft') blocks.push({ kind: 'notice', tone: 'draft', text: [strong(t('DRAFT.')), ' ', t('This act has not been issued: it has no number and no force until it is issued.')] });
  if (data.status === 'void') blocks.push({ kind: 'notice', tone: 'void', text: [strong(t('VOID.')), ' ', t('This act has been annulled and has no force.')] });
  if (data.supersedes) blocks.push({ kind: 'notice', tone: 'note', text: t('This act replaces act No. {0}.', data.supersedes) });
  return blocks;
}

export function closingActDocument(data: ClosingActData, lang: DocumentLanguage): Document {
  const t = documentText(lang);
  const title = actTitle(t, data);
  const heading: Inline = data.status === 'draft' ? title : [title, ' ', t('of {0}', formatDate(data.date))];
  const facts: [string, Inline | undefined][] = [
    [t('Date'), formatDate(data.date)],
    [t('Provider'), partyText(data.provider)],
    [t('Customer'), partyText(data.organization)],
    [t('Contact person'), data.contact && partyText(data.contact)],
    [t('Period'), data.period && formatPeriod(data.period.from, data.period.to)],
    [t('Prepared by'), data.preparedBy.role ? t('{0}, {1}', data.preparedBy.name, data.preparedBy.role) : data.preparedBy.name],
  ];
  return {
    lang,
    title: data.status === 'draft' ? title : `${title} ${t('of {0}', formatDate(data.date))}`,
    blocks: [
      { kind: 'heading', level: 1, text: heading },
      ...notices(t, data),
      { kind: 'fields', rows: facts.filter((row): row is [string, Inline] => !!row[1]) },
      { kind: 'paragraph', text: t('The provider, {0}, has performed the support work described below for the customer, {1}.', data.provider.name, data.organization.name) },
      ...ticketBlocks(t, data),
      ...resolutionBlocks(t, data),
      ...evidenceBlocks(t, data),
      { kind: 'heading', level: 2, text: t('Signatures') },
      { kind: 'paragraph', text: t('The customer has no claims regarding the scope, quality and timing of the work.') },
      {
        kind: 'signatures',
        parties: [
          { role: t('Provider'), name: data.provider.name },
          { role: t('Customer'), name: data.organization.name },
        ],
        lines: [t('Name'), t('Position'), t('Signature'), t('Date')],
      },
    ],
  };
}

function ticketBlocks(t: Translate, data: ClosingActData): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: t('Tickets and work performed') }];
  if (data.tickets.length === 0) return [...blocks, { kind: 'paragraph', text: t('The act lists no tickets.') }];
  blocks.push({
    kind: 'table',
    head: [t('No.'), t('Ticket'), t('Subject'), t('Type'), t('Opened'), t('Resolved'), t('Status')],
    rows: data.tickets.map((k, i) => [String(i + 1), k.key, k.subject, vocabularyText(t, k.type), formatDate(k.openedAt), k.resolvedAt ? formatDate(k.resolvedAt) : '—', vocabularyText(t, k.status)]),
    numeric: [0],
    nowrap: [1, 4, 5],
  });
  for (const ticket of data.tickets) {
    blocks.push({ kind: 'heading', level: 3, text: t('{0}: {1}', ticket.key, ticket.subject) });
    if (ticket.bugs.length > 0) blocks.push({ kind: 'fields', rows: [[t('Bugs'), ticket.bugs.map((b) => t('{0} ({1})', b.key, b.title)).join('; ')]] });
    // The paragraph also keeps the work apart from the bugs' list: adjacent Markdown lists would merge.
    if (ticket.work.length === 0) blocks.push({ kind: 'paragraph', text: t('No work is recorded for this ticket.') });
    else blocks.push({ kind: 'paragraph', text: strong(t('Work performed:')) }, { kind: 'list', ordered: false, items: ticket.work });
  }
  return blocks;
}

function resolutionBlocks(t: Translate, data: ClosingActData): Block[] {
  if (data.tickets.length === 0) return [];
  return [
    { kind: 'heading', level: 2, text: t('Resolutions and versions') },
    {
      kind: 'table',
      head: [t('Ticket'), t('Resolution'), t('Product'), t('Version reported'), t('Fixed in version')],
      rows: data.tickets.map((k) => [k.key, k.resolution ? vocabularyText(t, k.resolution) : '—', orDash(k.product), orDash(k.reportedVersion), orDash(k.fixedInVersion)]),
      nowrap: [0],
    },
  ];
}

function evidenceBlocks(t: Translate, data: ClosingActData): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: t('Evidence') }];
  if (data.evidence.length === 0) return [...blocks, { kind: 'paragraph', text: t('No verifying runs are recorded.') }];
  return [
    ...blocks,
    { kind: 'paragraph', text: t('Runs of the repro scripts that confirm the result (a verified fix is a run that no longer reproduces the defect):') },
    {
      kind: 'table',
      head: [t('Ticket'), t('Repro script'), t('Date'), t('Version tested'), t('Outcome'), t('Fingerprint')],
      rows: data.evidence.map((e) => [e.ticketKey, code(e.script), formatDate(e.at), orDash(e.versionTested), evidenceOutcome(t, e), e.fingerprint ? code(shortFingerprint(e.fingerprint)) : '—']),
      nowrap: [0, 2],
    },
  ];
}

/** The outcome with k/n, and whether it is what the verification expected. */
function evidenceOutcome(t: Translate, run: ClosingActData['evidence'][number]): string {
  const summary = runSummary(t, run);
  if (!run.expected) return summary;
  return run.outcome === run.expected ? t('{0}, as expected', summary) : t('{0}; expected: {1}', summary, outcomeText(t, run.expected));
}

/** The first 12 hex digits: enough to tell runs apart on paper (the full one is in the desk). */
function shortFingerprint(fingerprint: string): string {
  return /^[0-9a-f]{13,}$/i.test(fingerprint) ? fingerprint.slice(0, 12) + '…' : fingerprint;
}
