// The workflow steps that write or run repro scripts: a new script for a ticket, run and record, verify a fix,
// check an upgrade. Nothing here runs in an untrusted workspace (ctx.trustedOrWarn, checked first by every
// command that runs, whoever invokes it); making a script file does not run anything and is allowed.

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { escapeHtml, htmlPage } from '../../../../shared/documents/html';
import { products } from '../../../../shared/desk/lookups';
import { listBugs } from '../../../../shared/desk/queries';
import { bug, ticket } from '../../../../shared/desk/workflows/common';
import { verificationPlan } from '../../../../shared/desk/workflows/runs';
import { upgradePlan, upgradeVerdict, type UpgradeVerdict } from '../../../../shared/desk/workflows/upgrade';
import type { Outcome } from '../../../../shared/runner/results';
import type { Finished } from '../../testing';
import { documentLanguage, showPreview } from '../documents';
import { workspaceScript } from '../links';
import { recording, type RunPurpose } from '../recording';
import { outcomeText, said } from '../views/nodes';
import { bugKey, options, pick, pickOrType, pickTicket, ticketKey, workspaceFolder, type Choice, type Handler } from './common';

/** What became of one script: its outcome, or why it did not run. */
export interface ScriptOutcome {
  path: string;
  outcome: Outcome | 'missing' | 'cancelled';
}

/** A text for a repro string literal: quotes, backslashes, `$` and line breaks escaped. */
const quoted = (text: string): string => `"${text.replace(/[\\"$]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t')}"`;

/** The skeleton of a new script for a ticket: its key and title, and a step to fill in. */
function scriptTemplate(key: string, subject: string): string {
  return [
    `ticket ${key}`,
    `title ${quoted(subject)}`,
    '',
    `# ${vscode.l10n.t('Each step is a step to reproduce; the bug checks say what goes wrong.')}`,
    `step ${quoted(vscode.l10n.t('What the user did'))}`,
    '  run program arguments',
    '  bug exit != 0',
    '',
  ].join('\n');
}

/** The workspace file of a path the desk recorded (relative to a folder, or absolute inside one). */
async function deskScript(path: string): Promise<vscode.Uri | undefined> {
  if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) {
    const found = await workspaceScript(path);
    return found instanceof vscode.Uri ? found : undefined;
  }
  const uri = vscode.Uri.file(path);
  if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  try {
    await vscode.workspace.fs.stat(uri);
    return uri;
  } catch {
    return undefined;
  }
}

const VERDICT_TEXT: Readonly<Record<UpgradeVerdict, string>> = { fixed: 'fixed', present: 'still present', inconclusive: 'inconclusive' };

