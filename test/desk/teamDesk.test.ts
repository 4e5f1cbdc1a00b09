// The team desk on a real PostgreSQL 15 (test/helpers/postgres.ts): what it does beyond the embedded desk's
// rules (which test/desk/workflows.test.ts runs on both engines): the schema made once and versioned, who did a
// change being the login, writers at once losing nothing and numbering without gaps, notifications of every
// change, and the CLI's one-line errors for what goes wrong with the server.

import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { POSTGRES_MIGRATIONS } from '../../shared/desk/engines/postgres/schema';
import { perform } from '../../shared/desk/operations';
import { MIGRATIONS } from '../../shared/desk/schema';
import { cliEnv, REPRO } from '../helpers/cli';
import { teamDatabase, teamRole, teamServer, TEST_PASSWORD } from '../helpers/desk';
import { startPostgres } from '../helpers/postgres';
import { ROOT } from '../helpers/golden';

const WRITER = join(ROOT, 'out', 'test', 'desk', 'writer.js');

const repro = (...args: string[]) => spawnSync(process.execPath, [REPRO, ...args], { env: cliEnv(), encoding: 'utf8' });

/** Runs the writer (test/desk/writer.ts) to the end; resolves with the names it reported committed. */
function write(url: string, prefix: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, url, prefix, String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.once('exit', (code) => (code === 0 ? resolve(out.split('\n').filter(Boolean)) : reject(new Error(`writer ${prefix} exited ${code}: ${err}`))));
  });
}

