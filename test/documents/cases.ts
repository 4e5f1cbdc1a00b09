// Every document the tests render: a name (the golden files' prefix), its renderer, its data.

import { renderClosingAct, renderComplaintAnalysis, renderReproReport } from '../../shared/documents';
import type { DocumentFormat, DocumentLanguage, RenderOptions } from '../../shared/documents';
import { ACT_DRAFT, ACT_ISSUED, ACT_VOID, ANALYSIS, ANALYSIS_EMPTY, REPORT_BUG, REPORT_TICKET } from './fixtures';

export interface DocumentCase<T = unknown> {
  name: string;
  data: T;
  render: (data: T, options: RenderOptions) => string;
}

function documentCase<T>(name: string, data: T, render: (data: T, options: RenderOptions) => string): DocumentCase {
  return { name, data, render: render as DocumentCase['render'] };
}

export const CASES: DocumentCase[] = [
  documentCase('repro-report.ticket', REPORT_TICKET, renderReproReport),
  documentCase('repro-report.bug', REPORT_BUG, renderReproReport),
  documentCase('closing-act.issued', ACT_ISSUED, renderClosingAct),
  documentCase('closing-act.draft', ACT_DRAFT, renderClosingAct),
  documentCase('closing-act.void', ACT_VOID, renderClosingAct),
  documentCase('complaint-analysis', ANALYSIS, renderComplaintAnalysis),
  documentCase('complaint-analysis.empty', ANALYSIS_EMPTY, renderComplaintAnalysis),
];

export const LANGUAGES: DocumentLanguage[] = ['en', 'ru'];
export const FORMATS: DocumentFormat[] = ['md', 'html'];

/** Every case in every language and format. */
export function renderings(): { name: string; lang: DocumentLanguage; format: DocumentFormat; document: DocumentCase }[] {
  return CASES.flatMap((document) => LANGUAGES.flatMap((lang) => FORMATS.map((format) => ({ name: `${document.name}.${lang}.${format}`, lang, format, document }))));
}
