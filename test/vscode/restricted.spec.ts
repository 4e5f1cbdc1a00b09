// Inside a real VS Code, in a folder that is not trusted (Restricted Mode): the language features work and
// nothing runs — no lenses, the commands refuse. (A run from the Testing view is VS Code's to stop: it asks
// whether to trust the folder first; the profile's handler refuses as well, as the commands do.)

import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ReproApi } from '../../client/src/extension';
import { activateExtension, diagnosticsWhen, openScript, positions, workspaceFile } from './host';

let api: ReproApi;

before(async () => {
  assert.equal(vscode.workspace.isTrusted, false, 'this suite needs a folder in Restricted Mode');
  api = await activateExtension();
});

describe('the extension in Restricted Mode', () => {
  it('still checks scripts', async () => {
    const document = await openScript('broken.repro');
    const diagnostics = await diagnosticsWhen(document.uri, (d) => d.length > 0);
    assert.deepEqual(positions(diagnostics), ['RS009 2:1', 'RS001 3:3', 'RS006 4:12', 'RS007 5:20']);
  });

  it('still completes', async () => {
    const document = await openScript('crash.repro');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(9, 6));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('exit'), `exit in ${labels}`);
  });

  it('shows no Run lenses', async () => {
    // Once the server has answered for the script (its diagnostics are in), a trusted folder would show lenses.
    const document = await openScript('broken.repro');
    await diagnosticsWhen(document.uri, (d) => d.length > 0);
    assert.deepEqual(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri), []);
  });

  it('refuses every run command, and nothing runs', async () => {
    const uri = workspaceFile('crash.repro');
    let events = 0;
    const subscription = api.onDidRunEvent(() => events++);
    try {
      for (const [command, ...args] of [['repro.run', uri], ['repro.runRepeat', uri, 3], ['repro.runToStep', uri, 6]] as const) {
        assert.equal(await vscode.commands.executeCommand(command, ...args), undefined, command);
      }
    } finally {
      subscription.dispose();
    }
    assert.equal(events, 0);
    assert.equal(api.lastResult(uri), undefined);
  });

  it('reads and keeps the desk, but verify fix and run-and-record run nothing', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'repro-e2e-desk-')), 'desk.sqlite');
    await vscode.workspace.getConfiguration('repro').update('desk.path', path, vscode.ConfigurationTarget.Global);
    const { key } = await api.desk.perform('createTicket', { subject: 'Read in Restricted Mode' });
    const { key: bugKey } = await api.desk.perform('createBug', { title: 'A bug to verify', tickets: [key] });
    const groups = await api.views.tickets.getChildren();
    const tickets = (await Promise.all(groups.map((g) => api.views.tickets.getChildren(g)))).flat();
    assert.ok(tickets.some((n) => n.kind === 'ticket' && n.row.key === key), 'the Tickets view reads the desk');
    assert.ok((await api.views.bugs.getChildren()).some((n) => n.kind === 'bug' && n.row.key === bugKey));
    let events = 0;
    const subscription = api.onDidRunEvent(() => events++);
    try {
      assert.equal(await vscode.commands.executeCommand('repro.desk.runAndRecord', workspaceFile('crash.repro')), undefined);
      assert.equal(await vscode.commands.executeCommand('repro.desk.verifyFix', bugKey, { mark: true }), undefined);
      assert.equal(await vscode.commands.executeCommand('repro.desk.upgradeCheck', { product: 'Acme', version: '2.0' }), undefined);
    } finally {
      subscription.dispose();
    }
    assert.equal(events, 0);
  });
});
