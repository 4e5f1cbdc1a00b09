// Closing-act numbers under contention: 8 processes (test/desk/writer.ts, REPRO_WRITER_OPERATION=act) each make
// tickets and issue an act on each, all at once. The numbers of a year stay unique and without gaps, every act
// a process reported issued is in the desk, and each ticket is in exactly one act. On both engines: the team
// desk's advisory lock and the embedded desk's file lock are what make this hold.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { perform } from '../../shared/desk/operations';
import { forEachEngine, testDesk, type TestDesk } from '../helpers/desk';
import { ROOT } from '../helpers/golden';

const WRITER = join(ROOT, 'out', 'test', 'desk', 'writer.js');
const PROCESSES = 8;
const ACTS_EACH = 8;

/** Runs one writer to its end; resolves with the lines it printed (`ACT-YYYY-NNNN name`, one per act issued). */
function issueActs(location: string, prefix: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, location, prefix, String(ACTS_EACH)], {
      env: { ...process.env, REPRO_WRITER_OPERATION: 'act' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.once('exit', (code) => (code === 0 ? resolve(out.split('\n').filter(Boolean)) : reject(new Error(`writer ${prefix} exited ${code}: ${err}`))));
  });
}

forEachEngine('closing-act numbers with 8 processes issuing at once', (engine) => {
  let t: TestDesk;
  afterEach(() => t.dispose());

  it(`${PROCESSES} × ${ACTS_EACH} acts: numbers 1…N of the year, none twice, none skipped, none lost`, async function () {
    this.timeout(180_000);
    t = await testDesk({ engine });
    await perform(t.desk, 'addOrganization', { name: 'Acme' });
    const reported = (await Promise.all(Array.from({ length: PROCESSES }, (_, i) => issueActs(t.path, `w${i}`)))).flat();
    const total = PROCESSES * ACTS_EACH;
    assert.equal(reported.length, total);

    t.desk.refresh();
    const year = reported[0].slice(4, 8);
    const expected = Array.from({ length: total }, (_, i) => `ACT-${year}-${String(i + 1).padStart(4, '0')}`);
    const issued = t.desk.all<{ number: string; ticket: string }>(
      `SELECT document.number, ticket.subject AS ticket FROM document
       JOIN document_ticket ON document_ticket.document_id = document.id JOIN ticket ON ticket.id = document_ticket.ticket_id
       WHERE document.kind = 'closing-act' AND document.status = 'issued' ORDER BY document.number`,
    );
    assert.deepEqual(issued.map((d) => d.number), expected, 'one number each, in order, none skipped or repeated');
    assert.deepEqual(
      reported.map((line) => line.split(' ')).sort(([a], [b]) => a.localeCompare(b)),
      issued.map((d) => [d.number, d.ticket]),
      'every act a process was told was issued is in the desk, on the ticket it was issued for',
    );
    assert.equal(new Set(issued.map((d) => d.ticket)).size, total, 'each ticket in one act');
    const keys = t.desk.all<{ key: string }>('SELECT key FROM ticket ORDER BY id').map((r) => r.key);
    assert.deepEqual(keys, Array.from({ length: total }, (_, i) => `SUP-${i + 1}`), 'ticket numbers too');
  });
});
