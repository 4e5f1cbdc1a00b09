// The Testing view: every *.repro file of the workspace is a test, its steps are children. Running one uses
// the same runner as `repro run`; outcomes, failed checks (at their line, expected against actual) and the
// transcript land in the test run.

import * as vscode from 'vscode';
import { parse } from '../../shared/core/parse';
import { scriptTitle } from '../../shared/core/outline';
import type { Statement } from '../../shared/core/ast';
import { rateText } from '../../shared/runner/rateText';
import { OUTCOME_LABELS, type CheckRecord, type RunDetail, type RunEvent, type ScriptResult, type StepRecord } from '../../shared/runner/results';
import { settings } from './settings';

/** A run to do: a script, all of it or up to a line, and how many times. */
export interface RunPlan {
  item: vscode.TestItem;
  untilLine?: number;
  /** What counts as passed, when not the `repro.testing.expect` setting (Verify fix expects not-reproduced). */
  expect?: 'reproduced' | 'not-reproduced';
}

export interface Finished {
  uri: vscode.Uri;
  /** The script as it ran (the editor's text, saved or not). */
  text: string;
  /** The run stopped early on purpose (Run to here): not a result to record. */
  partial: boolean;
  result: ScriptResult;
  details: RunDetail[];
}

/** The state a test item was last given: for the status bar, the exported API and the tests. */
export type ItemState = 'passed' | 'failed' | 'errored' | 'skipped';

