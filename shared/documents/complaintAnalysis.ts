// The complaint analysis (анализ рекламаций) for a period: where the tickets came from and what they were
// about, how fast the desk answered and resolved them, which bugs cost the most customers, and what is overdue.
// Each distribution is a table (both formats) and, in HTML, a bar chart of the same numbers.

import type { Bar, Block, Document, Inline } from './document';
import { formatDate, formatDateTime, formatDecimal, formatPercent, formatPeriod, orDash, vocabularyText } from './format';
import { documentText, type Translate } from './language';
import { renderDocument } from './render';
import type { ComplaintAnalysisData, CountData, DocumentLanguage, DurationStats, RenderOptions } from './types';

export function renderComplaintAnalysis(data: ComplaintAnalysisData, options: RenderOptions): string {
  return renderDocument(complaintAnalysisDocument(data, options.lang), options.format);
}

type DistributionKey = 'byStatus' | 'byPriority' | 'bySeverity' | 'byProduct' | 'byVersion' | 'byOrganization' | 'byChannel' | 'byType';

interface Distribution {
  key: DistributionKey;
  title: string;
  column: string;
  /** The values are the desk's vocabulary (shown through their labels), not names (shown as written). */
  vocabulary: boolean;
}

/** The ticket distributions, in the order a reader asks about them. */
function distributions(t: Translate): Distribution[] {
  return [
    { key: 'byStatus', title: t('Tickets by status'), column: t('Status'), vocabulary: true },
    { key: 'byPriority', title: t('Tickets by priority'), column: t('Priority'), vocabulary: true },
    { key: 'bySeverity', title: t('Tickets by severity'), column: t('Severity'), vocabulary: true },
    { key: 'byType', title: t('Tickets by type'), column: t('Type'), vocabulary: true },
    { key: 'byChannel', title: t('Tickets by channel'), column: t('Channel'), vocabulary: true },
    { key: 'byProduct', title: t('Tickets by product'), column: t('Product'), vocabulary: false },
    { key: 'byVersion', title: t('Tickets by version'), column: t('Version'), vocabulary: false },
    { key: 'byOrganization', title: t('Tickets by organization'), column: t('Organization'), vocabulary: false },
  ];
}

export function complaintAnalysisDocument(data: ComplaintAnalysisData, lang: DocumentLanguage): Document {
  const t = documentText(lang);
  const title = t('Complaint analysis: {0}', formatPeriod(data.from, data.to));
  return {
    lang,
    title,
    blocks: [
      { kind: 'heading', level: 1, text: title },
      { kind: 'fields', rows: summaryRows(t, data, lang) },
      { kind: 'heading', level: 2, text: t('Time to first response and to resolution') },
      timesTable(t, data, lang),
      ...distributions(t).flatMap((d) => countBlocks(t, lang, d.title, d.column, t('Tickets'), data[d.key], d.vocabulary)),
      ...topBugBlocks(t, data),
      ...countBlocks(t, lang, t('Reproducibility of the bugs'), t('Reproducibility'), t('Bugs'), data.reproducibility, true),
      ...overdueBlocks(t, data),
    ],
  };
}

function summaryRows(t: Translate, data: ComplaintAnalysisData, lang: DocumentLanguage): [string, Inline][] {
  const { totals } = data;
  return [
    [t('Period'), formatPeriod(data.from, data.to)],
    [t('Tickets opened'), String(totals.opened)],
    [t('Tickets resolved'), String(totals.resolved)],
    [t('Tickets closed'), String(totals.closed)],
    [t('Tickets reopened'), String(totals.reopened)],
    [t('Open at the end of the period'), String(totals.open)],
    [t('Reopen rate'), data.reopenRate === null ? t('no ticket was resolved') : t('{0} of the resolved tickets', formatPercent(t, data.reopenRate, lang))],
    [t('Overdue tickets'), String(data.overdue.length)],
    [t('Report generated'), formatDateTime(data.generatedAt)],
  ];
}

function timesTable(t: Translate, data: ComplaintAnalysisData, lang: DocumentLanguage): Block {
  const row = (name: string, stats: DurationStats | null): Inline[] =>
    stats && stats.count > 0
      ? [name, String(stats.count), formatDecimal(stats.medianHours, lang), formatDecimal(stats.averageHours, lang), formatDecimal(stats.p90Hours, lang)]
      : [name, '0', '—', '—', '—'];
  return {
    kind: 'table',
    head: [t('Measure'), t('Tickets'), t('Median, h'), t('Average, h'), t('90th percentile, h')],
    rows: [row(t('First response'), data.firstResponse), row(t('Resolution'), data.resolution)],
    numeric: [1, 2, 3, 4],
    compact: true,
  };
}

/** A distribution: its heading, the chart (HTML), and the table of counts and shares. */
function countBlocks(t: Translate, lang: DocumentLanguage, title: string, column: string, unit: string, counts: readonly CountData[], vocabulary: boolean): Block[] {
  const heading: Block = { kind: 'heading', level: 2, text: title };
  if (counts.length === 0) return [heading, { kind: 'paragraph', text: t('Nothing in the period.') }];
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  const name = (value: string): string => (vocabulary ? vocabularyText(t, value) : value || t('not set'));
  const bars: Bar[] = counts.map((c) => ({ label: name(c.value), value: c.count }));
  return [
    heading,
    { kind: 'chart', title, bars },
    {
      kind: 'table',
      head: [column, unit, t('Share')],
      rows: counts.map((c, i) => [bars[i].label, String(c.count), total > 0 ? formatPercent(t, c.count / total, lang) : '—']),
      numeric: [1, 2],
      compact: true,
    },
  ];
}

function topBugBlocks(t: Translate, data: ComplaintAnalysisData): Block[] {
  const title = t('Top bugs by tickets and customers');
  const heading: Block = { kind: 'heading', level: 2, text: title };
  if (data.topBugs.length === 0) return [heading, { kind: 'paragraph', text: t('No ticket of the period is linked to a bug.') }];
  return [
    heading,
    { kind: 'chart', title, bars: data.topBugs.map((b) => ({ label: `${b.key} ${b.title}`, value: b.tickets })) },
    {
      kind: 'table',
      head: [t('No.'), t('Bug'), t('Title'), t('Tickets'), t('Customers')],
      rows: data.topBugs.map((b, i) => [String(i + 1), b.key, b.title, String(b.tickets), String(b.customers)]),
      numeric: [0, 3, 4],
      nowrap: [1],
    },
  ];
}

function overdueBlocks(t: Translate, data: ComplaintAnalysisData): Block[] {
  const heading: Block = { kind: 'heading', level: 2, text: t('Overdue tickets') };
  if (data.overdue.length === 0) return [heading, { kind: 'paragraph', text: t('No ticket is overdue.') }];
  return [
    heading,
    { kind: 'paragraph', text: t('Open tickets whose callback was due before the end of the period.') },
    {
      kind: 'table',
      head: [t('Ticket'), t('Subject'), t('Organization'), t('Status'), t('Callback due'), t('Days overdue')],
      rows: data.overdue.map((o) => [o.key, o.subject, orDash(o.organization), vocabularyText(t, o.status), formatDate(o.due), String(o.daysOverdue)]),
      numeric: [5],
      nowrap: [0, 4],
    },
  ];
}
