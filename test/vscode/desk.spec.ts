// The Repro Desk's workflow inside a real VS Code, in a trusted folder: a call becomes a ticket, the ticket a
// script, the script's runs land in the desk; a bug, its fix and its verification close the loop; documents
// are previewed and saved; links open scripts and refuse to leave the workspace. Every step goes through the
// commands a user runs (with their answers as arguments), and is checked in the views and in the desk.

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ReproApi } from '../../client/src/extension';
import type { DeskNode } from '../../client/src/desk/views/nodes';
import { ticketScripts, ticketTimeline } from '../../shared/desk/queries';
import { bug, ticket } from '../../shared/desk/workflows/common';
import { activateExtension, workspaceFile } from './host';

let api: ReproApi;

// Before any test of the suite runs a script (their runs are recorded too): the desk is a file of this run's own.
before(async () => {
  api = await activateExtension();
  const path = join(mkdtempSync(join(tmpdir(), 'repro-e2e-desk-')), 'desk.sqlite');
  await vscode.workspace.getConfiguration('repro').update('desk.path', path, vscode.ConfigurationTarget.Global);
  assert.equal(api.desk.path, path);
});

const run = <T>(command: string, ...args: unknown[]): Promise<T> => Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));

/** Every element of a tree, depth first. */
async function flatten(tree: vscode.TreeDataProvider<DeskNode>, node?: DeskNode): Promise<DeskNode[]> {
  const children = (await tree.getChildren(node)) ?? [];
  const all: DeskNode[] = [];
  for (const child of children) all.push(child, ...(await flatten(tree, child)));
  return all;
}

/** What `read` gives once it gives something: now, or after a later change of the desk (a run is recorded after it finishes). */
async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    let subscription!: vscode.Disposable;
    const changed = new Promise<void>((resolve) => (subscription = api.desk.onDidChange(() => resolve())));
    try {
      const value = await read();
      if (value !== undefined) return value;
      await changed;
    } finally {
      subscription.dispose();
    }
  }
}

const labelOf = (item: vscode.TreeItem): string => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

/** Replaces an open script's text and saves it (what runs is what the editor shows). */
async function setText(uri: vscode.Uri, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save());
}

const crash = (key: string): string =>
  [
    `ticket ${key}`,
    'title "Export crashes on an empty name"',
    '',
    'step "Make the input"',
    `  run sh -c 'printf "" > name.txt'`,
    '  expect exit 0',
    '',
    'step "Run the report"',
    `  run sh -c 'test -s name.txt || { echo "Traceback: empty name" >&2; exit 3; }'`,
    '  bug exit 3',
    '  bug stderr contains "Traceback"',
    '',
  ].join('\n');

const fixed = (key: string): string => [`ticket ${key}`, 'title "Export crashes on an empty name"', '', 'step "Run the report"', "  run sh -c 'echo ok'", '  bug exit 3', ''].join('\n');

