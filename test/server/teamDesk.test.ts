// The language server on a team desk (PostgreSQL): it opens the same location read-only, with libpq's password
// (PGPASSWORD) or, when the server refuses that, the one the client gives it (DeskPasswordRequest); a ticket
// another login creates clears RS105 live (LISTEN/NOTIFY, no edit, no polling); a server that goes away is
// offline (no RS105 claimed) and, back, what was written meanwhile is read. No password reaches the log.
// Over stdio with a real LSP client connection, on a real, throwaway PostgreSQL.

import { strict as assert } from 'node:assert';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { displayUrl } from '../../shared/desk/engines/postgres/problems';
import { perform } from '../../shared/desk/operations';
import { teamDatabase, teamRole, teamServer, TEST_PASSWORD } from '../helpers/desk';
import { LspClient } from '../helpers/lsp';

const unknownKeys = (diagnostics: Diagnostic[]): string[] => diagnostics.filter((d) => d.code === 'RS105').map((d) => String(d.message).match(/`([^`]+)`/)![1]);

/** The URL without its password: what a user puts in the setting. */
const withoutPassword = (url: string): string => url.replace(`:${encodeURIComponent(TEST_PASSWORD)}@`, '@');

interface Server {
  client: LspClient;
  logs: string[];
  /** Resolves with the first line the server logged that matches `pattern` (now, or later). */
  logged(pattern: RegExp): Promise<string>;
}

/** A server whose environment has no password for the desk, but PGPASSWORD when given. */
function server(url: string, env: Record<string, string>, initializationOptions: Record<string, unknown> = {}): Server {
  const { PGPASSWORD: _none, ...rest } = process.env;
  // PGPASSFILE names no file: the machine's own ~/.pgpass cannot help.
  const client = new LspClient({ env: { ...rest, PGPASSFILE: join(tmpdir(), 'repro-no-pgpass'), REPRO_DESK_DB: url, ...env }, initializationOptions });
  const logs: string[] = [];
  const waiting = new Set<() => void>();
  client.connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
    for (const wake of waiting) wake();
  });
  const logged = async (pattern: RegExp): Promise<string> => {
    for (;;) {
      const found = logs.find((line) => pattern.test(line));
      if (found) return found;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          waiting.delete(wake);
          resolve();
        };
        waiting.add(wake);
      });
    }
  };
  return { client, logs, logged };
}


describe('language server: tickets from a team desk (PostgreSQL)', function () {
  this.timeout(60000);
  let database: Awaited<ReturnType<typeof teamDatabase>>;
  let writer: TeamDesk;
  before(async () => {
    database = await teamDatabase('lsp_owner');
    for (const login of ['lsp_anna', 'lsp_boris']) await teamRole(login, 'lsp_owner');
    writer = await TeamDesk.open(database.url('lsp_owner'), { create: true });
    await perform(writer, 'createTicket', { subject: 'Export crashes on names with ё' });
  });
  after(() => writer?.close());

  it('with PGPASSWORD: RS105 on a key the desk does not know; a ticket another login creates clears it live', async () => {
    const { client, logged } = server(withoutPassword(database.url('lsp_anna')), { PGPASSWORD: TEST_PASSWORD });
    try {
      await client.initialize();
      const uri = 'file:///test/team1.repro';
      await client.open(uri, 'ticket SUP-1\nticket SUP-2\nstep "s"\n  run a\n  bug exit 1\n');
      assert.deepEqual(unknownKeys(await client.diagnosticsUntil(uri, (d) => unknownKeys(d).length > 0)), ['SUP-2']);
      assert.match(await logged(/opened \(read-only, as lsp_anna\)/), new RegExp(`desk ${displayUrl(database.url('lsp_anna')).replace(/[.?*+^$()[\]\\]/g, '\\$&')}`));
      const cleared = client.diagnosticsUntil(uri, (d) => unknownKeys(d).length === 0);
      assert.equal((await perform(writer, 'createTicket', { subject: 'Made in another window' })).key, 'SUP-2');
      assert.deepEqual(unknownKeys(await cleared), []);
    } finally {
      await client.close();
    }
  });

  it("without a password of libpq's: asks the client (DeskPasswordRequest) and opens with its answer; the password is not logged", async () => {
    const asked: string[] = [];
    const url = withoutPassword(database.url('lsp_boris'));
    const { client, logs, logged } = server(url, {}, { deskPasswords: true });
    client.connection.onRequest('repro/deskPassword', (p: { location: string }) => {
      asked.push(p.location);
      return { password: TEST_PASSWORD };
    });
    try {
      await client.initialize();
      const uri = 'file:///test/team2.repro';
      await client.open(uri, 'ticket SUP-1\n');
      const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } });
      assert.ok(hover, logs.join('\n'));
      assert.match((hover.contents as MarkupContent).value, /^\*\*SUP-1\*\* — Export crashes on names with ё$/m);
      assert.deepEqual(asked, [url], 'asked once, for the URL as shown');
      await logged(/opened \(read-only, as lsp_boris\)/);
      assert.ok(!logs.some((line) => line.includes(TEST_PASSWORD)), logs.join('\n'));
    } finally {
      await client.close();
    }
  });

  it('a client with no password to give: no desk, one warning that names the login, no RS105 claimed', async () => {
    const { client, logged } = server(withoutPassword(database.url('lsp_boris')), {}, { deskPasswords: true });
    client.connection.onRequest('repro/deskPassword', () => ({}));
    try {
      await client.initialize();
      const uri = 'file:///test/team3.repro';
      await client.open(uri, 'ticket SUP-99\n');
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 9 } });
      assert.equal(hover, null);
      assert.match(await logged(/tickets are not checked against it/), /lsp_boris/);
      // Checked again now that the desk has failed: a key it cannot check is not called unknown.
      await client.change(uri, 2, 'ticket SUP-99\n\n');
      assert.deepEqual(unknownKeys((await client.diagnostics(uri, 2)).diagnostics), []);
    } finally {
      await client.close();
    }
  });

  it('the server goes away: offline (logged), and back: what was written meanwhile is read', async () => {
    const pg = await teamServer();
    const { client, logged } = server(withoutPassword(database.url('lsp_anna')), { PGPASSWORD: TEST_PASSWORD });
    try {
      await client.initialize();
      const uri = 'file:///test/team4.repro';
      await client.open(uri, 'ticket SUP-3\nstep "s"\n  run a\n  bug exit 1\n');
      await client.diagnosticsUntil(uri, (d) => unknownKeys(d).includes('SUP-3'));
      writer.close();
      await pg.crash();
      await logged(/desk offline: .*reconnecting/);
      await pg.restart();
      // Written as soon as the server is back: before or after the language server's desk hears it is, the
      // ticket is read (by the catch-up after the reconnect, or by its notification).
      writer = await TeamDesk.open(database.url('lsp_owner'));
      const cleared = client.diagnosticsUntil(uri, (d) => unknownKeys(d).length === 0);
      assert.equal((await perform(writer, 'createTicket', { subject: 'Written while the editor was offline' })).key, 'SUP-3');
      assert.deepEqual(unknownKeys(await cleared), []);
      await logged(/desk online again/);
    } finally {
      await client.close();
    }
  });
});
