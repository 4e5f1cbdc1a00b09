// The documents of spec §3 from the editor: a reproduction report, a closing act, a complaint analysis. Each
// is previewed, then saved to documents/ and, where the workflow says, kept in the desk: an act is kept when it
// is issued (after a confirmation: an issued act is final), a report or an analysis when asked.

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { renderClosingAct, renderComplaintAnalysis, renderReproReport } from '../../../../shared/documents';
import { documentText } from '../../../../shared/documents/language';
import { closingActData, complaintAnalysisData, reproReportData } from '../../../../shared/desk/documentsData';
import { organizations, storedDocument } from '../../../../shared/desk/lookups';
import { listTickets } from '../../../../shared/desk/queries';
import type { DocumentLanguage } from '../../../../shared/documents/types';
import { askKeeping, askPeriod, documentLanguage, isDay, saveDocument, showPreview, type Keeping, type MadeDocument, type SaveFormat } from '../documents';
import { said } from '../views/nodes';
import { bugKey, options, pick, pickTicket, refuse, ticketKey, type Choice, type Handler } from './common';

/** What the document commands take besides their subject; without it they ask. */
interface DocumentArgs {
  lang: DocumentLanguage;
  /** Save to documents/ in these formats (none: only the preview). */
  save: SaveFormat[];
  /** Keep a numbered copy in the desk (reports, analyses). */
  store: boolean;
}

/** What a document command did: the document, its number when kept, the files written. */
export interface DocumentResult {
  title: string;
  number?: string;
  html: string;
  markdown: string;
  files: string[];
}

/** The given answers about keeping a document, else the user's (asked only when the caller gave no options). */
async function keeping(given: Partial<DocumentArgs>, interactive: boolean, offerStore: boolean): Promise<Keeping | undefined> {
  if (given.save !== undefined || given.store !== undefined) return { save: given.save ?? [], store: given.store ?? false };
  return interactive ? askKeeping(offerStore) : { save: [], store: false };
}

async function finish(doc: MadeDocument, keep: Keeping | undefined, number?: string): Promise<DocumentResult> {
  const files = keep ? await saveDocument(doc, keep.save) : [];
  if (files.length > 0) {
    const open = vscode.l10n.t('Reveal');
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}', files.map((f) => vscode.workspace.asRelativePath(f)).join(', ')), open).then((choice) => {
      if (choice) void vscode.commands.executeCommand('revealInExplorer', files[0]);
    });
  }
  return { title: doc.title, number, html: doc.html, markdown: doc.markdown, files: files.map((f) => f.fsPath) };
}

/** The modal question before issuing an act; tests and scripts pass `confirm` instead. */
async function confirmIssue(organization: string, tickets: number): Promise<boolean> {
  const issue = vscode.l10n.t('Issue Act');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('An issued act is final: it gets the next number, is kept in the desk and never changes (a correction issues a superseding act). Issue the closing act for {0} covering {1} tickets?', organization, tickets),
    { modal: true },
    issue,
  );
  return answer === issue;
}