describe('the Repro Desk in a trusted folder', () => {
  let key: string;
  let bugKey: string;
  let script: vscode.Uri;

  it('registers a call that opens a ticket; Tickets shows it under its status, Calls the call', async () => {
    const result = await run<{ callId: number; ticketKey: string }>('repro.desk.registerCall', {
      direction: 'in',
      organization: 'Acme Logistics',
      contact: 'Ivan Petrov',
      channel: 'phone',
      summary: 'Export crashes on an empty name',
      ticket: 'new',
    });
    assert.match(result.ticketKey, /^SUP-\d+$/);
    key = result.ticketKey;
    const row = ticket(await api.desk.desk(), key);
    assert.equal(row.subject, 'Export crashes on an empty name');
    assert.equal(row.status, 'new');

    const groups = await api.views.tickets.getChildren();
    const group = groups.find((g) => g.kind === 'group' && g.value === 'new');
    assert.ok(group && group.kind === 'group', `a "new" group among ${groups.map((g) => g.kind)}`);
    const items = await api.views.tickets.getChildren(group);
    const node = items.find((n) => n.kind === 'ticket' && n.row.key === key)!;
    const item = api.views.tickets.getTreeItem(node);
    assert.equal(labelOf(item), `${key} Export crashes on an empty name`);
    assert.equal(item.description, 'new · normal');
    assert.deepEqual(item.command?.arguments, [key]);
    assert.equal(item.command?.command, 'repro.desk.openTicket');
    assert.equal(item.contextValue, 'ticket');

    const calls = await flatten(api.views.calls);
    assert.ok(calls.some((n) => n.kind === 'call' && n.row.ticket === key && n.row.organization === 'Acme Logistics'));
  });

  it('groups tickets by priority, filters and searches them', async () => {
    assert.equal(await run('repro.desk.toggleTicketGrouping', 'priority'), 'priority');
    try {
      const groups = await api.views.tickets.getChildren();
      assert.ok(groups.every((g) => g.kind === 'group' && g.by === 'priority'));
      assert.ok(groups.some((g) => g.kind === 'group' && g.value === 'normal'));
    } finally {
      await run('repro.desk.toggleTicketGrouping', 'status');
    }
    await run('repro.desk.filterTickets', { search: 'export empty' });
    assert.ok((await flatten(api.views.tickets)).some((n) => n.kind === 'ticket' && n.row.key === key));
    await run('repro.desk.filterTickets', { search: 'nothing-is-called-this' });
    const none = await api.views.tickets.getChildren();
    assert.deepEqual(none.map((n) => n.kind), ['message']);
    await run('repro.desk.clearTicketFilter');
    assert.equal(api.views.tickets.filtered, false);
  });

  it('makes repro/KEY.repro for the ticket from the template, links it, opens it, and never overwrites it', async () => {
    script = (await run<vscode.Uri>('repro.desk.newScript', key))!;
    assert.equal(script.toString(), workspaceFile(`repro/${key}.repro`).toString());
    const text = readFileSync(script.fsPath, 'utf8');
    assert.match(text, new RegExp(`^ticket ${key}$`, 'm'));
    assert.match(text, /^title "Export crashes on an empty name"$/m);
    assert.match(text, /^step "/m);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), script.toString());
    const desk = await api.desk.desk();
    assert.deepEqual(ticketScripts(desk, ticket(desk, key).id).map((s) => s.path), [`repro/${key}.repro`]);

    assert.equal(await run('repro.desk.newScript', key), undefined);
    assert.equal(readFileSync(script.fsPath, 'utf8'), text);
  });

  it('running the script records the run on its ticket', async () => {
    await setText(script, crash(key));
    const result = await run<{ outcome: string; recorded: { tickets: string[] } }>('repro.desk.runAndRecord', script);
    assert.equal(result.outcome, 'reproduced');
    assert.deepEqual(result.recorded.tickets, [key]);
    const node = (await flatten(api.views.tickets)).find((n) => n.kind === 'ticket' && n.row.key === key);
    assert.equal(node?.kind === 'ticket' && node.row.lastOutcome, 'reproduced');
  });

  it('records a run from the Run lens too; a key the desk does not know becomes a ticket', async () => {
    const uri = workspaceFile('repro/unknown-key.repro');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(crash('NEW-4242')));
    await run('repro.run', uri);
    const made = await until(async () => (await api.desk.desk()).get<{ subject: string }>('SELECT subject FROM ticket WHERE key = ?', ['NEW-4242']));
    assert.equal(made.subject, 'Export crashes on an empty name');
    const timeline = ticketTimeline(await api.desk.desk(), ticket(await api.desk.desk(), 'NEW-4242').id);
    assert.deepEqual(timeline.filter((e) => e.kind !== 'change').map((e) => [e.kind, e.what]), [['note', 'system private'], ['run', 'reproduced']]);
  });

  it('links the ticket to a new bug; the fix makes it fix ready with a callback due; verify fix runs not-reproduced and records', async () => {
    assert.equal(await run('repro.desk.changeTicketStatus', key, 'reproducing'), 'reproducing');
    bugKey = (await run<string>('repro.desk.linkToBug', key, { title: 'The report tool crashes on empty names' }))!;
    assert.match(bugKey, /^BUG-\d+$/);
    await api.desk.perform('addStaff', { login: 'dev-e2e', name: 'Daria Developer', role: 'developer' });
    assert.equal(await run('repro.desk.assignDeveloper', bugKey, 'dev-e2e'), 'dev-e2e');
    assert.equal(ticket(await api.desk.desk(), key).status, 'escalated');
    // One run measures nothing (spec §4): the bug's reproducibility waits for a second conclusive run.
    assert.equal(bug(await api.desk.desk(), bugKey).reproducibility, 'have-not-tried');
    assert.equal((await run<{ outcome: string }>('repro.desk.runAndRecord', script))?.outcome, 'reproduced');
    assert.equal(bug(await api.desk.desk(), bugKey).reproducibility, 'always');

    assert.equal(await run('repro.desk.changeBugStatus', bugKey, 'resolved', { resolution: 'fixed' }), 'resolved');
    const row = ticket(await api.desk.desk(), key);
    assert.equal(row.status, 'fix-ready');
    assert.ok(row.callback_due, 'a callback is due');
    const callbacks = await flatten(api.views.calls);
    assert.ok(callbacks.some((n) => n.kind === 'callback' && n.row.key === key));

    // Calling the customer back (reached, nothing more owed) settles the callback.
    await run('repro.desk.logCallback', key, { outcome: 'reached', summary: 'Told the customer the fix is coming', callbackDue: null });
    assert.equal(ticket(await api.desk.desk(), key).callback_due, null);
    assert.ok(!(await flatten(api.views.calls)).some((n) => n.kind === 'callback' && n.row.key === key));

    await setText(script, fixed(key));
    const verified = await run<{ holds: boolean; verified: boolean; results: { path: string; outcome: string }[] }>('repro.desk.verifyFix', bugKey, { mark: true });
    assert.deepEqual(verified.results, [{ path: `repro/${key}.repro`, outcome: 'not-reproduced' }]);
    assert.equal(verified.holds, true);
    assert.equal(verified.verified, true);
    assert.equal(bug(await api.desk.desk(), bugKey).status, 'verified');
    assert.equal(api.testStates.get(script.toString()), 'passed', 'judged against not-reproduced');
    const last = (await api.desk.desk()).get<{ outcome: string; expected: string }>('SELECT outcome, expected FROM run ORDER BY id DESC LIMIT 1');
    assert.deepEqual(last, { outcome: 'not-reproduced', expected: 'not-reproduced' });
    // A verification tests the fix, not the defect: the bug's reproducibility is still what its reproductions said.
    assert.equal(bug(await api.desk.desk(), bugKey).reproducibility, 'always');
  });

  it('an upgrade check runs the scripts of the product\'s bugs, records them with the version and shows a table', async () => {
    await api.desk.perform('updateBug', bugKey, { product: 'Acme Export' });
    const check = await run<{ rows: { bug: string; verdict: string; scripts: { path: string; outcome: string }[] }[] }>('repro.desk.upgradeCheck', { product: 'Acme Export', version: '2.0' });
    assert.deepEqual(check.rows.map((r) => [r.bug, r.verdict, r.scripts]), [[bugKey, 'fixed', [{ path: `repro/${key}.repro`, outcome: 'not-reproduced' }]]]);
    const last = (await api.desk.desk()).get<{ version: string }>('SELECT version_tested AS version FROM run ORDER BY id DESC LIMIT 1');
    assert.equal(last?.version, '2.0');
  });

  it('a call without a ticket becomes one; notes and assignment', async () => {
    const call = await run<{ callId: number; ticketKey?: string }>('repro.desk.registerCall', {
      direction: 'in',
      organization: 'Acme Logistics',
      contact: null,
      channel: 'email',
      summary: 'Asks how to export to CSV',
      ticket: 'none',
    });
    assert.equal(call.ticketKey, undefined);
    const made = await run<string>('repro.desk.ticketFromCall', call.callId, { subject: 'How to export to CSV' });
    const desk = await api.desk.desk();
    const row = ticket(desk, made);
    assert.equal(row.subject, 'How to export to CSV');
    assert.equal(row.channel, 'email');
    assert.equal(await run('repro.desk.ticketFromCall', call.callId, {}), made, 'a call on a ticket stays on it');

    await run('repro.desk.addNote', made, 'Sent the CSV guide', 'comment');
    await api.desk.perform('addStaff', { login: 'spec-e2e', name: 'Sofia Specialist', role: 'specialist' });
    assert.equal(await run('repro.desk.assignTicket', made, 'spec-e2e'), 'spec-e2e');
    const timeline = ticketTimeline(await api.desk.desk(), row.id);
    assert.ok(timeline.some((e) => e.kind === 'note' && e.text === 'Sent the CSV guide'));
    const node = (await flatten(api.views.tickets)).find((n) => n.kind === 'ticket' && n.row.key === made);
    assert.equal(node?.kind === 'ticket' && node.row.assignee, 'spec-e2e');
  });

  it('writes the complaint analysis of a period', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const analysis = await run<{ files: string[]; markdown: string }>('repro.desk.complaintAnalysis', { from: '2020-01-01', to: today, lang: 'en', save: ['md'] });
    assert.deepEqual(analysis.files, [workspaceFile(`documents/analysis-2020-01-01-${today}.md`).fsPath]);
    assert.match(readFileSync(analysis.files[0], 'utf8'), /Acme Logistics/);
  });

  it('generates the reproduction report: a preview, saved to documents/ and kept in the desk', async () => {
    const report = await run<{ number: string; files: string[]; html: string }>('repro.desk.generateReport', key, { lang: 'en', save: ['html', 'md'], store: true });
    assert.match(report.number, /^REP-\d{4}-\d{4}$/);
    assert.deepEqual(report.files, [workspaceFile(`documents/${report.number}.html`).fsPath, workspaceFile(`documents/${report.number}.md`).fsPath]);
    assert.ok(report.files.every((f) => existsSync(f)));
    assert.match(readFileSync(report.files[1], 'utf8'), new RegExp(key));
    assert.doesNotMatch(report.html, /<script/i);
    const documents = await api.views.documents.getChildren();
    assert.ok(documents.some((d) => d.kind === 'document' && d.row.number === report.number));
  });

  it('issues a closing act only once it is confirmed', async () => {
    await run('repro.desk.changeTicketStatus', key, 'resolved', 'fixed');
    const acts = async (): Promise<number> => (await api.views.documents.getChildren()).filter((d) => d.kind === 'document' && d.row.kind === 'closing-act').length;
    const before = await acts();
    let asked = 0;
    const refused = await run('repro.desk.issueClosingAct', { organization: 'Acme Logistics', tickets: [key], lang: 'en', confirm: () => (asked++, false) });
    assert.equal(refused, undefined);
    assert.equal(asked, 1);
    assert.equal(await acts(), before);

    const act = await run<{ number: string; files: string[]; html: string }>('repro.desk.issueClosingAct', { organization: 'Acme Logistics', tickets: [key], lang: 'ru', confirm: async () => true, save: ['html'] });
    assert.match(act.number, /^ACT-\d{4}-\d{4}$/);
    assert.deepEqual(act.files, [workspaceFile(`documents/${act.number}.html`).fsPath]);
    assert.match(readFileSync(act.files[0], 'utf8'), /Заключительный акт/);
    assert.equal(await acts(), before + 1);
  });

  it('copies a ticket\'s key and its link', async () => {
    assert.equal(await run('repro.desk.copyKey', key), key);
    assert.equal(await vscode.env.clipboard.readText(), key);
    const link = `${vscode.env.uriScheme}://repro-desk.repro-desk/ticket/${key}`;
    assert.equal(await run('repro.desk.copyLink', key), link);
    assert.equal(await vscode.env.clipboard.readText(), link);
  });

  it('a link opens a script of the workspace, and refuses paths that leave it', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const link = (path: string): string => `${vscode.env.uriScheme}://repro-desk.repro-desk/script?path=${encodeURIComponent(path)}`;
    assert.equal(await run('repro.desk.openLink', link(`repro/${key}.repro`)), true);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), script.toString());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const path of ['../crash.repro', 'repro/../../crash.repro', '/etc/passwd', '..\\crash.repro']) {
      assert.equal(await run('repro.desk.openLink', link(path)), false, path);
      assert.equal(vscode.window.activeTextEditor, undefined, path);
    }
    assert.equal(await run('repro.desk.openLink', `${vscode.env.uriScheme}://repro-desk.repro-desk/ticket/not-a-key`), false);
  });
});