export function scriptCommands(ctx: DeskContext): Record<string, Handler> {
  /** Runs one desk script for a purpose, recorded; its outcome, or why it did not run. */
  const runFor = async (path: string, purpose: RunPurpose): Promise<ScriptOutcome> => {
    const uri = await deskScript(path);
    if (!uri) {
      ctx.output.warn(`${path}: not in this workspace, not run`);
      return { path, outcome: 'missing' };
    }
    const finished = await recording().withPurpose(uri, purpose, () => ctx.run(uri, { expect: purpose.expected }));
    return { path, outcome: finished?.result.outcome ?? 'cancelled' };
  };

  return {
    /** Makes repro/KEY.repro for a ticket from the template, links it in the desk and opens it. */
    'repro.desk.newScript': async (arg) => {
      const key = ticketKey(arg) ?? (await pickTicket(ctx, vscode.l10n.t('New repro script for which ticket?')));
      if (!key) return undefined;
      const row = ticket(await ctx.desk.desk(), key);
      const folder = workspaceFolder();
      if (!folder) return undefined;
      const path = `repro/${row.key}.repro`;
      const uri = vscode.Uri.joinPath(folder.uri, 'repro', `${row.key}.repro`);
      const exists = await vscode.workspace.fs.stat(uri).then(() => true, () => false);
      if (exists) {
        const open = vscode.l10n.t('Open It');
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} exists already: it is not overwritten.', path), open).then((choice) => {
          if (choice) void vscode.window.showTextDocument(uri);
        });
        return undefined;
      }
      const content = scriptTemplate(row.key, row.subject);
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, 'repro'));
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
      await ctx.desk.perform('linkScript', path, content, { ticket: row.key });
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    },

    /** Runs a script (its argument, else the active editor's) and waits until the run is in the desk. */
    'repro.desk.runAndRecord': async (arg) => {
      if (!ctx.trustedOrWarn()) return undefined;
      const uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? await deskScript(arg) : vscode.window.activeTextEditor?.document.languageId === 'repro' ? vscode.window.activeTextEditor.document.uri : undefined;
      if (!uri) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Open a repro script to run and record it.'));
        return undefined;
      }
      const finished: Finished | undefined = await ctx.run(uri);
      await recording().settled();
      return finished && { outcome: finished.result.outcome, recorded: recording().lastRecorded(uri) };
    },

    /**
     * Runs every script linked to a bug expecting `not-reproduced`, records each run, and says whether the fix
     * holds; when it does and the bug is resolved, offers to mark it verified (`{ mark: true }` does it,
     * `{ mark: false }` does not ask).
     */
    'repro.desk.verifyFix': async (arg, extra) => {
      if (!ctx.trustedOrWarn()) return undefined;
      const given = options<{ mark: boolean }>(extra);
      const desk = await ctx.desk.desk();
      const key =
        bugKey(arg) ??
        (await pick(
          listBugs(desk, { status: ['resolved', 'in-progress', 'confirmed'], limit: 200 }).rows.map((b): Choice<string> => ({ label: b.key, description: b.title, detail: said(b.status), value: b.key })),
          vscode.l10n.t('Verify the fix of which bug?'),
        ));
      if (!key) return undefined;
      const plan = verificationPlan(desk, key);
      const results: ScriptOutcome[] = [];
      for (const script of plan.scripts) results.push(await runFor(script.path, { expected: 'not-reproduced' }));
      await recording().settled();
      const passed = results.filter((r) => r.outcome === 'not-reproduced').length;
      const holds = passed === results.length;
      for (const r of results) ctx.output.info(`verify ${plan.bug}: ${r.path}: ${r.outcome}`);
      const resolved = bug(await ctx.desk.desk(), plan.bug).status === 'resolved';
      let verified = false;
      if (holds && resolved && given.mark === true) {
        await ctx.desk.perform('changeBugStatus', plan.bug, 'verified');
        verified = true;
      }
      const summary = holds
        ? vscode.l10n.t('The fix of {0} holds: none of its {1} scripts reproduces the defect.', plan.bug, results.length)
        : vscode.l10n.t('The fix of {0} does not hold yet: {1} of {2} scripts no longer reproduce the defect.', plan.bug, passed, results.length);
      const details = results.map((r) => `${r.path}: ${r.outcome === 'missing' ? vscode.l10n.t('not in this workspace') : r.outcome === 'cancelled' ? vscode.l10n.t('cancelled') : outcomeText(r.outcome)}`);
      const mark = vscode.l10n.t('Mark Verified');
      const buttons = holds && resolved && given.mark === undefined ? [mark] : [];
      const shown = holds ? vscode.window.showInformationMessage(summary, { detail: details.join('\n') }, ...buttons) : vscode.window.showWarningMessage(summary, { detail: details.join('\n') });
      // Not awaited: the command's caller (a panel's button) gets the results now; the choice comes later.
      void shown.then(async (choice) => {
        if (choice !== mark) return;
        try {
          await ctx.desk.perform('changeBugStatus', plan.bug, 'verified');
        } catch (error) {
          void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
        }
      });
      return { bug: plan.bug, results, holds, verified };
    },

    /**
     * Before a customer moves to a version: runs the scripts of every bug fixed up to it (expected gone) and of
     * every open bug (expected still there), records the runs with the version, and shows a table.
     */
    'repro.desk.upgradeCheck': async (arg) => {
      if (!ctx.trustedOrWarn()) return undefined;
      const given = options<{ product: string; version: string }>(arg);
      const desk = await ctx.desk.desk();
      const known = products(desk);
      let product = given.product;
      if (!product) {
        if (known.length === 0) {
          void vscode.window.showInformationMessage(vscode.l10n.t('The desk knows no product yet: give tickets and bugs a product first.'));
          return undefined;
        }
        product = await pick(known.map((p): Choice<string> => ({ label: p.name, description: p.versions.slice(0, 5).join(', '), value: p.name })), vscode.l10n.t('Upgrade of which product?'));
        if (!product) return undefined;
      }
      let version = given.version;
      if (!version) {
        const versions = known.find((p) => p.name.toLowerCase() === product!.toLowerCase())?.versions ?? [];
        const chosen = await pickOrType(
          versions.map((v): Choice<string> => ({ label: v, value: v })),
          vscode.l10n.t('The version the customer moves to (type one)'),
          (typed) => vscode.l10n.t('Version {0}', typed),
        );
        version = chosen !== null && typeof chosen === 'object' ? chosen.typed : (chosen ?? undefined);
        if (!version) return undefined;
      }
      const rows: { bug: string; title: string; expect: 'fixed' | 'present'; fixedIn: string | null; verdict: UpgradeVerdict; scripts: ScriptOutcome[] }[] = [];
      for (const item of upgradePlan(desk, product, version)) {
        const scripts: ScriptOutcome[] = [];
        for (const script of item.scripts) scripts.push(await runFor(script.path, { expected: item.expect === 'fixed' ? 'not-reproduced' : 'reproduced', versionTested: version }));
        const ran = scripts.flatMap((s) => (s.outcome === 'missing' || s.outcome === 'cancelled' ? [] : [s.outcome]));
        rows.push({ bug: item.bug, title: item.title, expect: item.expect, fixedIn: item.fixedIn, verdict: upgradeVerdict(ran), scripts });
      }
      await recording().settled();
      const title = vscode.l10n.t('Upgrade check: {0} {1}', product, version);
      const head = [vscode.l10n.t('Bug'), vscode.l10n.t('Title'), vscode.l10n.t('Expected'), vscode.l10n.t('Verdict'), vscode.l10n.t('Scripts')];
      const cells = rows.map((r) => [
        r.bug,
        r.title,
        r.expect === 'fixed' ? vscode.l10n.t('fixed in {0}', r.fixedIn ?? '') : vscode.l10n.t('still present'),
        vscode.l10n.t(VERDICT_TEXT[r.verdict]),
        r.scripts.map((s) => `${s.path}: ${s.outcome === 'missing' ? vscode.l10n.t('not in this workspace') : s.outcome === 'cancelled' ? vscode.l10n.t('cancelled') : outcomeText(s.outcome)}`).join('\n') || vscode.l10n.t('no script'),
      ]);
      const table = rows.length
        ? `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${cells
            .map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`
        : `<p>${escapeHtml(vscode.l10n.t('No bugs to check for {0}.', product))}</p>`;
      showPreview(title, htmlPage(documentLanguage(), title, `<h1>${escapeHtml(title)}</h1>\n${table}`));
      return { product, version, rows };
    },
  };
}