export class ReproTests implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('repro', vscode.l10n.t('Repro scripts'));
  readonly states = new Map<string, ItemState>();
  private readonly finished = new vscode.EventEmitter<Finished>();
  readonly onDidFinish = this.finished.event;
  private readonly events = new vscode.EventEmitter<{ uri: vscode.Uri; event: RunEvent }>();
  /** Every event of every run, as `repro run --events` prints them. */
  readonly onDidRunEvent = this.events.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly trustedOrWarn: () => boolean,
  ) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
    };
    this.controller.refreshHandler = () => this.discover();
    const run = (repeat: boolean) => (request: vscode.TestRunRequest, token: vscode.CancellationToken) => this.runRequest(request, token, repeat);
    this.controller.createRunProfile(vscode.l10n.t('Run'), vscode.TestRunProfileKind.Run, run(false), true);
    this.controller.createRunProfile(vscode.l10n.t('Run ×N'), vscode.TestRunProfileKind.Run, run(true), false);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.repro');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.refreshFromDisk(uri)),
      watcher.onDidChange((uri) => void this.refreshFromDisk(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => e.document.languageId === 'repro' && this.refresh(e.document.uri, e.document.getText())),
      vscode.workspace.onDidOpenTextDocument((d) => d.languageId === 'repro' && this.refresh(d.uri, d.getText())),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.controller.dispose();
    this.finished.dispose();
    this.events.dispose();
  }

  /** Every script of the workspace (dependencies left out). */
  async discover(): Promise<void> {
    for (const uri of await vscode.workspace.findFiles('**/*.repro', '**/node_modules/**')) await this.refreshFromDisk(uri);
  }

  private async refreshFromDisk(uri: vscode.Uri): Promise<void> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    this.refresh(uri, open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  }

  /** The script's item, with one child per step, as the text is now. */
  refresh(uri: vscode.Uri, text: string): vscode.TestItem {
    const script = parse(text);
    const id = uri.toString();
    const item = this.controller.items.get(id) ?? this.controller.createTestItem(id, '', uri);
    item.label = scriptTitle(script) ?? uri.path.split('/').pop()!;
    item.description = uri.path.split('/').pop();
    item.range = new vscode.Range(0, 0, 0, 0);
    const steps = script.statements.filter((s) => s.node.kind === 'step');
    item.children.replace(steps.map((step) => this.stepItem(uri, step)));
    this.controller.items.add(item);
    return item;
  }

  private stepItem(uri: vscode.Uri, step: Statement): vscode.TestItem {
    const title = step.node.kind === 'step' ? step.node.title?.value ?? '' : '';
    const child = this.controller.createTestItem(`${uri.toString()}#${step.line + 1}`, title, uri);
    child.range = new vscode.Range(step.line, 0, step.line, 0);
    return child;
  }

  /** The item of a script, created from its current text when it is not known yet. */
  async itemFor(uri: vscode.Uri): Promise<vscode.TestItem> {
    const known = this.controller.items.get(uri.toString());
    if (known) return known;
    await this.refreshFromDisk(uri);
    return this.controller.items.get(uri.toString())!;
  }

  private async runRequest(request: vscode.TestRunRequest, token: vscode.CancellationToken, repeat: boolean): Promise<void> {
    const plans: RunPlan[] = [];
    const requested = request.include ?? [...this.gather(this.controller.items)];
    for (const item of requested) {
      if (request.exclude?.includes(item)) continue;
      const script = item.parent ?? item;
      // A step runs the script up to its end: steps need the ones before them.
      const untilLine = item.parent ? this.stepEnd(script, item) : undefined;
      if (!plans.some((p) => p.item === script && p.untilLine === undefined)) plans.push({ item: script, untilLine });
    }
    await this.run(plans, repeat ? settings(plans[0]?.item.uri).run.repeat : 1, token, request);
  }

  private *gather(collection: vscode.TestItemCollection): Iterable<vscode.TestItem> {
    for (const [, item] of collection) yield item;
  }

  /** The last line of a step: just before the next step, or the end of the script part. */
  private stepEnd(script: vscode.TestItem, step: vscode.TestItem): number | undefined {
    const steps = [...this.gather(script.children)].sort((a, b) => a.range!.start.line - b.range!.start.line);
    const next = steps[steps.indexOf(step) + 1];
    return next ? next.range!.start.line : undefined;
  }

  /** Runs scripts one after another and records everything in one test run. */
  async run(plans: readonly RunPlan[], repeat: number, token?: vscode.CancellationToken, request?: vscode.TestRunRequest): Promise<Finished[]> {
    const run = this.controller.createTestRun(request ?? new vscode.TestRunRequest(plans.map((p) => p.item)), undefined, true);
    const done: Finished[] = [];
    try {
      if (!this.trustedOrWarn()) {
        for (const plan of plans) this.mark(run, plan.item, 'skipped');
        return done;
      }
      for (const plan of plans) {
        if (token?.isCancellationRequested || run.token.isCancellationRequested) break;
        done.push(await this.runOne(run, plan, repeat, token));
      }
    } finally {
      run.end();
    }
    return done;
  }

  private async runOne(run: vscode.TestRun, plan: RunPlan, repeat: number, token?: vscode.CancellationToken): Promise<Finished> {
    const [{ prepareScript }, { runScript }] = await Promise.all([import('../../shared/runner/prepare'), import('../../shared/runner/repeat')]);
    const uri = plan.item.uri!;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // What the editor shows is what runs, saved or not.
    const bytes = open ? new TextEncoder().encode(open.getText()) : await vscode.workspace.fs.readFile(uri);
    this.refresh(uri, new TextDecoder().decode(bytes));
    const item = this.controller.items.get(uri.toString())!;
    const s = settings(uri);
    const prepared = prepareScript(vscode.workspace.asRelativePath(uri), bytes, { defaultTimeoutMs: s.run.timeout * 1000 });
    const abort = new AbortController();
    // Cancelled by whoever asked (a Cancel button) or from the Testing view (the run's own token).
    const cancels = [token, run.token].map((t) => t?.onCancellationRequested(() => abort.abort()));
    if (token?.isCancellationRequested || run.token.isCancellationRequested) abort.abort();
    const steps = new Map([...this.gather(item.children)].map((child) => [child.range!.start.line + 1, child]));
    run.started(item);
    const onEvent = (event: RunEvent): void => {
      this.events.fire({ uri, event });
      if (event.event === 'step-started' && event.run === 1) {
        const step = steps.get(event.line);
        if (step) run.started(step);
      } else if (event.event === 'command-finished' && repeat === 1) {
        run.appendOutput(`$ ${event.command}\r\n`, new vscode.Location(uri, new vscode.Position(event.line - 1, 0)), item);
      }
    };
    try {
      const { result, details } = await runScript(prepared, { repeat, jobs: s.run.jobs || undefined, path: process.env.PATH, signal: abort.signal, onEvent, untilLine: plan.untilLine });
      const partial = plan.untilLine !== undefined;
      this.report(run, item, steps, uri, result, details, plan.expect ?? s.testing.expect, partial);
      const finished: Finished = { uri, text: new TextDecoder().decode(bytes), partial, result, details };
      this.finished.fire(finished);
      return finished;
    } finally {
      for (const c of cancels) c?.dispose();
    }
  }

  /** `partial`: the run stopped after a step on purpose, so the script is judged by the steps that ran. */
  private report(run: vscode.TestRun, item: vscode.TestItem, steps: Map<number, vscode.TestItem>, uri: vscode.Uri, result: ScriptResult, details: RunDetail[], expect: 'reproduced' | 'not-reproduced', partial: boolean): void {
    const shown = details.find((d) => d.outcome === 'reproduced') ?? details.find((d) => d.outcome === 'not-reproduced') ?? details[0];
    for (const [line, step] of steps) {
      const record = shown?.steps.find((r) => r.line === line);
      if (record) this.reportStep(run, step, uri, record, expect);
      else this.mark(run, step, 'skipped');
    }
    const transcript = shown?.transcript.map((e) => `${String(e.line).padStart(4)}  ${e.text}`).join('\r\n') ?? '';
    const summary = summarize(result);
    run.appendOutput(`${transcript}\r\n\r\n${summary}\r\n`, undefined, item);
    this.output.info(`${result.file}: ${summary}`);
    const line = /^(?:line|строка) (\d+)/.exec(result.reason)?.[1];
    const message = new vscode.TestMessage(summary);
    if (line) message.location = new vscode.Location(uri, new vscode.Position(Number(line) - 1, 0));
    const conclusive = result.outcome === 'reproduced' || result.outcome === 'not-reproduced';
    if (partial && result.outcome !== 'error') {
      const states = [...steps.values()].map((step) => this.states.get(step.id));
      const worst = (['errored', 'failed'] as const).find((state) => states.includes(state));
      if (worst) this.mark(run, item, worst, message);
      else this.mark(run, item, 'passed');
    } else if (!conclusive) this.mark(run, item, 'errored', message);
    else if (result.outcome === expect) this.mark(run, item, 'passed');
    else this.mark(run, item, 'failed', message);
  }

  /** A step's state, as the expected outcome sees it: a bug check that matched passes when a reproduction is the goal. */
  private reportStep(run: vscode.TestRun, step: vscode.TestItem, uri: vscode.Uri, record: StepRecord, expect: 'reproduced' | 'not-reproduced'): void {
    const failedExpect = record.checks.find((c) => c.role === 'expect' && !c.passed);
    if (failedExpect) return this.mark(run, step, 'errored', checkMessage(uri, failedExpect, vscode.l10n.t('A precondition failed')));
    const wrong = record.checks.filter((c) => c.role === 'bug' && c.passed === (expect === 'not-reproduced'));
    if (wrong.length > 0) {
      const title = expect === 'reproduced' ? vscode.l10n.t('The bug check did not match') : vscode.l10n.t('The defect is still there');
      return this.mark(run, step, 'failed', ...wrong.map((c) => checkMessage(uri, c, title)));
    }
    this.mark(run, step, 'passed');
  }

  private mark(run: vscode.TestRun, item: vscode.TestItem, state: ItemState, ...messages: vscode.TestMessage[]): void {
    this.states.set(item.id, state);
    if (state === 'passed') run.passed(item);
    else if (state === 'skipped') run.skipped(item);
    else if (state === 'failed') run.failed(item, messages);
    else run.errored(item, messages);
  }
}

/** `reproduced (always, 3/3, 95% 44–100%): line 12: …` in the user's language (no word for one run: `1/1`). */
export function summarize(result: ScriptResult): string {
  const text = rateText(vscode.l10n.t, result);
  const rate = text ? ` (${text})` : '';
  return `${vscode.l10n.t(OUTCOME_LABELS[result.outcome])}${rate}: ${result.reason}`;
}

/** A failed check at its line, with what was expected against what was seen. */
function checkMessage(uri: vscode.Uri, check: CheckRecord, title: string): vscode.TestMessage {
  const message = vscode.TestMessage.diff(`${title}: ${check.role} ${check.check}`, check.check, check.actual);
  message.location = new vscode.Location(uri, new vscode.Position(check.line - 1, 0));
  return message;
}