describe('team desk (PostgreSQL)', function () {
  this.timeout(120_000);

  it('has a migration for every migration of the embedded desk', () => {
    assert.equal(POSTGRES_MIGRATIONS.length, MIGRATIONS.length);
  });

  it('repro desk init makes the schema once; a database without one is no desk, and says how to make it', async () => {
    const db = await teamDatabase();
    const url = db.url();
    const shown = url.replace(`:${TEST_PASSWORD}@`, '@');
    const read = repro('ticket', 'list', '--db', url);
    assert.deepEqual([read.status, read.stderr], [2, `repro ticket list: no desk at ${shown}; create it with repro desk init ${shown}\n`]);
    const made = repro('desk', 'init', url);
    assert.deepEqual([made.status, made.stdout], [0, `a new desk at ${shown}\n`], made.stderr);
    const again = repro('desk', 'init', url);
    assert.deepEqual([again.status, again.stderr], [2, `repro desk: ${shown} already holds a desk\n`]);
    assert.equal(repro('staff', 'add', 'anna', '--name', 'Anna', '--role', 'specialist', '--db', url).status, 0);
    const ticket = repro('ticket', 'create', '--subject', 'Экспорт падает', '--db', url);
    assert.deepEqual([ticket.status, ticket.stdout], [0, 'SUP-1 created\n'], ticket.stderr);
    assert.match(repro('ticket', 'list', '--search', 'экспорт', '--db', url).stdout, /SUP-1 .*Экспорт падает/);
    for (const output of [read.stderr, made.stdout, again.stderr]) assert.ok(!output.includes(TEST_PASSWORD), 'a password is never shown');
  });

  it('as the README sets it up, to the letter: roles, an owner role, logins; the schema belongs to the owner', async () => {
    // A server of its own: the README's SQL makes the roles every other test's server already has.
    const pg = await startPostgres();
    try {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      const sql = /### A team desk on PostgreSQL[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)![1];
      await pg.psql(sql.replace(/'…'/g, `'${TEST_PASSWORD}'`));
      const url = (login: string) => pg.urlFor(login, TEST_PASSWORD, 'desk');
      assert.equal(repro('desk', 'init', url('vera')).status, 0);
      const made = repro('ticket', 'create', '--subject', 'Made by Anna', '--db', url('anna'));
      assert.deepEqual([made.status, made.stdout], [0, 'SUP-1 created\n'], made.stderr);
      assert.equal((await pg.psql("SELECT tableowner FROM pg_tables WHERE tablename = 'ticket'", 'desk')).trim(), 'desk_owner');
      assert.equal((await pg.psql("SELECT created_by FROM ticket WHERE key = 'SUP-1'", 'desk')).trim(), 'anna');
      const refused = repro('ticket', 'create', '--subject', 'Made by Olga', '--db', url('olga'));
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /^repro ticket create: your login olga may not do that on the team desk: permission denied for table \w+\n$/);
    } finally {
      await pg.stop();
    }
  });

  it('a database that holds tables of something else is no desk, and init leaves it untouched', async () => {
    const db = await teamDatabase();
    const pg = await teamServer();
    await pg.psql("CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (7)", db.name);
    const made = repro('desk', 'init', db.url());
    assert.equal(made.status, 2);
    assert.match(made.stderr, /holds no desk but tables of something else \(invoices\); a desk is made only in an empty database, and this one is left untouched\n$/);
    assert.equal((await pg.psql("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'", db.name)).trim(), 'invoices');
  });

  it('who made a change is the login, not what the client says', async () => {
    const db = await teamDatabase();
    await teamRole('boris', 'anna');
    const desk = await TeamDesk.open(db.url(), { create: true });
    const other = await TeamDesk.open(db.url('boris'));
    try {
      await perform(other, 'createTicket', { subject: 'Made by Boris' });
      assert.equal(desk.get<{ created_by: string }>("SELECT created_by FROM ticket WHERE key = 'SUP-1'")?.created_by, 'boris');
      assert.equal(other.user, 'boris');
    } finally {
      other.close();
      desk.close();
    }
  });

  it('a desk of a newer schema opens read-only, and its changes are refused', async () => {
    const db = await teamDatabase();
    (await TeamDesk.open(db.url(), { create: true })).close();
    await (await teamServer()).psql("UPDATE desk_meta SET value = '99' WHERE key = 'schema_version'", db.name);
    const desk = await TeamDesk.open(db.url());
    try {
      assert.match(desk.readOnly ?? '', /newer Repro Desk \(schema 99/);
      await assert.rejects(perform(desk, 'createTicket', { subject: 'x' }), /cannot be changed/);
    } finally {
      desk.close();
    }
  });

  describe('a desk of an older schema', () => {
    /** A desk left at schema 2 (as an older Repro Desk made it), with a ticket in it. */
    async function olderDesk(extra = ''): Promise<{ name: string; url: string }> {
      const db = await teamDatabase();
      await (await teamServer()).psql(
        `SET ROLE anna; ${POSTGRES_MIGRATIONS[0]}; ${POSTGRES_MIGRATIONS[1]};
        INSERT INTO desk_meta VALUES ('application', 'repro-desk'), ('schema_version', '2');
        INSERT INTO ticket (key, subject, created_at, created_by, updated_at) VALUES ('SUP-1', 'Kept across the upgrade', '2026-03-02', 'anna', '2026-03-02');
        INSERT INTO counter VALUES ('key:SUP', 1);
        ${extra}`,
        db.name,
      );
      return { name: db.name, url: db.url() };
    }
    const version = async (name: string) => (await (await teamServer()).psql("SELECT value FROM desk_meta WHERE key = 'schema_version'", name)).trim();

    it('is upgraded when opened, with every row kept', async () => {
      const { name, url } = await olderDesk();
      const desk = await TeamDesk.open(url);
      try {
        assert.equal(await version(name), String(POSTGRES_MIGRATIONS.length));
        assert.deepEqual(desk.all('SELECT key, subject FROM ticket'), [{ key: 'SUP-1', subject: 'Kept across the upgrade' }]);
        const made = repro('ticket', 'create', '--subject', 'After the upgrade', '--db', url);
        assert.equal(made.stdout, 'SUP-2 created\n', made.stderr);
      } finally {
        desk.close();
      }
    });

    it('whose upgrade fails is left as it was, whole: one transaction', async () => {
      // Migration 3 makes an index of this name: it fails halfway through.
      const { name, url } = await olderDesk('CREATE INDEX ticket_status ON ticket(key);');
      const read = repro('ticket', 'create', '--subject', 'Not made', '--db', url);
      assert.equal(read.status, 2, read.stdout);
      assert.match(read.stderr, /relation "ticket_status" already exists\n$/);
      assert.equal(await version(name), '2');
      assert.equal((await (await teamServer()).psql("SELECT to_regclass('run_fingerprint') IS NULL AND to_regclass('ticket_updated') IS NULL", name)).trim(), 't', 'nothing of the failed migration is left');
    });
  });

  it('8 processes × 500 changes at once: every change kept, the numbers unique and without gaps', async () => {
    const db = await teamDatabase();
    (await TeamDesk.open(db.url(), { create: true })).close();
    const committed = (await Promise.all(Array.from({ length: 8 }, (_, i) => write(db.url(), `w${i}`, 500)))).flat();
    assert.equal(committed.length, 4000);
    const desk = await TeamDesk.open(db.url());
    try {
      const names = new Set(desk.all<{ name: string }>('SELECT name FROM organization').map((r) => r.name));
      assert.deepEqual(committed.filter((n) => !names.has(n)), [], 'nothing reported done is missing');
      assert.equal(names.size, 4000);
      const seqs = desk.all<{ seq: number }>('SELECT seq FROM change_seq ORDER BY seq').map((r) => r.seq);
      assert.deepEqual(seqs, Array.from({ length: 4000 }, (_, i) => i + 1), 'one change number each, none skipped');
    } finally {
      desk.close();
    }
  });

  it('every change is heard by every other open desk, with its number', async () => {
    const db = await teamDatabase();
    const changes: number[] = [];
    let heard: () => void = () => undefined;
    const watcher = await TeamDesk.open(db.url(), {
      create: true,
      onChange: (seq) => {
        changes.push(seq);
        heard();
      },
    });
    watcher.watch();
    const writer = await TeamDesk.open(db.url());
    try {
      const both = new Promise<void>((resolve) => (heard = () => changes.length >= 2 && resolve()));
      await perform(writer, 'createTicket', { subject: 'One' });
      await perform(writer, 'createTicket', { subject: 'Two' });
      await both;
      assert.deepEqual(changes, [1, 2]);
      assert.equal(watcher.refresh(), false, 'nothing more to catch up with');
    } finally {
      writer.close();
      watcher.close();
    }
  });

  it('what goes wrong with the server is one line on stderr, exit 2, without the password', async () => {
    const pg = await teamServer();
    const db = await teamDatabase();
    assert.equal(repro('desk', 'init', db.url()).status, 0);
    const wrong = repro('ticket', 'list', '--db', pg.urlFor('anna', 'not-the-password', db.name));
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /^repro ticket list: the team desk at \S+ refused the password for anna \(give it in PGPASSWORD or ~\/\.pgpass\)\n$/);
    assert.ok(!wrong.stderr.includes('not-the-password'));
    const missing = repro('ticket', 'list', '--db', pg.urlFor('anna', TEST_PASSWORD, 'no_such_database'));
    assert.match(missing.stderr, /^repro ticket list: there is no database at \S+no_such_database\S*: create it first/);
    const nowhere = repro('ticket', 'list', '--db', `postgresql://anna:${TEST_PASSWORD}@/${db.name}?host=${join(pg.folder, 'no-socket-here')}`);
    assert.deepEqual([nowhere.status, nowhere.stderr.split('\n').length], [2, 2]);
    assert.match(nowhere.stderr, /cannot reach the team desk at .*: no server is listening there; it may be stopped\n$/);
  });
});
