// What each document is made from: plain data gathered from the desk (shared/desk/documentsData.ts builds
// these), so that rendering is a pure function of it, in either language and format. Times are ISO 8601 (UTC)
// strings; vocabulary values (statuses, priorities…) are the desk's own (shared/desk/vocabulary.ts).

export type DocumentLanguage = 'en' | 'ru';
/** Markdown (CommonMark/GFM), a self-contained HTML page, or Textile (a tracker's text, such as Redmine's). */
export type DocumentFormat = 'md' | 'html' | 'textile';

export interface RenderOptions {
  format: DocumentFormat;
  lang: DocumentLanguage;
}

export interface PartyData {
  name: string;
  phone?: string;
  email?: string;
}

/** A check of the run shown in a report: what the script expected against what the program did. */
export interface CheckData {
  line: number;
  role: 'expect' | 'bug';
  /** The check as written, e.g. `stderr contains "Traceback"`. */
  check: string;
  passed: boolean;
  /** What was observed, e.g. `exit 3`. */
  actual: string;
}

export interface RunData {
  at: string;
  by: string;
  outcome: 'reproduced' | 'not-reproduced' | 'inconclusive' | 'error';
  reason: string;
  /** What the run was expected to show (a verification expects `not-reproduced`), if anything. */
  expected?: 'reproduced' | 'not-reproduced';
  reproducedRuns: number;
  conclusiveRuns: number;
  runs: number;
  fingerprints: string[];
  /** The first script line where repeated runs behaved differently. */
  divergesAt: number | null;
  versionTested?: string;
  environment?: string;
  durationMs: number;
  checks: CheckData[];
  /** The transcript of the run shown (an excerpt: the first lines), as `line  text` rows. */
  transcript: string;
}

export interface ReproReportData {
  generatedAt: string;
  /** What the report is about: a ticket or a bug. */
  subject: {
    kind: 'ticket' | 'bug';
    key: string;
    title: string;
    status: string;
    priority?: string;
    severity?: string;
    /** The bug's reproducibility (MantisBT vocabulary), for a bug. */
    reproducibility?: string;
    organization?: string;
    contact?: string;
    product?: string;
    reportedVersion?: string;
    environment?: string;
  };
  /** The tickets linked (a bug's customers' tickets; for a ticket, itself and its siblings on the same bug). */
  tickets: { key: string; subject: string; organization?: string }[];
  bugs: { key: string; title: string; status: string }[];
  /** The repro script, as recorded with the run. */
  script?: { path: string; title?: string; steps: string[]; content: string };
  /** The run the report shows (the latest recorded), and the ones before it in short. */
  run?: RunData;
  history: { at: string; outcome: RunData['outcome']; reproducedRuns: number; conclusiveRuns: number; versionTested?: string }[];
}

export interface ClosingActData {
  /** `ACT-2026-0001`; a draft has none yet. */
  number?: string;
  status: 'draft' | 'issued' | 'void';
  /** The issue date (the creation date for a draft). */
  date: string;
  /** The act this one corrects, by number. */
  supersedes?: string;
  /** Who gives the support (the desk's own organization, as configured). */
  provider: PartyData;
  organization: PartyData;
  contact?: PartyData;
  period?: { from: string; to: string };
  tickets: {
    key: string;
    subject: string;
    type: string;
    status: string;
    resolution?: string;
    product?: string;
    reportedVersion?: string;
    /** The version the fix is in (from the linked bug). */
    fixedInVersion?: string;
    openedAt: string;
    resolvedAt?: string;
    bugs: { key: string; title: string }[];
    /** The work performed, as the public notes and call summaries say it. */
    work: string[];
  }[];
  /** The runs that verify the outcome (a fix verified: `not-reproduced` where that was expected). */
  evidence: {
    ticketKey: string;
    script: string;
    at: string;
    outcome: RunData['outcome'];
    expected?: 'reproduced' | 'not-reproduced';
    reproducedRuns: number;
    conclusiveRuns: number;
    versionTested?: string;
    fingerprint?: string;
  }[];
  /** The specialist who prepared the act. */
  preparedBy: { name: string; role?: string };
}

export interface CountData {
  /** The value counted (a vocabulary value, a product name…); empty for "not set". */
  value: string;
  count: number;
}

export interface DurationStats {
  count: number;
  medianHours: number;
  averageHours: number;
  p90Hours: number;
}

export interface ComplaintAnalysisData {
  from: string;
  to: string;
  generatedAt: string;
  /** Tickets opened in the period, and what happened to tickets in it. */
  totals: { opened: number; resolved: number; closed: number; reopened: number; open: number };
  byStatus: CountData[];
  byPriority: CountData[];
  bySeverity: CountData[];
  byProduct: CountData[];
  byVersion: CountData[];
  byOrganization: CountData[];
  byChannel: CountData[];
  byType: CountData[];
  firstResponse: DurationStats | null;
  resolution: DurationStats | null;
  /** Share of the period's resolved tickets that were reopened (0…1), null when none was resolved. */
  reopenRate: number | null;
  topBugs: { key: string; title: string; tickets: number; customers: number }[];
  /** The bugs behind the period's tickets, by reproducibility. */
  reproducibility: CountData[];
  /** Open tickets whose callback is past due at the end of the period. */
  overdue: { key: string; subject: string; organization?: string; due: string; daysOverdue: number; status: string }[];
}
