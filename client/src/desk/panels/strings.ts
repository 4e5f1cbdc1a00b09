// The words the panels' webview shows, localized here (the webview has no l10n of its own) and sent with the
// data: the UI's strings by id, and the label of every vocabulary value and run outcome. Pure: the caller gives
// the translation (vscode.l10n.t in the extension, English as is in the tests of the webview script).

import { OUTCOME_LABELS } from '../../../../shared/runner/results';
import * as vocabulary from '../../../../shared/desk/vocabulary';

export type Translate = (english: string) => string;
const english: Translate = (text) => text;

/** The webview's strings by id ({0}, {1} are filled in by the webview). */
export function panelStrings(t: Translate = english): Record<string, string> {
  return {
    // Sections.
    details: t('Details'),
    customer: t('Customer'),
    work: t('Work'),
    timeline: t('Timeline'),
    addNote: t('Add a note'),
    scripts: t('Repro scripts'),
    bugs: t('Bugs'),
    tickets: t('Tickets'),
    documents: t('Documents'),
    // Fields.
    subject: t('Subject'),
    title: t('Title'),
    description: t('Description'),
    steps: t('Steps to reproduce'),
    expected: t('Expected result'),
    actual: t('Actual result'),
    environment: t('Environment'),
    type: t('Type'),
    priority: t('Priority'),
    severity: t('Severity'),
    channel: t('Channel'),
    organization: t('Organization'),
    contact: t('Contact person'),
    product: t('Product'),
    component: t('Component'),
    reportedVersion: t('Reported version'),
    assignee: t('Assignee'),
    callbackDue: t('Callback due'),
    status: t('Status'),
    resolution: t('Resolution'),
    affectedVersions: t('Affected versions'),
    developer: t('Developer'),
    reproducibility: t('Reproducibility'),
    externalKey: t('External tracker key'),
    externalUrl: t('External tracker address'),
    fixedIn: t('Fixed in version'),
    closingAct: t('Closing act'),
    created: t('Created'),
    bug: t('Bug'),
    script: t('Repro script'),
    // Buttons.
    save: t('Save'),
    revert: t('Revert'),
    clear: t('Clear'),
    run: t('Run'),
    openScript: t('Open script'),
    showMore: t('Show more'),
    addNoteButton: t('Add note'),
    linkBug: t('Link to bug'),
    unlink: t('Unlink'),
    generateReport: t('Generate report'),
    verifyFix: t('Verify fix'),
    handToTracker: t('Hand to developers\' tracker'),
    // Hints.
    notSet: t('not set'),
    singleLineHint: t('Enter saves, Escape reverts.'),
    multiLineHint: t('Ctrl+Enter saves, Escape reverts.'),
    choiceHint: t('Enter or Save applies, Escape reverts.'),
    unsaved: t('unsaved'),
    saved: t('Saved.'),
    saving: t('Saving…'),
    listHint: t('Comma-separated, for example 2.3, 2.4'),
    bugKeyPlaceholder: t('Bug key, for example BUG-12'),
    notePlaceholder: t('What was done, said or found'),
    visibility: t('Visibility'),
    publicNote: t('Public (the customer may see it)'),
    privateNote: t('Private (internal)'),
    reproducibilityHint: t('Computed from the runs; set it by hand only for N/A.'),
    fixedInHint: t('The version the fix ships in (when resolving).'),
    // Validation.
    required: t('This field is required.'),
    tooLong: t('At most {0} characters.'),
    badDate: t('Not a date and time.'),
    badUrl: t('Not a web address (http:// or https://).'),
    badLogin: t('Not a login.'),
    needsResolution: t('Choose a resolution.'),
    badKey: t('Not a key (write it as BUG-12).'),
    emptyNote: t('Write some text first.'),
    // What the panel tells.
    createdBy: t('Created {0} by {1}'),
    updated: t('Updated {0}'),
    firstResponse: t('First response {0}'),
    resolvedAt: t('Resolved {0}'),
    closedAt: t('Closed {0}'),
    reopened: t('Reopened {0} times'),
    noTimeline: t('Nothing has happened yet.'),
    timelineCount: t('The latest {0} of {1} entries.'),
    kind_call: t('call'),
    kind_note: t('note'),
    kind_change: t('change'),
    kind_run: t('run'),
    changed: t('{0}: {1} → {2}'),
    noScripts: t('No repro script is linked yet.'),
    neverRun: t('never run'),
    notInWorkspace: t('Not in this workspace: {0}'),
    lastRun: t('{0}, {1} of {2} conclusive runs reproduced, 95% {4} ({3})'),
    lastRunInconclusive: t('{0}, no conclusive run ({1})'),
    running: t('Running…'),
    noBugs: t('Not linked to a bug.'),
    noTickets: t('No ticket is linked to this bug.'),
    noDocuments: t('No documents yet.'),
    readOnly: t('The desk is read-only: {0}'),
    untrusted: t('Restricted Mode: scripts do not run until you trust this folder.'),
    gone: t('{0} is not in the desk (any more).'),
    // A save refused because someone else changed the field meanwhile.
    conflictNote: t('Not saved: someone else changed this field while you were editing it.'),
    conflictBy: t('{0} changed it at {1}. Which value should the desk keep?'),
    conflictAt: t('It was changed at {0}. Which value should the desk keep?'),
    theirs: t('Theirs (in the desk now)'),
    yours: t('Yours (not saved)'),
    keepMine: t('Keep mine'),
    takeTheirs: t('Take theirs'),
  };
}

/** The label of every vocabulary value and run outcome, localized. */
export function panelLabels(t: Translate = english): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const values of Object.values(vocabulary)) {
    if (!Array.isArray(values)) continue;
    for (const value of values as readonly string[]) labels[value] = t(vocabulary.label(value));
  }
  for (const [value, text] of Object.entries(OUTCOME_LABELS)) labels[`outcome:${value}`] = t(text);
  return labels;
}
