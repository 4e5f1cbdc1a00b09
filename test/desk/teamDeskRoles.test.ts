// The team desk's roles, enforced by the server (shared/desk/engines/postgres/access.ts): each test connects as
// a login of one role and does what people of that role do, through the same operations the CLI and the
// editor call; what the role may not do is refused by PostgreSQL itself (SQLSTATE 42501), whole: nothing of
// the refused change is left. Authors are the login whatever the client writes, and history is append-only.

import { strict as assert } from 'node:assert';
import { DESK_ROLES } from '../../shared/desk/engines/postgres/access';
import { PostgresError } from '../../shared/desk/engines/postgres/sync';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { perform } from '../../shared/desk/operations';
import { scriptResult, SCRIPT, teamDatabase, teamRole } from '../helpers/desk';

const provider = { name: 'Support service of Acme' };

/** Rejects with the server's "permission denied" or row-level security refusal. */
async function refusedByServer(change: Promise<unknown>): Promise<void> {
  await assert.rejects(change, (error: unknown) => error instanceof PostgresError && error.code === '42501');
}

describe('team desk roles, enforced by PostgreSQL', function () {
  this.timeout(60_000);
  let url: (login?: string) => string;
  let admin: TeamDesk;
  const opened: TeamDesk[] = [];
  const as = async (login: string, role: keyof typeof DESK_ROLES): Promise<TeamDesk> => {
    await teamRole(login, DESK_ROLES[role]);
    const desk = await TeamDesk.open(url(login));
    opened.push(desk);
    return desk;
  };
  const count = (sql: string): number => admin.get<{ n: number }>(`SELECT count(*) AS n FROM ${sql}`)!.n;

  beforeEach(async () => {
    const db = await teamDatabase();
    url = db.url;
    admin = await TeamDesk.open(url(), { create: true });
    opened.push(admin);
    await perform(admin, 'addStaff', { login: 'denis', name: 'Denis', role: 'developer' });
    await perform(admin, 'createTicket', { subject: 'Export crashes', organization: 'ООО «Ромашка»' });
    await perform(admin, 'changeTicketStatus', 'SUP-1', 'reproducing');
    await perform(admin, 'createBug', { title: 'Export crashes on an empty name', product: 'Acme', tickets: ['SUP-1'] });
  });
  afterEach(() => {
    for (const desk of opened.splice(0)) desk.close();
  });

  it('a specialist does everything: calls, tickets, notes, bugs, closing acts', async () => {
    const sofia = await as('sofia', 'specialist');
    await perform(sofia, 'registerCall', { direction: 'in', summary: 'Export crashes again', outcome: 'reached', ticket: 'SUP-1' });
    const { key } = await perform(sofia, 'createTicket', { subject: 'Slow login', organization: 'ООО «Ромашка»' });
    await perform(sofia, 'addNote', { ticket: key, body: 'Sent the login guide' });
    await perform(sofia, 'changeTicketStatus', 'SUP-1', 'resolved', { resolution: 'fixed' });
    const act = await perform(sofia, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1', key], provider, lang: 'en' });
    assert.equal(admin.get<{ created_by: string }>('SELECT created_by FROM document WHERE number = ?', [act.number])?.created_by, 'sofia');
  });

  it('a developer changes bugs, adds notes, records runs and moves tickets to fix ready, but issues no act', async () => {
    const denis = await as('denis', 'developer');
    await perform(denis, 'assignDeveloper', 'BUG-1', 'denis');
    await perform(denis, 'updateBug', 'BUG-1', { description: 'A name of zero length reaches the exporter' });
    await perform(denis, 'addNote', { bug: 'BUG-1', body: 'Found it in the exporter' });
    await perform(denis, 'addNote', { ticket: 'SUP-1', body: 'A fix is on its way' });
    const { result, details } = scriptResult(3, 3);
    await perform(denis, 'recordRun', { path: 'crash.repro', content: SCRIPT, title: 'The export crashes', tickets: ['SUP-1'], result, details });
    await perform(denis, 'changeBugStatus', 'BUG-1', 'resolved', { resolution: 'fixed', fixedIn: '2.10' });
    assert.equal(admin.get<{ status: string }>("SELECT status FROM ticket WHERE key = 'SUP-1'")?.status, 'fix-ready');

    const before = { documents: count('document'), log: count('change_log'), changes: count('change_seq'), tickets: count('ticket'), calls: count('call') };
    await refusedByServer(perform(denis, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1'], provider, lang: 'en' }));
    await refusedByServer(perform(denis, 'createTicket', { subject: 'Opened by a developer' }));
    await refusedByServer(perform(denis, 'registerCall', { direction: 'out', summary: 'Called the customer', outcome: 'reached', ticket: 'SUP-1' }));
    assert.deepEqual({ documents: count('document'), log: count('change_log'), changes: count('change_seq'), tickets: count('ticket'), calls: count('call') }, before, 'nothing of a refused change is left');
  });

  it('a reviewer reads everything and changes nothing', async () => {
    const rita = await as('rita', 'reviewer');
    assert.deepEqual(rita.all<{ key: string }>('SELECT key FROM ticket').map((t) => t.key), ['SUP-1']);
    await refusedByServer(perform(rita, 'addNote', { ticket: 'SUP-1', body: 'Looks fine' }));
    await refusedByServer(perform(rita, 'changeBugStatus', 'BUG-1', 'confirmed'));
    assert.equal(count('note'), 0);
  });

  it('the author is the login whatever the client writes, and the change log is never rewritten', async () => {
    const sofia = await as('sofia', 'specialist');
    await sofia.change('forged', (tx) => {
      tx.run("INSERT INTO note (ticket_id, body, by, at) VALUES (1, 'Who wrote this?', 'anna', ?)", [tx.now]);
      tx.run("UPDATE ticket SET created_by = 'sofia' WHERE key = 'SUP-1'");
    });
    assert.equal(admin.get<{ by: string }>('SELECT by FROM note')?.by, 'sofia');
    assert.equal(admin.get<{ created_by: string }>("SELECT created_by FROM ticket WHERE key = 'SUP-1'")?.created_by, 'anna');
    const log = count('change_log');
    assert.ok(log > 0);
    await refusedByServer(sofia.change('rewrite', (tx) => tx.run("UPDATE change_log SET by = 'nobody'")));
    await refusedByServer(sofia.change('erase', (tx) => tx.run('DELETE FROM change_log')));
    await refusedByServer(sofia.change('renumber', (tx) => tx.run('DELETE FROM change_seq')));
    assert.equal(count("change_log WHERE by = 'anna'"), log);
  });
});