export function documentCommands(ctx: DeskContext): Record<string, Handler> {
  return {
    /** The reproduction report of a ticket or bug (arg: its key or element). */
    'repro.desk.generateReport': async (arg, extra) => {
      const given = options<DocumentArgs>(extra);
      const key = ticketKey(arg) ?? bugKey(arg) ?? (await pickTicket(ctx, vscode.l10n.t('Report on which ticket or bug? (type a key)')));
      if (!key) return undefined;
      const lang = documentLanguage(given.lang);
      const data = reproReportData(await ctx.desk.desk(), key, new Date().toISOString());
      const doc: MadeDocument = {
        title: vscode.l10n.t('Reproduction report: {0}', data.subject.key),
        name: `${data.subject.key}-report`,
        markdown: renderReproReport(data, { format: 'md', lang }),
        html: renderReproReport(data, { format: 'html', lang }),
      };
      showPreview(doc.title, doc.html);
      const keep = await keeping(given, extra === undefined, true);
      if (!keep?.store) return finish(doc, keep);
      const saved = await ctx.desk.perform('saveReport', { key: data.subject.key, lang });
      return finish({ ...doc, name: saved.number, markdown: saved.markdown, html: saved.html }, keep, saved.number);
    },

    /**
     * Issues a closing act for tickets of one organization: a draft preview, a modal confirmation, then the
     * act, numbered and kept. `confirm` (a function or a boolean) replaces the modal question.
     */
    'repro.desk.issueClosingAct': async (arg) => {
      const given = options<DocumentArgs & { organization: string; tickets: string[]; provider: string; period: { from: string; to: string }; supersedes: string; confirm: boolean | (() => boolean | Promise<boolean>) }>(arg);
      const desk = await ctx.desk.desk();
      const organization =
        given.organization ??
        (await pick(
          organizations(desk)
            .filter((o) => o.tickets > 0)
            .map((o): Choice<string> => ({ label: o.name, description: vscode.l10n.t('{0} tickets', o.tickets), value: o.name })),
          vscode.l10n.t('Closing act for which organization?'),
        ));
      if (!organization) return undefined;
      let tickets = given.tickets;
      if (!tickets) {
        const rows = listTickets(desk, { organization, limit: 500, sort: 'updated' }).rows;
        const done = ['resolved', 'closed'];
        const items = rows
          .sort((a, b) => Number(done.includes(b.status)) - Number(done.includes(a.status)))
          .map((row) => ({ label: row.key, description: row.subject, detail: said(row.status), picked: done.includes(row.status), value: row.key }));
        if (items.length === 0) refuse(vscode.l10n.t('{0} has no tickets.', organization));
        tickets = (await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Which tickets does the act cover?'), ignoreFocusOut: true }))?.map((i) => i.value);
        if (!tickets?.length) return undefined;
      }
      const lang = documentLanguage(given.lang);
      // The provider is named in the act's language, which may not be the editor's.
      const t = documentText(lang);
      const provider = { name: given.provider ?? t('Support service') };
      const scope = { organization, tickets, provider, period: given.period, supersedes: given.supersedes };
      const draft = renderClosingAct(closingActData(desk, { ...scope, status: 'draft', date: new Date().toISOString(), preparedBy: desk.user }), { format: 'html', lang });
      const draftPanel = showPreview(vscode.l10n.t('Draft closing act: {0}', organization), draft);
      const confirmed = given.confirm === undefined ? await confirmIssue(organization, tickets.length) : typeof given.confirm === 'function' ? await given.confirm() : given.confirm;
      if (!confirmed) return undefined;
      const { id, number } = await ctx.desk.perform('issueClosingAct', { ...scope, lang });
      const stored = storedDocument(await ctx.desk.desk(), id)!;
      draftPanel.dispose();
      const doc: MadeDocument = { title: stored.title, name: number, markdown: stored.markdown, html: stored.html };
      showPreview(doc.title, doc.html);
      return finish(doc, await keeping({ save: given.save }, arg === undefined, false), number);
    },

    /** The complaint analysis of a period (`from`, `to`: YYYY-MM-DD). */
    'repro.desk.complaintAnalysis': async (arg) => {
      const given = options<DocumentArgs & { from: string; to: string }>(arg);
      const period = given.from && given.to ? { from: given.from, to: given.to } : await askPeriod();
      if (!period) return undefined;
      if (!isDay(period.from) || !isDay(period.to)) refuse(vscode.l10n.t('Write the dates as YYYY-MM-DD'));
      const lang = documentLanguage(given.lang);
      const data = complaintAnalysisData(await ctx.desk.desk(), period.from, period.to, new Date().toISOString());
      const doc: MadeDocument = {
        title: vscode.l10n.t('Complaint analysis: {0}', `${period.from} … ${period.to}`),
        name: `analysis-${period.from}-${period.to}`,
        markdown: renderComplaintAnalysis(data, { format: 'md', lang }),
        html: renderComplaintAnalysis(data, { format: 'html', lang }),
      };
      showPreview(doc.title, doc.html);
      const keep = await keeping(given, arg === undefined, true);
      if (!keep?.store) return finish(doc, keep);
      const saved = await ctx.desk.perform('saveAnalysis', { ...period, lang });
      return finish({ ...doc, name: saved.number, markdown: saved.markdown, html: saved.html }, keep, saved.number);
    },

    /** Previews a document kept in the desk (the Documents view's click; arg: its id or element). */
    'repro.desk.openDocument': async (arg) => {
      const id = typeof arg === 'number' ? arg : (arg as { kind?: string; row?: { id: number } } | undefined)?.row?.id;
      if (id === undefined) return undefined;
      const doc = storedDocument(await ctx.desk.desk(), id);
      if (!doc) refuse(vscode.l10n.t('That document is no longer in the desk.'));
      showPreview(doc.title, doc.html);
      return doc.title;
    },

    /** Writes a kept document to documents/ (arg: its id or element; formats asked unless given). */
    'repro.desk.saveDocument': async (arg, formats) => {
      const id = typeof arg === 'number' ? arg : (arg as { kind?: string; row?: { id: number } } | undefined)?.row?.id;
      if (id === undefined) return undefined;
      const doc = storedDocument(await ctx.desk.desk(), id);
      if (!doc) refuse(vscode.l10n.t('That document is no longer in the desk.'));
      const keep = Array.isArray(formats) ? { save: formats as SaveFormat[], store: false } : await askKeeping(false);
      return finish({ title: doc.title, name: doc.number ?? `document-${doc.id}`, markdown: doc.markdown, html: doc.html }, keep, doc.number ?? undefined);
    },
  };
}
