// Every workflow rule of spec §2, through the operations the UI and the CLI call, on a real desk file.

import { strict as assert } from 'node:assert';
import { perform } from '../../shared/desk/operations';
import { callbacksDue, listTickets, ticketTimeline } from '../../shared/desk/queries';
import type { DeskStore } from '../../shared/desk/store';
import { WorkflowError } from '../../shared/desk/workflows/common';
import { upgradePlan, upgradeVerdict } from '../../shared/desk/workflows/upgrade';
import { verificationPlan } from '../../shared/desk/workflows/runs';
import { forEachEngine, SCRIPT, scriptResult, testDesk, type TestDesk } from '../helpers/desk';

// Every rule holds on both engines: the one operations table, the same SQL.
forEachEngine('desk workflows', (engine) => {
  let t: TestDesk;
  let desk: DeskStore;

  const ticketRow = (key: string) => desk.get<{ status: string; resolution: string | null; reopen_count: number; resolved_at: string | null; closed_at: string | null; callback_due: string | null; first_response_at: string | null; organization_id: number | null }>('SELECT * FROM ticket WHERE key = ?', [key])!;
  const bugRow = (key: string) => desk.get<{ status: string; reproducibility: string; resolution: string | null; developer_id: number | null; resolved_at: string | null }>('SELECT * FROM bug WHERE key = ?', [key])!;
  const notes = (key: string) => desk.all<{ kind: string; body: string }>('SELECT note.kind, note.body FROM note JOIN ticket ON ticket.id = note.ticket_id WHERE ticket.key = ? ORDER BY note.id', [key]);
  const changes = (key: string, field: string) => desk.all<{ old_value: string | null; new_value: string | null }>("SELECT old_value, new_value FROM change_log JOIN ticket ON ticket.id = change_log.entity_id WHERE change_log.entity = 'ticket' AND ticket.key = ? AND field = ? ORDER BY change_log.id", [key, field]);
  const refused = async (promise: Promise<unknown>, message: RegExp): Promise<void> => {
    await assert.rejects(promise, (error: Error) => error instanceof WorkflowError && message.test(error.message));
  };

  async function record(tickets: string[], k: number, n: number, options: { fingerprint?: string; expected?: 'reproduced' | 'not-reproduced'; path?: string } = {}) {
    const { result, details } = scriptResult(k, n, options.fingerprint);
    return perform(desk, 'recordRun', { path: options.path ?? 'crash.repro', content: SCRIPT, title: 'The report tool crashes', tickets, result, details, expected: options.expected });
  }

  beforeEach(async () => {
    t = await testDesk({ engine });
    desk = t.desk;
    await perform(desk, 'addStaff', { login: 'anna', name: 'Анна Петрова', role: 'specialist' });
    await perform(desk, 'addStaff', { login: 'dev', name: 'Ivan Sidorov', role: 'developer' });
    await perform(desk, 'addProduct', { name: 'Acme', versions: [{ name: '2.9', released: '2026-01-10' }, { name: '2.10' }, { name: '3.0' }] });
  });
  afterEach(() => t.dispose());

  describe('desk workflows: calls and tickets', () => {
    it('an inbound call opens a ticket that takes the caller, the organization and the channel', async () => {
      const { callId, ticketKey } = await perform(desk, 'registerCall', {
        direction: 'in',
        channel: 'phone',
        organization: 'ООО «Ромашка»',
        contact: { name: 'Зоя Мюллер', phone: '+7 495 000-00-00' },
        summary: 'Export crashes',
        outcome: 'reached',
        newTicket: { subject: 'Export crashes on a non-ASCII name', product: 'Acme', reportedVersion: '2.9', priority: 'high' },
      });
      assert.equal(ticketKey, 'SUP-1');
      const row = desk.get<{ channel: string; organization: string; contact: string; priority: string; version: string }>(
        `SELECT ticket.channel, organization.name AS organization, contact.name AS contact, ticket.priority, version.name AS version FROM ticket
         JOIN organization ON organization.id = ticket.organization_id JOIN contact ON contact.id = ticket.contact_id JOIN version ON version.id = ticket.reported_version_id WHERE key = 'SUP-1'`,
      );
      assert.deepEqual(row, { channel: 'phone', organization: 'ООО «Ромашка»', contact: 'Зоя Мюллер', priority: 'high', version: '2.9' });
      assert.equal(desk.get<{ ticket_id: number }>('SELECT ticket_id FROM call WHERE id = ?', [callId])!.ticket_id, 1);
      assert.deepEqual(changes('SUP-1', 'created'), [{ old_value: null, new_value: 'SUP-1' }]);
    });

    it("the Tickets view's group: most urgent first, then newest; counted exactly or up to one past countUpTo", async () => {
      for (const priority of ['normal', 'urgent', 'low', 'urgent', 'high'] as const) await perform(desk, 'createTicket', { subject: `A ${priority} one`, priority });
      await perform(desk, 'changeTicketStatus', 'SUP-5', 'triaged');
      const group = listTickets(desk, { status: ['new'], sort: 'priority', limit: 3 });
      assert.deepEqual(group.rows.map((row) => row.key), ['SUP-4', 'SUP-2', 'SUP-1']);
      assert.equal(group.total, 4);
      assert.equal(listTickets(desk, { status: ['new'], limit: 0, countUpTo: 2 }).total, 3, 'more than 2');
      assert.equal(listTickets(desk, { status: ['new'], limit: 0, countUpTo: 4 }).total, 4, 'exactly 4');
      assert.equal(listTickets(desk, { status: ['new', 'triaged'], priority: ['urgent', 'high'], limit: 0, countUpTo: 9 }).total, 3);
    });

    it('keys: the next of the prefix, past keys claimed from scripts; a taken or malformed key is refused', async () => {
      await perform(desk, 'createTicket', { key: 'SUP-1042', subject: 'from a script' });
      assert.equal((await perform(desk, 'createTicket', { subject: 'next' })).key, 'SUP-1043');
      assert.equal((await perform(desk, 'createTicket', { subject: 'other desk', prefix: 'HD' })).key, 'HD-1');
      await refused(perform(desk, 'createTicket', { key: 'SUP-1042', subject: 'again' }), /already in the desk/);
      await refused(perform(desk, 'createTicket', { key: 'sup 7', subject: 'x' }), /not a key/);
      await refused(perform(desk, 'createTicket', { subject: '  ' }), /needs a subject/);
    });

    it('every field change goes into the change log, with who and when', async () => {
      await perform(desk, 'createTicket', { subject: 'Export crashes' });
      t.clock.advance(1);
      await perform(desk, 'updateTicket', 'SUP-1', { subject: 'Export crashes on empty names', priority: 'urgent', organization: 'Acme Corp' });
      await perform(desk, 'updateTicket', 'SUP-1', { priority: 'urgent' }); // no change: nothing logged
      const log = desk.all<{ field: string; old_value: string | null; new_value: string | null; by: string; at: string }>("SELECT field, old_value, new_value, by, at FROM change_log WHERE field <> 'created' ORDER BY id");
      assert.deepEqual(log.map((l) => [l.field, l.old_value, l.new_value]), [['subject', 'Export crashes', 'Export crashes on empty names'], ['priority', 'normal', 'urgent'], ['organization_id', null, '1']]);
      assert.ok(log.every((l) => l.by === 'anna' && l.at === '2026-03-02T10:00:00.000Z'));
    });

    it('status: only the transitions of the workflow; resolving needs a resolution; escalating needs a developer', async () => {
      await perform(desk, 'createTicket', { subject: 'x' });
      await refused(perform(desk, 'changeTicketStatus', 'SUP-1', 'fix-ready'), /cannot go from new to fix ready/);
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'triaged');
      await refused(perform(desk, 'changeTicketStatus', 'SUP-1', 'escalated'), /link it to a bug and assign the bug a developer/);
      await perform(desk, 'createBug', { title: 'Unicode export', tickets: ['SUP-1'] });
      await refused(perform(desk, 'changeTicketStatus', 'SUP-1', 'escalated'), /assign the bug a developer/);
      await refused(perform(desk, 'changeTicketStatus', 'SUP-1', 'resolved'), /needs a resolution/);
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'resolved', { resolution: 'workaround' });
      assert.equal(ticketRow('SUP-1').resolved_at, '2026-03-02T09:00:00.000Z');
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'closed');
      assert.deepEqual([ticketRow('SUP-1').status, ticketRow('SUP-1').resolution], ['closed', 'workaround']);
    });

    it('reopening from resolved or closed counts, and clears the resolution', async () => {
      await perform(desk, 'createTicket', { subject: 'x' });
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'resolved', { resolution: 'answered' });
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'triaged');
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'resolved', { resolution: 'fixed' });
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'closed');
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'reproducing');
      const row = ticketRow('SUP-1');
      assert.deepEqual([row.status, row.reopen_count, row.resolution, row.resolved_at, row.closed_at], ['reproducing', 2, null, null, null]);
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'cancelled');
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'triaged');
      assert.equal(ticketRow('SUP-1').reopen_count, 2, 'coming back from cancelled is not a reopen');
    });

    it('callbacks: a call that reaches the customer settles what was due; no answer keeps it; the list is soonest first', async () => {
      await perform(desk, 'createTicket', { subject: 'a', callbackDue: '2026-03-03T10:00:00.000Z' });
      await perform(desk, 'createTicket', { subject: 'b', callbackDue: '2026-03-02T15:00:00.000Z' });
      assert.deepEqual(callbacksDue(desk).map((c) => c.key), ['SUP-2', 'SUP-1']);
      await perform(desk, 'registerCall', { direction: 'out', ticket: 'SUP-2', summary: 'no answer', outcome: 'no-answer' });
      assert.equal(ticketRow('SUP-2').callback_due, '2026-03-02T15:00:00.000Z');
      assert.equal(ticketRow('SUP-2').first_response_at, null);
      await perform(desk, 'registerCall', { direction: 'out', ticket: 'SUP-2', summary: 'explained the workaround', outcome: 'reached', callbackDue: '2026-03-05T09:00:00.000Z' });
      assert.equal(ticketRow('SUP-2').callback_due, '2026-03-05T09:00:00.000Z');
      assert.equal(ticketRow('SUP-2').first_response_at, '2026-03-02T09:00:00.000Z');
      await perform(desk, 'registerCall', { direction: 'out', ticket: 'SUP-1', summary: 'done', outcome: 'reached' });
      assert.deepEqual(callbacksDue(desk).map((c) => c.key), ['SUP-2']);
    });

    it('a public note is the first response; an internal one is not', async () => {
      await perform(desk, 'createTicket', { subject: 'x' });
      await perform(desk, 'addNote', { ticket: 'SUP-1', kind: 'internal', body: 'looks like the Unicode bug' });
      assert.equal(ticketRow('SUP-1').first_response_at, null);
      t.clock.advance(2);
      await perform(desk, 'addNote', { ticket: 'SUP-1', body: 'We are reproducing it.' });
      assert.equal(ticketRow('SUP-1').first_response_at, '2026-03-02T11:00:00.000Z');
      await refused(perform(desk, 'addNote', { ticket: 'SUP-1', bug: 'BUG-1', body: 'x' }), /on a ticket or on a bug/);
    });
  });

  describe('desk workflows: bugs and the loop back to the customer', () => {
    beforeEach(async () => {
      for (const org of ['Acme Corp', 'ООО «Ромашка»']) await perform(desk, 'createTicket', { subject: `export crashes (${org})`, organization: org, product: 'Acme' });
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'triaged');
      await perform(desk, 'changeTicketStatus', 'SUP-2', 'reproducing');
      await perform(desk, 'createBug', { title: 'UnicodeEncodeError in export', product: 'Acme', tickets: ['SUP-1', 'SUP-2'], affectedVersions: ['2.9'] });
    });

    it('assigning a developer puts the bug in progress and escalates the tickets it causes', async () => {
      await perform(desk, 'assignDeveloper', 'BUG-1', 'dev');
      assert.equal(bugRow('BUG-1').status, 'in-progress');
      assert.deepEqual([ticketRow('SUP-1').status, ticketRow('SUP-2').status], ['escalated', 'escalated']);
      await refused(perform(desk, 'assignDeveloper', 'BUG-1', 'nobody'), /no staff member/);
    });

    it('a fix moves escalated tickets to fix ready, with a system note and a callback due a day later', async () => {
      await perform(desk, 'assignDeveloper', 'BUG-1', 'dev');
      await perform(desk, 'changeTicketStatus', 'SUP-2', 'waiting');
      await refused(perform(desk, 'changeBugStatus', 'BUG-1', 'resolved'), /needs a resolution/);
      await perform(desk, 'changeBugStatus', 'BUG-1', 'resolved', { resolution: 'fixed', fixedIn: '2.10' });
      assert.equal(ticketRow('SUP-1').status, 'fix-ready');
      assert.equal(ticketRow('SUP-1').callback_due, '2026-03-03T09:00:00.000Z');
      assert.deepEqual(notes('SUP-1').map((n) => [n.kind, n.body]), [['system', 'Bug BUG-1 is fixed in 2.10: call the customer.']]);
      assert.equal(ticketRow('SUP-2').status, 'waiting', 'only escalated tickets move');
      assert.equal(desk.get<{ name: string }>('SELECT version.name FROM bug JOIN version ON version.id = bug.fixed_in_version_id')!.name, '2.10');
    });

    it('one conclusive run measures nothing: the bug keeps its reproducibility until a second one', async () => {
      await record(['SUP-1'], 1, 1);
      assert.equal(bugRow('BUG-1').reproducibility, 'have-not-tried', '1 of 1 is not always');
      await perform(desk, 'createBug', { title: 'other' });
      await perform(desk, 'linkScript', 'never.repro', SCRIPT, { bug: 'BUG-2' });
      await record([], 0, 1, { path: 'never.repro' });
      assert.equal(bugRow('BUG-2').reproducibility, 'have-not-tried', '0 of 1 is not unable to reproduce');
      await record(['SUP-1'], 1, 1);
      assert.equal(bugRow('BUG-1').reproducibility, 'always', '2 of 2 in two runs');
    });

    it('reproducibility follows the runs: always, sometimes, random, unable to reproduce; verifications do not count; N/A stays', async () => {
      assert.equal(bugRow('BUG-1').reproducibility, 'have-not-tried');
      await record(['SUP-1'], 3, 3);
      assert.equal(bugRow('BUG-1').reproducibility, 'always');
      await record(['SUP-2'], 1, 3, { path: 'b.repro' });
      assert.equal(bugRow('BUG-1').reproducibility, 'sometimes', '4 of 6');
      await record(['SUP-2'], 0, 6, { path: 'b.repro' });
      assert.equal(bugRow('BUG-1').reproducibility, 'random', '4 of 12');
      await record(['SUP-2'], 0, 50, { path: 'b.repro', expected: 'not-reproduced' });
      assert.equal(bugRow('BUG-1').reproducibility, 'random', 'a verification does not count');
      await perform(desk, 'createBug', { title: 'other' });
      await perform(desk, 'linkScript', 'never.repro', SCRIPT, { bug: 'BUG-2' });
      await record([], 0, 4, { path: 'never.repro' });
      assert.equal(bugRow('BUG-2').reproducibility, 'unable-to-reproduce');
      await perform(desk, 'setReproducibility', 'BUG-2', 'not-applicable');
      await record([], 4, 4, { path: 'never.repro' });
      assert.equal(bugRow('BUG-2').reproducibility, 'not-applicable');
    });

    it('a reproduced run whose fingerprint matches another bug\'s suggests linking (another customer, same defect)', async () => {
      await record(['SUP-1'], 2, 2, { fingerprint: 'a'.repeat(64) });
      await perform(desk, 'createTicket', { subject: 'crash on export too', organization: 'Globex' });
      const { suggestions } = await record(['SUP-3'], 1, 1, { fingerprint: 'a'.repeat(64), path: 'globex.repro' });
      assert.deepEqual(suggestions, [{ ticket: 'SUP-3', bug: 'BUG-1' }]);
      assert.match(notes('SUP-3')[0].body, /same fingerprint.*Link SUP-3 to BUG-1/);
      const { suggestions: none } = await record(['SUP-3'], 1, 1, { fingerprint: 'b'.repeat(64), path: 'globex.repro' });
      assert.deepEqual(none, []);
      await perform(desk, 'linkTicketToBug', 'SUP-3', 'BUG-1');
      assert.deepEqual((await record(['SUP-3'], 1, 1, { fingerprint: 'a'.repeat(64), path: 'globex.repro' })).suggestions, []);
    });

    it('a run that names a ticket the desk does not know makes it, and says so: nothing recorded is dropped', async () => {
      const { created, tickets } = await record(['SUP-1042'], 1, 1);
      assert.deepEqual([created, tickets], [['SUP-1042'], ['SUP-1042']]);
      assert.equal(desk.get<{ subject: string }>("SELECT subject FROM ticket WHERE key = 'SUP-1042'")!.subject, 'The report tool crashes');
      assert.match(notes('SUP-1042')[0].body, /recorded run of crash\.repro: the desk did not know SUP-1042/);
      assert.equal(desk.get<{ n: number }>("SELECT count(*) AS n FROM run_ticket JOIN ticket ON ticket.id = run_ticket.ticket_id WHERE key = 'SUP-1042'")!.n, 1);
    });

    it('verifying a fix: every linked script must no longer reproduce, in a run after the fix', async () => {
      await record(['SUP-1'], 1, 1);
      await perform(desk, 'assignDeveloper', 'BUG-1', 'dev');
      t.clock.advance(24);
      await perform(desk, 'changeBugStatus', 'BUG-1', 'resolved', { resolution: 'fixed', fixedIn: '2.10' });
      assert.deepEqual(verificationPlan(desk, 'BUG-1').scripts.map((s) => s.path), ['crash.repro']);
      await refused(perform(desk, 'changeBugStatus', 'BUG-1', 'verified'), /crash\.repro has not been run since the fix/);
      t.clock.advance(1);
      await record(['SUP-1'], 1, 1, { expected: 'not-reproduced' });
      await refused(perform(desk, 'changeBugStatus', 'BUG-1', 'verified'), /crash\.repro was reproduced in its latest run/);
      await record(['SUP-1'], 0, 5, { expected: 'not-reproduced' });
      await perform(desk, 'changeBugStatus', 'BUG-1', 'verified');
      assert.equal(bugRow('BUG-1').status, 'verified');
    });

    it('reopening a bug clears its resolution and fix version', async () => {
      await perform(desk, 'changeBugStatus', 'BUG-1', 'resolved', { resolution: 'fixed', fixedIn: '2.10' });
      await perform(desk, 'changeBugStatus', 'BUG-1', 'confirmed');
      assert.deepEqual([bugRow('BUG-1').resolution, bugRow('BUG-1').resolved_at], [null, null]);
      await refused(perform(desk, 'changeBugStatus', 'BUG-1', 'verified'), /cannot go from confirmed to verified/);
    });

    it('upgrade check: bugs fixed up to the version should be gone, the rest may be there', async () => {
      await perform(desk, 'linkScript', 'crash.repro', SCRIPT, { bug: 'BUG-1' });
      await perform(desk, 'changeBugStatus', 'BUG-1', 'resolved', { resolution: 'fixed', fixedIn: '2.10' });
      await perform(desk, 'createBug', { title: 'slow import', product: 'Acme' });
      await perform(desk, 'createBug', { title: 'not a bug at all', product: 'Acme' });
      await perform(desk, 'changeBugStatus', 'BUG-3', 'resolved', { resolution: 'not-a-bug' });
      const at = (version: string) => upgradePlan(desk, 'Acme', version).map((i) => [i.bug, i.expect, i.scripts.length]);
      assert.deepEqual(at('2.9'), [['BUG-1', 'present', 1], ['BUG-2', 'present', 0]]);
      assert.deepEqual(at('2.10'), [['BUG-1', 'fixed', 1], ['BUG-2', 'present', 0]]);
      assert.deepEqual(at('10.0'), [['BUG-1', 'fixed', 1], ['BUG-2', 'present', 0]], '10.0 sorts after 2.10');
      assert.deepEqual([upgradeVerdict(['not-reproduced']), upgradeVerdict(['not-reproduced', 'reproduced']), upgradeVerdict(['inconclusive']), upgradeVerdict([])], ['fixed', 'present', 'inconclusive', 'inconclusive']);
    });

    it('the timeline holds calls, notes, changes and runs in order', async () => {
      t.clock.advance(1);
      await perform(desk, 'registerCall', { direction: 'out', purpose: 'reproduction', ticket: 'SUP-1', summary: 'reproducing with the user on the line', outcome: 'reached' });
      t.clock.advance(1);
      await record(['SUP-1'], 1, 1);
      t.clock.advance(1);
      await perform(desk, 'addNote', { ticket: 'SUP-1', body: 'Reproduced.' });
      const timeline = ticketTimeline(desk, 1);
      assert.deepEqual(timeline.map((e) => e.kind), ['change', 'change', 'change', 'call', 'run', 'note']);
      assert.equal(listTickets(desk, { status: ['triaged'] }).rows[0].lastOutcome, 'reproduced');
    });
  });

  describe('desk workflows: closing acts', () => {
    const provider = { name: 'Support service of Acme' };
    beforeEach(async () => {
      await perform(desk, 'createTicket', { subject: 'Export crashes', organization: 'ООО «Ромашка»' });
      await perform(desk, 'createTicket', { subject: 'Slow login', organization: 'ООО «Ромашка»' });
      await perform(desk, 'createTicket', { subject: 'Other customer', organization: 'Globex' });
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'resolved', { resolution: 'fixed' });
      await perform(desk, 'addNote', { ticket: 'SUP-2', body: 'Sent the login guide' });
      await perform(desk, 'addNote', { ticket: 'SUP-3', body: 'Answered by email' });
    });

    it('are refused for a ticket the desk does not know, one already in an issued act, and one with no work recorded', async () => {
      await refused(perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-404'], provider, lang: 'en' }), /no ticket SUP-404/);
      const act = await perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1'], provider, lang: 'en' });
      await refused(perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1', 'SUP-2'], provider, lang: 'en' }), new RegExp(`SUP-1 is already in closing act ${act.number}`));
      await perform(desk, 'createTicket', { subject: 'Nothing done yet', organization: 'ООО «Ромашка»' });
      await refused(perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-4'], provider, lang: 'en' }), /SUP-4 has no work recorded/);
      // A system note is the desk's, not work; a call to the customer is.
      await perform(desk, 'registerCall', { direction: 'out', ticket: 'SUP-4', summary: 'Asked for the log', outcome: 'reached' });
      await perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-4'], provider, lang: 'en' });
      assert.equal(desk.get<{ n: number }>("SELECT count(*) AS n FROM document WHERE status = 'issued'")!.n, 2);
    });

    it('are numbered per year, and the numbering starts again with the year', async () => {
      const first = await perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1'], provider, lang: 'ru' });
      const second = await perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-2'], provider, lang: 'en' });
      t.clock.time = Date.parse('2027-01-05T10:00:00.000Z');
      const next = await perform(desk, 'issueClosingAct', { organization: 'Globex', tickets: ['SUP-3'], provider, lang: 'en' });
      assert.deepEqual([first.number, second.number, next.number], ['ACT-2026-0001', 'ACT-2026-0002', 'ACT-2027-0001']);
      assert.match(desk.get<{ markdown: string }>('SELECT markdown FROM document WHERE id = ?', [first.id])!.markdown, /ACT-2026-0001/);
    });

    it('an issued act never changes: a correction supersedes it, and the old one becomes void', async () => {
      const act = await perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1'], provider, lang: 'ru' });
      await assert.rejects(desk.change('edit', (tx) => tx.run("UPDATE document SET markdown = 'changed' WHERE id = ?", [act.id])), /issued document cannot be changed/);
      await assert.rejects(desk.change('delete', (tx) => tx.run('DELETE FROM document WHERE id = ?', [act.id])), /cannot be deleted/);
      const fixed = await perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1', 'SUP-2'], provider, lang: 'ru', supersedes: act.number });
      assert.deepEqual(desk.all('SELECT number, status, supersedes_id FROM document ORDER BY id'), [
        { number: 'ACT-2026-0001', status: 'void', supersedes_id: null },
        { number: 'ACT-2026-0002', status: 'issued', supersedes_id: act.id },
      ]);
      assert.ok(fixed.number);
      await refused(perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-1'], provider, lang: 'ru', supersedes: act.number }), /already void/);
      await refused(perform(desk, 'issueClosingAct', { organization: 'Globex', tickets: ['SUP-3'], provider, lang: 'ru', supersedes: fixed.number }), /another organization/);
    });

    it('cover tickets of the act\'s organization only', async () => {
      await refused(perform(desk, 'issueClosingAct', { organization: 'ООО «Ромашка»', tickets: ['SUP-3'], provider, lang: 'en' }), /not ООО «Ромашка»'s/);
      assert.equal(desk.get<{ n: number }>('SELECT count(*) AS n FROM document')!.n, 0, 'a refused act takes no number');
      assert.equal(desk.get('SELECT value FROM counter WHERE name LIKE ?', ['document:%']), undefined);
    });
  });
});
