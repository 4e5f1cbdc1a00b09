// The language server and the support desk: ticket keys in `.repro` files checked (RS105), completed, hovered
// and linked from a real desk file the server opens itself, read-only; a ticket another process creates is seen
// without a keystroke; no desk file means no desk, not an error. Over stdio with a real LSP client connection.

import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompletionList, Diagnostic, DocumentLink, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { perform } from '../../shared/desk/operations';
import { scriptResult, SCRIPT, testDesk, type TestDesk } from '../helpers/desk';
import { LspClient } from '../helpers/lsp';

const HOSTILE = '<script>alert(1)</script> [x](javascript:alert(1)) *bold*';

let documentNumber = 0;

/** Opens a new document; the cursor is where `|` is (the `|` is taken out). */
async function open(client: LspClient, text: string): Promise<{ uri: string; position: { line: number; character: number } }> {
  const at = text.indexOf('|');
  const clean = at < 0 ? text : text.slice(0, at) + text.slice(at + 1);
  const before = clean.slice(0, at < 0 ? 0 : at).split('\n');
  const uri = `file:///test/desk${++documentNumber}.repro`;
  await client.open(uri, clean, 1);
  return { uri, position: { line: before.length - 1, character: before[before.length - 1].length } };
}


const unknownKeys = (diagnostics: Diagnostic[]): string[] => diagnostics.filter((d) => d.code === 'RS105').map((d) => String(d.message).match(/`([^`]+)`/)![1]);

/** A server with its own environment: REPRO_DESK_DB names the desk (the default path) unless options say another. */
function server(deskPath: string, more: { initializationOptions?: Record<string, unknown>; locale?: string; settings?: Record<string, unknown> } = {}): LspClient {
  return new LspClient({ env: { ...process.env, REPRO_DESK_DB: deskPath }, ...more });
}

describe('language server: tickets from the desk', function () {
  this.timeout(30000);
  let t: TestDesk;
  before(async () => {
    t = await testDesk();
    await perform(t.desk, 'addStaff', { login: 'anna', name: 'Анна Петрова', role: 'specialist' });
    await perform(t.desk, 'createTicket', { subject: 'Export crashes on names with ё', priority: 'high', assignee: 'anna' });
    t.clock.advance(1);
    await perform(t.desk, 'createTicket', { subject: HOSTILE });
    t.clock.advance(1);
    await perform(t.desk, 'createTicket', { subject: 'Printing hangs after the update' });
    const { result, details } = scriptResult(3, 5);
    await perform(t.desk, 'recordRun', { path: 'crash.repro', content: SCRIPT, title: 'The report tool crashes', tickets: ['SUP-1'], result, details });
  });
  after(() => t.dispose());

  describe('in VS Code (REPRO_DESK_DB, command links)', () => {
    let client: LspClient;
    before(async () => {
      client = server(t.path, { initializationOptions: { clientRunsCommands: true } });
      const { capabilities } = await client.initialize();
      assert.ok(capabilities.documentLinkProvider, 'ticket keys are links');
    });
    after(() => client.close());

    it('RS105 on a key the desk does not know, none on a key it knows', async () => {
      const doc = await open(client, 'ticket SUP-1\nticket SUP-9999\nstep "s"\n  run a\n  bug exit 1\n');
      // The desk opens in the background; the document is checked again when it is ready.
      const diagnostics = await client.diagnosticsUntil(doc.uri, (d) => unknownKeys(d).length > 0);
      assert.deepEqual(unknownKeys(diagnostics), ['SUP-9999']);
      assert.deepEqual(diagnostics.find((d) => d.code === 'RS105')!.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 15 } });
    });

    it('completion after `ticket `: the keys, newest first, with their subjects and status', async () => {
      const doc = await open(client, 'ticket |\nstep "s"\n  run a\n');
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.position });
      assert.deepEqual(list.items.map((i) => [i.label, i.detail]), [['SUP-3', 'Printing hangs after the update'], ['SUP-2', HOSTILE], ['SUP-1', 'Export crashes on names with ё']]);
      assert.equal(list.isIncomplete, true, 'typing asks again: the desk filters');
      const first = list.items.find((i) => i.label === 'SUP-1')!;
      assert.equal(first.labelDetails?.description, 'new');
      assert.match((first.documentation as MarkupContent).value, /Priority: high[\s\S]*Latest run: reproduced/);
      assert.deepEqual(first.textEdit, { range: { start: doc.position, end: doc.position }, newText: 'SUP-1' });
    });

    it('completion filters by what is typed: the start of a key, or words of a subject', async () => {
      const complete = async (text: string): Promise<string[]> => {
        const doc = await open(client, text);
        const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.position });
        return list.items.map((i) => String(i.label));
      };
      assert.deepEqual(await complete('ticket SUP-1|'), ['SUP-1']);
      assert.deepEqual(await complete('ticket expo|'), ['SUP-1']);
      assert.deepEqual(await complete('ticket print|'), ['SUP-3']);
      assert.deepEqual(await complete('ticket sup-2|'), ['SUP-2']);
      assert.deepEqual(await complete('ticket zzz|'), []);
      assert.deepEqual(await complete('ticket SUP-1 |'), [], 'one key a line');
    });

    it('hover: subject, status, priority, assignee, the latest run (k/n, when), and a link to the panel', async () => {
      const doc = await open(client, 'ticket SU|P-1\n');
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc.uri }, position: doc.position });
      const value = (hover.contents as MarkupContent).value;
      assert.match(value, /^\*\*SUP-1\*\* — Export crashes on names with ё$/m);
      assert.match(value, /^- Status: new$/m);
      assert.match(value, /^- Priority: high$/m);
      assert.match(value, /^- Assignee: Анна Петрова \(anna\)$/m);
      assert.match(value, /^- Latest run: reproduced \(intermittent, 3\/5, 95% 23–88%\), 2026-03-02 11:00 UTC$/m);
      assert.match(value, /\[Open ticket\]\(command:repro\.desk\.openTicket\?%5B%22SUP-1%22%5D\)/);
      assert.deepEqual(hover.range, { start: { line: 0, character: 7 }, end: { line: 0, character: 12 } });
    });

    it('hover: a subject is text, never markup (HTML, links, emphasis escaped)', async () => {
      const doc = await open(client, 'ticket SUP-|2\n');
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc.uri }, position: doc.position });
      const value = (hover.contents as MarkupContent).value;
      assert.doesNotMatch(value, /<script>/);
      assert.doesNotMatch(value, /(?<!\\)\]\(javascript/);
      assert.ok(value.includes('\\<script\\>alert(1)\\</script\\> \\[x\\](javascript:alert(1)) \\*bold\\*'), value);
      assert.match(value, /- Latest run: no runs recorded/);
      assert.match(value, /- Assignee: unassigned/);
    });

    it('document links: each known key to its panel (a command), none for an unknown one', async () => {
      const doc = await open(client, 'ticket SUP-2\nticket SUP-9999\nstep "s"\n  run a\n');
      const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: doc.uri } });
      assert.deepEqual(links, [{ range: { start: { line: 0, character: 7 }, end: { line: 0, character: 12 } }, target: 'command:repro.desk.openTicket?%5B%22SUP-2%22%5D' }]);
    });

    it('a ticket another process creates: RS105 goes away without an edit', async () => {
      const doc = await open(client, 'ticket SUP-4\nstep "s"\n  run a\n  bug exit 1\n');
      await client.diagnosticsUntil(doc.uri, (d) => unknownKeys(d).includes('SUP-4'));
      const other = await t.reopen();
      const cleared = client.diagnosticsUntil(doc.uri, (d) => unknownKeys(d).length === 0);
      assert.equal((await perform(other, 'createTicket', { subject: 'Made in another window' })).key, 'SUP-4');
      assert.deepEqual(await cleared, []);
      // And the new ticket is offered at once.
      const complete = await open(client, 'ticket SUP-4|\n');
      const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: complete.uri }, position: complete.position });
      assert.deepEqual(list.items.map((i) => [i.label, i.detail]), [['SUP-4', 'Made in another window']]);
    });

    it('never writes the desk', () => {
      t.desk.refresh();
      assert.equal(t.desk.changeCount, 6, 'the changes of the test, none of the server');
    });
  });

  describe('in other clients (initializationOptions.deskPath, no command links)', () => {
    it('the deskPath of the client; the hover names the vscode:// URI; no document links; in Russian', async () => {
      const client = server(join(tmpdir(), 'repro-no-such-folder', 'desk.sqlite'), { initializationOptions: { deskPath: t.path }, locale: 'ru' });
      const { capabilities } = await client.initialize();
      assert.equal(capabilities.documentLinkProvider, undefined);
      try {
        const doc = await open(client, 'ticket SUP-|1\n');
        const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc.uri }, position: doc.position });
        const value = (hover.contents as MarkupContent).value;
        assert.match(value, /^- Статус: новая$/m);
        assert.match(value, /^- Последний запуск: воспроизведена \(периодически, 3\/5, 95% 23–88%\)/m);
        assert.match(value, /`vscode:\/\/repro-desk\.repro-desk\/ticket\/SUP-1`/);
        assert.doesNotMatch(value, /command:/);
      } finally {
        await client.close();
      }
    });

    it('the repro.desk.path setting (workspace/configuration) when the client passes no path', async () => {
      const client = server(join(tmpdir(), 'repro-no-such-folder', 'desk.sqlite'), { settings: { desk: { path: t.path } } });
      await client.initialize();
      try {
        const doc = await open(client, 'ticket SUP-9999\n');
        assert.deepEqual(unknownKeys(await client.diagnosticsUntil(doc.uri, (d) => unknownKeys(d).length > 0)), ['SUP-9999']);
      } finally {
        await client.close();
      }
    });
  });

  describe('without a desk file', () => {
    let folder: string;
    before(() => (folder = mkdtempSync(join(tmpdir(), 'repro-no-desk-'))));
    after(() => rmSync(folder, { recursive: true, force: true }));

    it('no RS105, no completions, no hover, no error, and no file made', async () => {
      const path = join(folder, 'desk.sqlite');
      const client = server(path);
      const errors: string[] = [];
      client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => void (p.type <= 2 && errors.push(p.message)));
      client.connection.onNotification('window/showMessage', (p: { message: string }) => void errors.push(p.message));
      await client.initialize();
      try {
        const doc = await open(client, 'ticket |SUP-9999\nstep "s"\n  run a\n  bug exit 1\n');
        // Completion waits for the desk to be looked for: after it, every answer knows there is none.
        const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.position });
        assert.deepEqual(list.items, []);
        assert.equal(await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 0, character: 9 } }), null);
        await client.change(doc.uri, 2, 'ticket SUP-9998\nstep "s"\n  run a\n  bug exit 1\n');
        assert.deepEqual((await client.diagnostics(doc.uri, 2)).diagnostics, []);
        assert.deepEqual(errors, []);
        assert.ok(!existsSync(path), 'the server never creates a desk');
      } finally {
        await client.close();
      }
    });
  });
});
