// The team desk when a writer is killed (kill -9) or its server goes away mid-write: `pg_ctl stop -m immediate` (test/helpers/postgres.ts
// crash()) over and over while two processes create tickets. Each writer reports a ticket only after its change
// committed; the desk reconnects by itself, makes again a change the server rolled back, and looks up by its
// token one whose COMMIT's answer was lost. So afterwards every reported ticket is there, none twice, each whole
// (its change log row with it), and the numbers SUP-1…SUP-N have no gap.

import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { ownTeamServer, teamDatabase, TEST_PASSWORD } from '../helpers/desk';
import type { PostgresServer } from '../helpers/postgres';
import { ROOT } from '../helpers/golden';

const WRITER = join(ROOT, 'out', 'test', 'desk', 'writer.js');

interface Writer {
  child: ChildProcess;
  /** Subjects of the tickets the writer reported committed, so far. */
  reported: string[];
  /** Resolves when the writer has reported `count` tickets in all. */
  reach(count: number): Promise<void>;
  done: Promise<void>;
}

function writer(url: string, prefix: string, count: number): Writer {
  const child = spawn(process.execPath, [WRITER, url, prefix, String(count)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REPRO_WRITER_OPERATION: 'ticket' } });
  const reported: string[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  let partial = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    reported.push(...lines);
    for (const w of waiting.filter((w) => reported.length >= w.count)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const done = new Promise<void>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${prefix} exited ${code}: ${err}`)))),
  );
  return {
    child,
    reported,
    done,
    reach: (n) => (reported.length >= n ? Promise.resolve() : Promise.race([new Promise<void>((resolve) => waiting.push({ count: n, resolve })), done])),
  };
}

/** Every reported ticket is there, once, with its change log; the keys run SUP-1… without a gap. */
async function assertWhole(url: string, reported: readonly string[]): Promise<void> {
  const desk = await TeamDesk.open(url);
  try {
    const tickets = desk.all<{ key: string; subject: string; logged: number }>(
      "SELECT key, subject, (SELECT count(*) FROM change_log WHERE entity = 'ticket' AND entity_id = ticket.id) AS logged FROM ticket ORDER BY id",
    );
    const subjects = tickets.map((t) => t.subject);
    assert.deepEqual(reported.filter((s) => !subjects.includes(s)), [], 'every ticket reported saved is there');
    assert.equal(new Set(subjects).size, subjects.length, 'no ticket was made twice');
    assert.deepEqual(tickets.filter((t) => t.logged === 0).map((t) => t.key), [], 'every ticket has its change log');
    assert.deepEqual(tickets.map((t) => t.key), tickets.map((_, i) => `SUP-${i + 1}`), 'the numbers have no gap');
  } finally {
    desk.close();
  }
}

describe('team desk: writers and the server stopped in the middle of writes', function () {
  this.timeout(300_000);

  it('kill -9 of a writer at 30 random moments: nothing reported is lost, nothing is half made', async () => {
    const db = await teamDatabase();
    (await TeamDesk.open(db.url(), { create: true })).close();
    const reported: string[] = [];
    for (let round = 0; round < 30; round++) {
      const w = writer(db.url(), `k${round}`, 1000);
      await w.reach(1 + Math.floor(Math.random() * 10));
      // Somewhere in the next change: its statements, its COMMIT, or the answer to it.
      if (Math.random() < 0.5) await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
      w.child.kill('SIGKILL');
      await assert.rejects(w.done, /exited null/, 'the writer was running until killed');
      reported.push(...w.reported);
    }
    await assertWhole(db.url(), reported);
  });

  it('20 immediate stops while two processes write: nothing reported is lost, nothing is there twice or half', async () => {
    // A server of its own: its crash recovery replays only this test's writes, so a restart stays within the
    // writers' 30 s of reconnecting even on a loaded machine (the shared server holds every other test's WAL).
    const pg = await ownTeamServer();
    try {
      await pg.createRole('anna', TEST_PASSWORD);
      await pg.createDatabase('faults', 'anna');
      await stopsWhileWriting(pg, pg.urlFor('anna', TEST_PASSWORD, 'faults'));
    } finally {
      await pg.stop();
    }
  });
});

/** Stops the server 20 times while two processes create tickets at `url`; then checks the desk is whole. */
async function stopsWhileWriting(pg: PostgresServer, url: string): Promise<void> {
  (await TeamDesk.open(url, { create: true })).close();
  // Enough for both to be still writing at the last stop (about 6 tickets each between stops).
  const count = 400;
  const writers = [writer(url, 'a', count), writer(url, 'b', count)];
  for (let stop = 1; stop <= 20; stop++) {
    // Stop only while both are writing: each has reported more since the server came back.
    await Promise.all(writers.map((w) => w.reach(w.reported.length + 5)));
    await pg.crash();
    await pg.restart();
  }
  assert.ok(writers.every((w) => w.reported.length < count), 'both were writing at every stop');
  await Promise.all(writers.map((w) => w.done));
  const reported = writers.flatMap((w) => w.reported);
  assert.equal(reported.length, 2 * count);
  await assertWhole(url, reported);
}
