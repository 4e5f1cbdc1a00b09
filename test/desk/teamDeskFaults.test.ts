// The team desk when its server goes away mid-write: `pg_ctl stop -m immediate` (test/helpers/postgres.ts
// crash()) over and over while two processes create tickets. Each writer reports a ticket only after its change
// committed; the desk reconnects by itself, makes again a change the server rolled back, and looks up by its
// token one whose COMMIT's answer was lost. So afterwards every reported ticket is there, none twice, each whole
// (its change log row with it), and the numbers SUP-1…SUP-N have no gap.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { teamDatabase, teamServer } from '../helpers/desk';
import { ROOT } from '../helpers/golden';

const WRITER = join(ROOT, 'out', 'test', 'desk', 'writer.js');

interface Writer {
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
    reported,
    done,
    reach: (n) => (reported.length >= n ? Promise.resolve() : Promise.race([new Promise<void>((resolve) => waiting.push({ count: n, resolve })), done])),
  };
}

describe('team desk: the server stopped in the middle of writes', function () {
  this.timeout(300_000);

  it('20 immediate stops while two processes write: nothing reported is lost, nothing is there twice or half', async () => {
    const pg = await teamServer();
    const db = await teamDatabase();
    (await TeamDesk.open(db.url(), { create: true })).close();
    const writers = [writer(db.url(), 'a', 1500), writer(db.url(), 'b', 1500)];
    for (let stop = 1; stop <= 20; stop++) {
      // Stop only while both are writing: each has reported more since the server came back.
      await Promise.all(writers.map((w) => w.reach(w.reported.length + 5)));
      await pg.crash();
      await pg.restart();
    }
    await Promise.all(writers.map((w) => w.done));

    const desk = await TeamDesk.open(db.url());
    try {
      const tickets = desk.all<{ key: string; subject: string; logged: number }>(
        "SELECT key, subject, (SELECT count(*) FROM change_log WHERE entity = 'ticket' AND entity_id = ticket.id) AS logged FROM ticket ORDER BY id",
      );
      const subjects = tickets.map((t) => t.subject);
      const reported = writers.flatMap((w) => w.reported);
      assert.equal(reported.length, 3000);
      assert.deepEqual(reported.filter((s) => !subjects.includes(s)), [], 'every ticket reported saved is there');
      assert.equal(new Set(subjects).size, subjects.length, 'no ticket was made twice');
      assert.deepEqual(tickets.filter((t) => t.logged === 0).map((t) => t.key), [], 'every ticket has its change log');
      assert.deepEqual(tickets.map((t) => t.key), tickets.map((_, i) => `SUP-${i + 1}`), 'the numbers have no gap');
    } finally {
      desk.close();
    }
  });
});
