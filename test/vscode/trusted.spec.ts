// Inside a real VS Code, in a trusted folder (test/vscode/workspace, copied): the extension activates, the
// language features answer through the editor's own commands, and Run records outcomes in the Testing API.

import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { ReproApi } from '../../client/src/extension';
import { validateText } from '../../shared/core/check';
import { formatText } from '../../shared/core/format';
import { processesWith } from '../helpers/processes';
import { activateExtension, codeLensesWhen, diagnosticsWhen, figures, openScript, positions, workspaceFile } from './host';

let api: ReproApi;

const untitled = (content: string): Thenable<vscode.TextDocument> => vscode.workspace.openTextDocument({ language: 'repro', content });

before(async () => {
  assert.equal(vscode.workspace.isTrusted, true, 'this suite needs a trusted folder');
  api = await activateExtension();
});

describe('the extension in a trusted folder', () => {
  it('activates, its language server running', async () => {
    figures.activationMs = await api.languageServerReady;
    assert.ok(figures.activationMs > 0);
    assert.ok(api.client.isRunning());
  });

  it('gives a broken script the diagnostics repro check gives', async () => {
    const document = await openScript('broken.repro');
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length > 0);
    assert.deepEqual(positions(diagnostics), positions(validateText(document.getText())));
    assert.deepEqual(positions(diagnostics), ['RS009 2:1', 'RS001 3:3', 'RS006 4:12', 'RS007 5:20']);
    assert.ok(diagnostics.every((d) => d.source === 'repro'), 'each says where it comes from');
  });

  it('completes commands in a step and subjects after bug', async () => {
    const document = await untitled('step "s"\n  run a\n  \n  bug ');
    const labels = async (line: number, character: number): Promise<string[]> => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, character));
      return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const body = await labels(2, 2);
    for (const label of ['run', 'bug', 'expect', 'wait']) assert.ok(body.includes(label), `${label} in ${body}`);
    assert.ok(!body.includes('ticket'), 'no header directive in a step');
    const subjects = await labels(3, 6);
    for (const label of ['exit', 'stdout', 'stderr', 'file']) assert.ok(subjects.includes(label), `${label} in ${subjects}`);
  });

  it('hovers with the command table\'s docs', async () => {
    const document = await untitled('step "s"\n  wait port 8080\n  bug exit 1\n');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /wait/);
  });

  it('formats as repro fmt does', async () => {
    const text = 'step   "s"\nrun    a   b\n    bug exit 1\n';
    const document = await untitled(text);
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, { tabSize: 2, insertSpaces: true });
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.equal(document.getText(), formatText(text));
  });

  it('offers "did you mean" for an unknown command, and the fix checks clean', async () => {
    const document = await untitled('step "s"\n  rnu a\n  bug exit 1\n');
    const [diagnostic] = await diagnosticsWhen(document.uri, (d) => d.length > 0);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred) ?? actions[0];
    assert.ok(fix?.edit, `a quick fix among ${actions.map((a) => a.title)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.deepEqual(await diagnosticsWhen(document.uri, (d) => d.length === 0), []);
    assert.equal(document.getText(), 'step "s"\n  run a\n  bug exit 1\n');
  });

  it('shows Run, Run ×N (N from the folder\'s settings) and Run to here', async () => {
    const document = await openScript('crash.repro');
    const lenses = await codeLensesWhen(document.uri, (l) => l.length > 0);
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title]),
      [[1, '$(play) Run'], [1, 'Run ×3'], [3, 'Run to here'], [7, 'Run to here']],
    );
  });

  it('hides the lenses when repro.codeLens.enabled is off', async () => {
    const document = await openScript('crash.repro');
    const config = vscode.workspace.getConfiguration('repro', document.uri);
    await config.update('codeLens.enabled', false, vscode.ConfigurationTarget.Workspace);
    try {
      assert.deepEqual(await codeLensesWhen(document.uri, (l) => l.length === 0), []);
    } finally {
      await config.update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.equal((await codeLensesWhen(document.uri, (l) => l.length > 0)).length, 4);
  });

  it('Run records the outcome in the Testing API: the script and its steps', async () => {
    const uri = workspaceFile('crash.repro');
    const finished = await vscode.commands.executeCommand<{ result: { outcome: string; runs: number } }>('repro.run', uri);
    assert.equal(finished.result.outcome, 'reproduced');
    assert.equal(finished.result.runs, 1);
    assert.equal(api.testStates.get(uri.toString()), 'passed');
    assert.equal(api.testStates.get(`${uri}#4`), 'passed');
    assert.equal(api.testStates.get(`${uri}#8`), 'passed');
    assert.equal(api.lastResult(uri)?.result.outcome, 'reproduced');
  });

  it('a fixed defect fails the test, at the bug check', async () => {
    const uri = workspaceFile('fixed.repro');
    const finished = await vscode.commands.executeCommand<{ result: { outcome: string } }>('repro.run', uri);
    assert.equal(finished.result.outcome, 'not-reproduced');
    assert.equal(api.testStates.get(uri.toString()), 'failed');
    assert.equal(api.testStates.get(`${uri}#2`), 'failed');
  });

  it('Run ×N runs as many times as the settings say', async () => {
    const uri = workspaceFile('crash.repro');
    const finished = await vscode.commands.executeCommand<{ result: { runs: number; reproducedRuns: number; reproducibility: string } }>('repro.runRepeat', uri);
    assert.deepEqual([finished.result.runs, finished.result.reproducedRuns, finished.result.reproducibility], [3, 3, 'always']);
  });

  it('Run to here stops after the step', async () => {
    const uri = workspaceFile('crash.repro');
    const [, , toFirst] = await codeLensesWhen(uri, (l) => l.length > 0);
    const finished = await vscode.commands.executeCommand<{ result: { outcome: string } }>(toFirst.command!.command, ...(toFirst.command!.arguments ?? []));
    // No bug check ran, so the outcome says nothing; the Testing view judges the script by the steps that ran.
    assert.equal(finished.result.outcome, 'inconclusive');
    assert.equal(api.testStates.get(`${uri}#4`), 'passed');
    assert.equal(api.testStates.get(`${uri}#8`), 'skipped');
    assert.equal(api.testStates.get(uri.toString()), 'passed');
  });

  it('cancelling a run from the Testing view ends every process it started', async () => {
    const marker = `e2e-cancel-${process.pid}-${Date.now()}`;
    const uri = workspaceFile('hang.repro');
    // When line 6 starts, the server of step 1 (a process tree) is surely up: `wait` saw the file it makes.
    const script = [
      `env MARKER=${marker}`,
      'step "Start a server"',
      "  run --bg server sh -c 'sleep 300 & touch up; sleep 300'",
      '  wait file up',
      'step "Hang"',
      '  run sleep 300',
      '  bug exit 0',
    ];
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(script.join('\n') + '\n'));
    await openScript('hang.repro');
    const started = new Promise<void>((resolve) => {
      const subscription = api.onDidRunEvent(({ event }) => {
        if (event.event !== 'command-started' || event.line !== 6) return;
        subscription.dispose();
        resolve();
      });
    });
    const finished = new Promise<{ result: { outcome: string; reason: string } }>((resolve) => {
      const subscription = api.onDidFinish((f) => {
        if (f.uri.toString() !== uri.toString()) return;
        subscription.dispose();
        resolve(f);
      });
    });
    // As a user does: the Testing view open (it is what gives the workbench the tests to run), then run.
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    // The workbench learns of the new test from the extension host a moment later; until it has, the command
    // returns at once having run nothing, so it is asked again (a started run does not return until cancelled).
    let running = false;
    for (let attempt = 0; attempt < 500 && !running; attempt++) {
      running = await Promise.race([started.then(() => true), vscode.commands.executeCommand('testing.runCurrentFile').then(() => false)]);
    }
    assert.ok(running, 'the Testing view started the run');
    assert.ok(processesWith('MARKER', marker).length >= 2, 'the server and its child are running');
    await vscode.commands.executeCommand('testing.cancelRun');
    const { result } = await finished;
    assert.equal(result.outcome, 'inconclusive');
    assert.match(result.reason, /cancelled/);
    assert.deepEqual(processesWith('MARKER', marker), []);
  });
});
import './desk.spec';

import './panels.spec';
