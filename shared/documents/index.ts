// The desk's documents: pure functions from the data of shared/desk (types.ts) to Markdown or HTML, in English
// or Russian. No I/O, no clock: the same data gives the same bytes, which is what makes an issued document's
// content hash mean something.

export { renderClosingAct } from './closingAct';
export { renderComplaintAnalysis } from './complaintAnalysis';
export { renderReproReport } from './reproReport';
export type * from './types';
