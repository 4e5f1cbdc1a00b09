// The desk's commands on a team desk, as processes against a real PostgreSQL 15: moving a personal desk in
// (`repro desk push`), export and import between the engines, verify and upgrade-check, and what goes wrong with
// the server (TLS, a wrong password, a missing database: one line on stderr, exit 2, no stack trace, no
// password; a connection dropped or the server stopped in the middle of a change: made again once it is back,
// else one line after REPRO_DESK_RECONNECT_S, with nothing of it kept).

import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { cliEnv, REPRO } from '../helpers/cli';
import { ownTeamServer, teamDatabase, teamServer, TEST_PASSWORD } from '../helpers/desk';
import type { PostgresServer } from '../helpers/postgres';

interface Done {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A desk export without the time it was made: what two exports of the same desk share byte for byte. */
const timeless = (text: string): string => text.replace(/^ {2}"exportedAt": "[^"]*",\n/m, '');

/** What every failure of a command must be: one line naming the command, exit 2, no trace, no password. */
function assertOneLine(done: Done, command: string, message: RegExp): void {
  assert.equal(done.status, 2, `${command}: ${done.stderr}`);
  assert.equal(done.stdout, '', command);
  assert.match(done.stderr, new RegExp(`^repro ${command}: [^\\n]+\\n$`), `${command}: one line, ${JSON.stringify(done.stderr)}`);
  assert.match(done.stderr, message, command);
  assert.doesNotMatch(done.stderr, /\n\s+at |Error:|internal error/, `${command}: no stack trace`);
  assert.ok(!done.stderr.includes(TEST_PASSWORD), `${command}: the password is never shown`);
}

describe('cli: the team desk (PostgreSQL)', function () {
  this.timeout(120_000);
  let work: string;
  /** The personal desk of these tests: a file, named by REPRO_DESK_DB as a person's shell would. */
  let file: string;
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => cliEnv({ REPRO_DESK_DB: file, REPRO_DESK_USER: 'anna', PGPASSWORD: TEST_PASSWORD, ...extra });
  const repro = (...args: string[]): Done => spawnSync(process.execPath, [REPRO, ...args], { cwd: work, env: env(), encoding: 'utf8' });
  const ok = (...args: string[]): string => {
    const done = repro(...args);
    assert.equal(done.status, 0, `repro ${args.join(' ')}: ${done.stderr}`);
    return done.stdout;
  };
  /** A new, empty database (no schema), and the URL that logs in to it as anna, the password in PGPASSWORD. */
  const emptyDatabase = async (): Promise<string> => (await teamDatabase()).url().replace(`:${TEST_PASSWORD}@`, '@');
  const fileBytes = (path: string): string => [path, `${path}.journal`].map((p) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : '-')).join(' ');

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'repro-team-cli-'));
    file = join(work, 'desk.sqlite');
    // One script that reproduces its bug, one that no longer does (the fix holds).
    writeFileSync(join(work, 'crash.repro'), '# Export crashes on an empty name\nticket SUP-1\n\nstep "Export"\n  run sh -c \'exit 3\'\n  bug exit 3\n');
    writeFileSync(join(work, 'fixed.repro'), '# Totals are doubled\nticket SUP-2\n\nstep "Totals"\n  run sh -c \'exit 0\'\n  bug exit 3\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  describe('moving in: repro desk push', () => {
    let team: string;

    it('moves a desk filled by the CLI into a database with no desk yet: the same export, the file left as it was', async () => {
      ok('desk', 'init');
      for (const args of [
        ['staff', 'add', 'anna', '--name', 'Анна Петрова', '--role', 'specialist'],
        ['org', 'add', 'ООО «Ромашка»'],
        ['contact', 'add', 'Зоя Мюллер', '--org', 'ООО «Ромашка»'],
        ['product', 'add', 'Acme', '--version', '2.9', '--version', '2.10'],
        ['call', 'register', '--direction', 'in', '--contact-id', '1', '--summary', 'Экспорт отчёта падает', '--outcome', 'reached'],
        ['ticket', 'create', '--call', '1', '--subject', 'Экспорт отчёта падает', '--product', 'Acme', '--version', '2.9'],
        ['ticket', 'create', '--subject', 'Итоги удвоены', '--org', 'ООО «Ромашка»', '--product', 'Acme'],
        ['bug', 'create', '--title', 'Crash on an empty name', '--product', 'Acme', '--affects', '2.9', '--ticket', 'SUP-1'],
        ['bug', 'create', '--title', 'Doubled totals', '--product', 'Acme', '--ticket', 'SUP-2'],
        ['note', 'add', 'SUP-1', '--body', 'Воспроизводится с пустым именем'],
        ['run', 'crash.repro', '--repeat', '2', '--record'],
        ['run', 'fixed.repro', '--repeat', '2', '--record'],
        ['bug', 'status', 'BUG-1', 'resolved', '--resolution', 'fixed', '--fixed-in', '2.10'],
        ['bug', 'status', 'BUG-2', 'resolved', '--resolution', 'fixed', '--fixed-in', '2.10'],
        ['ticket', 'status', 'SUP-2', 'resolved', '--resolution', 'fixed'],
        ['act', 'SUP-1'],
      ]) ok(...args);
      const before = fileBytes(file);
      const exported = ok('desk', 'export');
      for (const entity of ['calls', 'tickets', 'bugs', 'runs', 'notes', 'changes', 'documents', 'counters']) assert.ok(JSON.parse(exported)[entity].length > 0, entity);

      team = await emptyDatabase();
      const pushed = ok('desk', 'push', '--to', team);
      assert.match(pushed, new RegExp(`^moved \\d+ rows of ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} into the team desk at postgresql://anna@/\\S+; \\S+ is left as it was\\n$`));
      assert.equal(fileBytes(file), before, 'the file desk is not written');
      assert.equal(timeless(ok('desk', 'export', '--db', team)), timeless(exported), 'every row, number and change, byte for byte');
    });

    it('numbers go on after the pushed ones on the team desk: the next ticket, the next act', () => {
      const year = /ACT-(\d{4})-0001/.exec(ok('ticket', 'show', 'SUP-1', '--db', team))![1];
      assert.equal(ok('ticket', 'create', '--subject', 'After the move', '--db', team), 'SUP-3 created\n');
      assert.match(ok('act', 'SUP-2', '--db', team), new RegExp(`ACT-${year}-0002`));
      assert.equal(ok('bug', 'create', '--title', 'Another', '--db', team), 'BUG-3 created\n');
    });

    it('refuses a team desk that already has content: one line, exit 2, nothing changed', () => {
      const before = ok('desk', 'export', '--db', team);
      assertOneLine(repro('desk', 'push', '--to', team), 'desk', /already holds a desk with content: push moves a desk only into an empty team desk/);
      assert.equal(timeless(ok('desk', 'export', '--db', team)), timeless(before));
    });

    it('goes into a desk repro desk init made; refuses what is not a push', async () => {
      const made = await emptyDatabase();
      ok('desk', 'init', made);
      assert.match(ok('desk', 'push', '--to', made), /^moved \d+ rows/);
      assertOneLine(repro('desk', 'push'), 'desk', /name the team desk to move into/);
      assertOneLine(repro('desk', 'push', '--to', join(work, 'other.sqlite')), 'desk', /--to takes a team desk's postgresql:\/\/ URL/);
      assertOneLine(repro('desk', 'push', '--to', made, '--db', made), 'desk', /--db \(or REPRO_DESK_DB\) names a team desk already/);
      assertOneLine(repro('desk', 'push', '--to', made, '--db', join(work, 'none.sqlite')), 'desk', /no desk at \S+none\.sqlite/);
      assert.equal(existsSync(join(work, 'none.sqlite')), false);
    });

    it('verify and upgrade-check say and record the same on the team desk as on the file desk', () => {
      for (const db of [file, team]) {
        const still = repro('desk', 'verify', 'BUG-1', '--db', db);
        assert.deepEqual([still.status, still.stdout], [1, 'crash.repro: reproduced\n  line 6: bug exit 3 matched: exit 3\n'], `${db}: ${still.stderr}`);
        assert.equal(ok('desk', 'verify', 'BUG-2', '--mark', '--db', db), 'fixed.repro: not reproduced\n  line 6: bug exit 3 did not match: exit 0\nBUG-2 is verified\n');
        const upgrade = repro('desk', 'upgrade-check', '--product', 'Acme', '--version', '2.10', '--record', '--db', db);
        assert.equal(upgrade.status, 1, `${db}: ${upgrade.stderr}`);
        assert.match(upgrade.stdout, /^Acme 2\.10:\n {2}BUG-1 +still present — Crash on an empty name \(fixed in 2\.10\)\n {2}BUG-2 +fixed — Doubled totals \(fixed in 2\.10\)\n/);
      }
      const runs = (db: string) => JSON.parse(ok('desk', 'export', '--db', db)).runs.map((r: { outcome: string; expected: string | null; version_tested: string | null }) => `${r.outcome} ${r.expected} ${r.version_tested}`);
      assert.deepEqual(runs(team), runs(file));
    });
  });

  it('an export of the team desk imports into a file desk and into another team desk, and exports the same bytes', async () => {
    const team = await emptyDatabase();
    ok('desk', 'init', team);
    ok('ticket', 'create', '--subject', 'Отчёт «Итоги» пуст', '--org', 'Acme', '--db', team);
    ok('note', 'add', 'SUP-1', '--body', 'Zoë Müller called back', '--db', team);
    ok('ticket', 'status', 'SUP-1', 'resolved', '--resolution', 'answered', '--db', team);
    ok('act', 'SUP-1', '--db', team);
    const exported = ok('desk', 'export', '--db', team);
    writeFileSync(join(work, 'team.json'), exported);
    const copy = join(work, 'from-team.sqlite');
    const other = await emptyDatabase();
    for (const db of [copy, other]) {
      assert.match(ok('desk', 'import', 'team.json', '--db', db), /^imported \d+ rows into /);
      assert.equal(timeless(ok('desk', 'export', '--db', db)), timeless(exported), db);
    }
    // And back from the file: the same bytes again.
    writeFileSync(join(work, 'file.json'), ok('desk', 'export', '--db', copy));
    const back = await emptyDatabase();
    ok('desk', 'import', 'file.json', '--db', back);
    assert.equal(timeless(ok('desk', 'export', '--db', back)), timeless(exported));
  });

  describe('what goes wrong with the server', () => {
    let pg: PostgresServer;
    let url: string;
    let name: string;
    before(async () => {
      pg = await teamServer();
      const db = await teamDatabase();
      name = db.name;
      url = db.url();
      ok('desk', 'init', url);
      writeFileSync(join(work, 'empty.json'), JSON.stringify({ format: 'repro-desk', version: 1 }));
      if (!existsSync(file)) ok('desk', 'init');
    });

    /** The commands each fault is tried with: a read, an export, an import and a push, all to the team desk. */
    const commands = (at: string): [string, string[]][] => [
      ['ticket list', ['ticket', 'list', '--db', at]],
      ['desk', ['desk', 'export', '--db', at]],
      ['desk', ['desk', 'import', 'empty.json', '--db', at]],
      ['desk', ['desk', 'push', '--to', at]],
    ];

    const faults = (): [string, () => string, RegExp][] => [
      ['a wrong password', () => pg.urlFor('anna', 'not-the-password', name), /the team desk at postgresql:\/\/anna@\S+ refused the password for anna \(give it in PGPASSWORD or ~\/\.pgpass\)/],
      ['a database that is missing', () => pg.urlFor('anna', TEST_PASSWORD, 'no_such_database'), /there is no database at postgresql:\/\/anna@\/no_such_database\S*: create it first/],
      ['TLS required of a server without it', () => `${url}&sslmode=require`, /the team desk at postgresql:\/\/anna@\S+sslmode=require does not offer TLS, and the URL requires it \(sslmode\); ask its administrator, or change sslmode\n$/],
      ['no server there', () => `postgresql://anna@/${name}?host=${encodeURIComponent(join(pg.folder, 'no-socket-here'))}`, /cannot reach the team desk at \S+: no server is listening there; it may be stopped/],
    ];

    for (const [fault, location, message] of faults()) {
      it(`${fault}: one line, exit 2, for every kind of command`, () => {
        for (const [command, args] of commands(location())) {
          const done = repro(...args);
          assertOneLine(done, command, message);
          assert.ok(!done.stderr.includes('not-the-password'), 'nor the wrong one');
        }
      });
    }

    /**
     * Starts `repro ticket create` on the desk at `at` while a table its change needs is locked, and resolves once
     * the command's server process is waiting for that lock, inside its change, with the process and its pid.
     */
    async function commandWaitingInsideItsChange(server: PostgresServer, database: string, at: string, more: NodeJS.ProcessEnv = {}) {
      const holder = new Client({ connectionString: server.urlFor(server.superuser, undefined, database) });
      const watcher = new Client({ connectionString: server.urlFor(server.superuser, undefined, database) });
      // The server going away ends these connections too: that is expected here, not a failure of the test.
      for (const c of [holder, watcher]) c.on('error', () => undefined);
      await holder.connect();
      await watcher.connect();
      await holder.query('BEGIN');
      // The next number is read from counter inside the change, after it took the desk's write lock.
      await holder.query('LOCK TABLE counter IN ACCESS EXCLUSIVE MODE');
      const child = spawn(process.execPath, [REPRO, 'ticket', 'create', '--subject', 'Half done', '--db', at], { cwd: work, env: { ...env(), ...more }, stdio: ['ignore', 'pipe', 'pipe'] });
      const done = new Promise<Done>((resolve) => {
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
        child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
        child.once('exit', (status) => resolve({ status, stdout, stderr }));
      });
      let exited = false;
      void done.then(() => (exited = true));
      const rows = await waitUntil(watcher, database, (found) => found.length === 1 || exited);
      if (exited) assert.fail(`the command ended before it waited: ${JSON.stringify(await done)}`);
      return { holder, watcher, pid: rows[0].pid, done };
    }

    /** Looks (a round trip each) at the desk's server processes waiting for a lock inside a change until `enough`. */
    async function waitUntil(watcher: Client, database: string, enough: (rows: { pid: number }[]) => boolean): Promise<{ pid: number }[]> {
      for (;;) {
        const { rows } = await watcher.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'repro-desk' AND wait_event_type = 'Lock' AND xact_start IS NOT NULL",
          [database],
        );
        if (enough(rows)) return rows;
      }
    }

    it('the connection dropped in the middle of a change (its server process terminated): made again on a new one, once', async () => {
      const db = await teamDatabase();
      ok('desk', 'init', db.url());
      const { holder, watcher, pid, done } = await commandWaitingInsideItsChange(pg, db.name, db.url());
      try {
        await watcher.query('SELECT pg_terminate_backend($1)', [pid]);
        // The command connects again and waits for the lock once more, inside its change made again.
        await waitUntil(watcher, db.name, (rows) => rows.some((r) => r.pid !== pid));
      } finally {
        await holder.query('COMMIT');
        await Promise.all([holder.end(), watcher.end()]);
      }
      const made = await done;
      assert.deepEqual([made.status, made.stdout, made.stderr], [0, 'SUP-1 created\n', '']);
      assert.match(ok('ticket', 'list', '--db', db.url()), /^ {2}SUP-1 .*Half done\n$/, 'one ticket, made once');
    });

    it('the server stopped (pg_ctl stop -m immediate) in the middle of a change: made again once it is back; one line, exit 2, nothing kept if it stays away', async () => {
      const own = await ownTeamServer();
      try {
        await own.createRole('anna', TEST_PASSWORD);
        await own.createDatabase('stopped', 'anna');
        const at = own.urlFor('anna', undefined, 'stopped');
        ok('desk', 'init', at);
        const back = await commandWaitingInsideItsChange(own, 'stopped', at);
        await own.crash();
        await Promise.all([back.holder.end(), back.watcher.end()].map((p) => p.catch(() => undefined)));
        await own.restart();
        const made = await back.done;
        assert.deepEqual([made.status, made.stdout], [0, 'SUP-1 created\n'], made.stderr);

        const away = await commandWaitingInsideItsChange(own, 'stopped', at, { REPRO_DESK_RECONNECT_S: '1' });
        await own.crash();
        // The server's processes quit without a word: the connection just ends.
        assertOneLine(await away.done, 'ticket create', /^repro ticket create: the connection to the team desk at postgresql:\/\/anna@\S+ was lost; nothing of the unfinished change was kept\n$/);
        await Promise.all([away.holder.end(), away.watcher.end()].map((p) => p.catch(() => undefined)));
        await own.restart();
        assert.match(ok('ticket', 'list', '--db', at), /^ {2}SUP-1 [^\n]*\n$/, 'only the ticket made while the server was there');
      } finally {
        await own.stop();
      }
    });
  });
});
