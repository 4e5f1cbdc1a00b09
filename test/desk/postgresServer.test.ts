// The throwaway PostgreSQL the team desk's tests run against (test/helpers/postgres.ts): a real Debian
// postgresql-15, reached with `pg` over its private Unix socket, with real password checks and real crashes.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPostgres, usePostgres } from '../helpers/postgres';

async function withClient<T>(connectionString: string, body: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** What connecting throws, or undefined when it connects. */
async function connectError(connectionString: string): Promise<(Error & { code?: string }) | undefined> {
  const client = new Client({ connectionString });
  try {
    await client.connect();
  } catch (error) {
    return error as Error & { code?: string };
  }
  await client.end();
  return undefined;
}

describe('desk: the test PostgreSQL server', () => {
  describe('one server for the block (usePostgres)', () => {
    const server = usePostgres();

    it('a created role connects with its password over the socket and finds PostgreSQL 15', async () => {
      await server().createRole('anna', 'correct horse');
      await server().createDatabase('desk', 'anna');
      const row = await withClient(server().urlFor('anna', 'correct horse', 'desk'), async (c) => {
        return (await c.query<{ version: string; user: string; db: string; addr: string | null }>(
          'SELECT version(), current_user AS user, current_database() AS db, inet_server_addr()::text AS addr',
        )).rows[0];
      });
      assert.match(row.version, /^PostgreSQL 15\.\d+/);
      assert.equal(row.user, 'anna');
      assert.equal(row.db, 'desk');
      assert.equal(row.addr, null, 'a Unix socket, not TCP');
      assert.ok(server().url.startsWith(`postgresql://postgres@/postgres?host=`));
    });

    it('a wrong password is refused with SQLSTATE 28P01; the right one still works', async () => {
      await server().createRole('boris', "it's right");
      const wrong = await connectError(server().urlFor('boris', 'wrong'));
      assert.ok(wrong, 'connected with a wrong password');
      assert.equal(wrong.code, '28P01', wrong.message);
      assert.equal(await connectError(server().urlFor('boris', "it's right")), undefined);
      // A role that does not exist is refused the same way, with no hint that it is missing.
      assert.equal((await connectError(server().urlFor('nobody-here', 'x')))?.code, '28P01');
    });

    it('the superuser connects without a password (peer), and nothing listens on TCP', async () => {
      const settings = await withClient(server().url, async (c) => {
        const { rows } = await c.query<{ name: string; setting: string }>(
          "SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'unix_socket_directories', 'fsync') ORDER BY name",
        );
        return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
      });
      assert.deepEqual(settings, { fsync: 'on', listen_addresses: '', unix_socket_directories: server().socketDir });
      const hba = readFileSync(join(server().dataDir, 'pg_hba.conf'), 'utf8');
      assert.doesNotMatch(hba, /^\s*host/m);
      assert.doesNotMatch(hba, /\btrust\b/);
    });

    it('psql() returns stdout and throws with stderr, leaving the server usable', async () => {
      assert.equal(await server().psql('SELECT 1 + 1;'), '2\n');
      await assert.rejects(server().psql('SELECT * FROM no_such_table;'), /relation "no_such_table" does not exist/);
      assert.equal(await server().psql("SELECT 'still here';"), 'still here\n');
    });

    it('crash() then restart() keeps a committed row, and the server accepts connections again', async () => {
      await server().createRole('carol', 'pw', ['CREATEDB']);
      await server().createDatabase('calls', 'carol'); // (PostgreSQL 15: only a database's owner may create in public.)
      const url = server().urlFor('carol', 'pw', 'calls');
      const c = new Client({ connectionString: url });
      c.on('error', () => {}); // The server going away is the point: no unhandled 'error' event.
      await c.connect();
      await c.query('CREATE TABLE calls (id int PRIMARY KEY, who text)');
      await c.query("INSERT INTO calls VALUES (1, 'committed')");
      await c.query('BEGIN');
      await c.query("INSERT INTO calls VALUES (2, 'never committed')");
      const pid = server().pid();
      assert.ok(pid, 'a postmaster pid');
      await server().crash(); // With that transaction still open.
      assert.equal(server().pid(), undefined, 'the postmaster is gone after crash()');
      await assert.rejects(c.query('COMMIT'));
      await c.end().catch(() => {});
      assert.ok(await connectError(url), 'connected while the server was down');
      await server().restart();
      const rows = await withClient(url, async (c) => (await c.query('SELECT id, who FROM calls ORDER BY id')).rows);
      assert.deepEqual(rows, [{ id: 1, who: 'committed' }]);
      assert.match(readFileSync(server().logFile, 'utf8'), /database system was interrupted|redo starts|not properly shut down/);
    });
  });

  it('stop() leaves no server process and no temporary folder, and a second stop() is harmless', async function () {
    this.timeout(120_000);
    const server = await startPostgres({ port: 5499, settings: { max_connections: 20 } });
    const pid = Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    assert.ok(pid > 0);
    assert.ok(existsSync(join(server.socketDir, '.s.PGSQL.5499')), 'the socket is named by the port');
    assert.equal(await server.psql('SHOW max_connections;'), '20\n');
    assert.ok(server.url.endsWith('&port=5499'));
    await withClient(server.url, async (c) => assert.equal((await c.query('SELECT 1 AS one')).rows[0].one, 1));
    await server.stop();
    let state: string | undefined;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      state = stat[stat.lastIndexOf(')') + 2];
    } catch {
      state = undefined;
    }
    // (A zombie is gone too: the postmaster's parent is whatever reaps orphans, on some machines nothing.)
    assert.ok(state === undefined || state === 'Z', `postmaster ${pid} still running (state ${state})`);
    assert.equal(existsSync(server.folder), false, `${server.folder} left behind`);
    await server.stop();
  });
});
