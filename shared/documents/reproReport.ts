// The reproduction report (отчёт о воспроизведении ошибки): what a developer needs to see the defect and a
// customer needs to trust it was seen. The summary comes first (the outcome in words, with k/n), then the
// steps a person would follow, what the `bug` checks expected against what the program did, and the evidence
// that makes the run checkable: fingerprint, divergence, transcript, the script itself; earlier runs in short.

import { code, strong, type Block, type Document, type Inline } from './document';
import { formatDateTime, formatDuration, orDash, outcomeText, runReproducibilityText, runSummary, vocabularyText } from './format';
import { documentText, type Translate } from './language';
import { renderDocument } from './render';
import type { CheckData, DocumentLanguage, ReproReportData, RenderOptions, RunData } from './types';

export function renderReproReport(data: ReproReportData, options: RenderOptions): string {
  return renderDocument(reproReportDocument(data, options.lang), options.format);
}

export function reproReportDocument(data: ReproReportData, lang: DocumentLanguage): Document {
  const t = documentText(lang);
  const title = t('Reproduction report: {0}', data.subject.key);
  const run = data.run;
  return {
    lang,
    title,
    blocks: [
      { kind: 'heading', level: 1, text: title },
      { kind: 'paragraph', text: strong(data.subject.title) },
      { kind: 'fields', rows: summaryRows(t, data, lang) },
      { kind: 'heading', level: 2, text: t('Steps to reproduce') },
      ...stepBlocks(t, data),
      { kind: 'heading', level: 2, text: t('Expected and actual') },
      ...(run ? checkBlocks(t, run.checks) : [{ kind: 'paragraph', text: t('No run has been recorded yet.') } as const]),
      ...(run ? runBlocks(t, run, data) : []),
      { kind: 'heading', level: 2, text: t('Earlier runs') },
      ...historyBlocks(t, data),
      ...linkBlocks(t, data),
      ...scriptBlocks(t, data),
    ],
  };
}

function summaryRows(t: Translate, data: ReproReportData, lang: DocumentLanguage): [string, Inline][] {
  const { subject, run } = data;
  const rows: [string, Inline | undefined][] = [
    [t('Outcome'), run ? strong(runSummary(t, run)) : t('not run yet')],
    [subject.kind === 'bug' ? t('Bug') : t('Ticket'), subject.key],
    [t('Status'), vocabularyText(t, subject.status)],
    [t('Priority'), subject.priority && vocabularyText(t, subject.priority)],
    [t('Severity'), subject.severity && vocabularyText(t, subject.severity)],
    [t('Reproducibility'), subject.reproducibility && vocabularyText(t, subject.reproducibility)],
    [t('Organization'), subject.organization],
    [t('Contact person'), subject.contact],
    [t('Product'), subject.product],
    [t('Version reported'), subject.reportedVersion],
    [t('Environment reported'), subject.environment],
    [t('Version tested'), run?.versionTested],
    [t('Environment tested'), run?.environment],
    [t('Latest run'), run && t('{0}, by {1}, took {2}', formatDateTime(run.at), run.by, formatDuration(t, run.durationMs, lang))],
    [t('Report generated'), formatDateTime(data.generatedAt)],
  ];
  return rows.filter((row): row is [string, Inline] => !!row[1]);
}

function stepBlocks(t: Translate, data: ReproReportData): Block[] {
  if (!data.script) return [{ kind: 'paragraph', text: t('No repro script is linked.') }];
  if (data.script.steps.length === 0) return [{ kind: 'paragraph', text: t('The script names no steps: see the script below.') }];
  return [{ kind: 'list', ordered: true, items: data.script.steps }];
}

/** `bug` checks are the defect's symptoms (expected vs actual); `expect` checks are preconditions. */
function checkBlocks(t: Translate, checks: readonly CheckData[]): Block[] {
  const symptoms = checks.filter((c) => c.role === 'bug');
  const preconditions = checks.filter((c) => c.role !== 'bug');
  const blocks: Block[] = [];
  if (symptoms.length === 0) blocks.push({ kind: 'paragraph', text: t('The run executed no bug check.') });
  else
    blocks.push(
      { kind: 'paragraph', text: t('Each bug check states how the defect shows itself; the run compared it with what the program actually did.') },
      {
        kind: 'table',
        head: [t('Line'), t('The defect shows as'), t('Actual'), t('Result')],
        rows: symptoms.map((c) => [String(c.line), code(c.check), code(c.actual), c.passed ? t('the defect showed') : t('the defect did not show')]),
        numeric: [0],
      },
    );
  if (preconditions.length > 0)
    blocks.push(
      { kind: 'heading', level: 3, text: t('Preconditions') },
      {
        kind: 'table',
        head: [t('Line'), t('Check'), t('Actual'), t('Result')],
        rows: preconditions.map((c) => [String(c.line), code(c.check), code(c.actual), c.passed ? t('held') : t('failed: the run stopped')]),
        numeric: [0],
      },
    );
  return blocks;
}

function runBlocks(t: Translate, run: RunData, data: ReproReportData): Block[] {
  const expected = run.expected && outcomeText(t, run.expected);
  const expectation = expected && (run.outcome === run.expected ? t('{0} — the run met it', expected) : t('{0} — the run did not meet it', expected));
  const outcomeRows: [string, Inline | undefined][] = [
    [t('Expected outcome'), expectation],
    [t('Reason'), run.reason],
    [t('Reproducibility in these runs'), runReproducibilityText(t, run)],
    [t('Runs'), t('{0} in all, {1} conclusive, {2} reproduced the defect', run.runs, run.conclusiveRuns, run.reproducedRuns)],
  ];
  return [
    { kind: 'heading', level: 2, text: t('Outcome') },
    { kind: 'fields', rows: outcomeRows.filter((row): row is [string, Inline] => !!row[1]) },
    { kind: 'heading', level: 2, text: t('Fingerprint') },
    ...fingerprintBlocks(t, run),
    { kind: 'heading', level: 2, text: t('Where runs diverged') },
    { kind: 'paragraph', text: divergenceText(t, run, data) },
    { kind: 'heading', level: 2, text: t('Transcript (excerpt)') },
    run.transcript ? { kind: 'code', language: 'text', text: run.transcript } : { kind: 'paragraph', text: t('No transcript was recorded.') },
  ];
}

function fingerprintBlocks(t: Translate, run: RunData): Block[] {
  if (run.fingerprints.length === 0) return [{ kind: 'paragraph', text: t('No run was conclusive: there is no fingerprint.') }];
  if (run.fingerprints.length === 1) {
    const intro = run.conclusiveRuns > 1 ? t('All {0} conclusive runs behaved the same way:', run.conclusiveRuns) : t('The fingerprint of the run:');
    return [{ kind: 'paragraph', text: [intro, ' ', code(run.fingerprints[0])] }];
  }
  return [
    { kind: 'paragraph', text: t('The runs behaved in {0} different ways:', run.fingerprints.length) },
    { kind: 'list', ordered: false, items: run.fingerprints.map((f) => code(f)) },
  ];
}

function divergenceText(t: Translate, run: RunData, data: ReproReportData): Inline {
  if (run.divergesAt === null) return run.runs > 1 ? t('The runs did not diverge.') : t('One run: there is nothing to compare.');
  const line = data.script?.content.split(/\r\n|\r|\n/)[run.divergesAt - 1]?.trim();
  return line ? [t('The runs first behaved differently at line {0}:', run.divergesAt), ' ', code(line)] : t('The runs first behaved differently at line {0}.', run.divergesAt);
}

function historyBlocks(t: Translate, data: ReproReportData): Block[] {
  if (data.history.length === 0) return [{ kind: 'paragraph', text: t('No earlier runs.') }];
  return [
    {
      kind: 'table',
      head: [t('Date'), t('Outcome'), t('Version tested')],
      rows: data.history.map((h) => [formatDateTime(h.at), runSummary(t, h), orDash(h.versionTested)]),
      nowrap: [0],
    },
  ];
}

function linkBlocks(t: Translate, data: ReproReportData): Block[] {
  const blocks: Block[] = [];
  if (data.tickets.length > 0)
    blocks.push(
      { kind: 'heading', level: 2, text: t('Linked tickets') },
      { kind: 'table', head: [t('Ticket'), t('Subject'), t('Organization')], rows: data.tickets.map((k) => [k.key, k.subject, orDash(k.organization)]), nowrap: [0] },
    );
  if (data.bugs.length > 0)
    blocks.push(
      { kind: 'heading', level: 2, text: t('Linked bugs') },
      { kind: 'table', head: [t('Bug'), t('Title'), t('Status')], rows: data.bugs.map((b) => [b.key, b.title, vocabularyText(t, b.status)]), nowrap: [0] },
    );
  return blocks;
}

function scriptBlocks(t: Translate, data: ReproReportData): Block[] {
  if (!data.script) return [];
  const rows: [string, Inline | undefined][] = [
    [t('File'), code(data.script.path)],
    [t('Title'), data.script.title],
  ];
  return [
    { kind: 'heading', level: 2, text: t('Repro script') },
    { kind: 'fields', rows: rows.filter((row): row is [string, Inline] => !!row[1]) },
    { kind: 'code', language: 'repro', text: data.script.content },
  ];
}
