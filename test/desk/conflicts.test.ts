// Two people editing the same ticket or bug, each through a desk handle of their own on the same desk (two
// Desk.open on one file; two TeamDesk.open on one database, as two logins): an edit that says what it started
// from is refused for the fields someone else changed meanwhile, with both values and who changed them when,
// and saves the rest. On both engines, through the one operations table.

import { strict as assert } from 'node:assert';
import { perform } from '../../shared/desk/operations';
import type { DeskStore } from '../../shared/desk/store';
import { EditConflict, type FieldConflict } from '../../shared/desk/workflows/conflicts';
import { forEachEngine, SCRIPT, scriptResult, testDesk, type TestDesk } from '../helpers/desk';

forEachEngine('edit conflicts', (engine) => {
  let t: TestDesk;
  /** Anna's window, and Boris's (another process, another login). */
  let anna: DeskStore;
  let boris: DeskStore;

  // Anna's handle reads what Boris's wrote once it catches up (the embedded desk: the journal; a change catches
  // up by itself, under the lock).
  const log = (field: string) => (anna.refresh(), anna).all<{ old_value: string | null; new_value: string | null; by: string }>('SELECT old_value, new_value, by FROM change_log WHERE field = ? ORDER BY id', [field]);
  const ticket = (key = 'SUP-1') => (anna.refresh(), anna).get<{ subject: string; priority: string; environment: string; status: string; callback_due: string | null }>('SELECT subject, priority, environment, status, callback_due FROM ticket WHERE key = ?', [key])!;

  /** The conflict a refused edit rejected with (and that it is one line, for the CLI). */
  async function conflictOf(edit: Promise<unknown>): Promise<EditConflict> {
    const error = await edit.then(
      () => assert.fail('the edit was saved'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof EditConflict, String(error));
    assert.doesNotMatch(error.message, /\n/);
    return error;
  }

  beforeEach(async () => {
    t = await testDesk({ engine });
    anna = t.desk;
    await perform(anna, 'addStaff', { login: 'anna', name: 'Anna', role: 'specialist' });
    await perform(anna, 'addStaff', { login: 'boris', name: 'Boris', role: 'specialist' });
    await perform(anna, 'addStaff', { login: 'dev', name: 'Ivan', role: 'developer' });
    await perform(anna, 'createTicket', { subject: 'Export crashes', priority: 'normal', environment: 'Debian 12' });
    boris = await t.reopen({ user: 'boris' });
    t.clock.advance(1);
  });
  afterEach(() => t.dispose());

  it('the second save of a field someone changed meanwhile is refused with both values, who and when; the desk keeps theirs', async () => {
    // Both read priority "normal"; Boris saves first.
    await perform(boris, 'updateTicket', 'SUP-1', { priority: 'urgent' }, { priority: 'normal' });
    t.clock.advance(1);
    const conflict = await conflictOf(perform(anna, 'updateTicket', 'SUP-1', { priority: 'low' }, { priority: 'normal' }));
    assert.deepEqual(conflict.conflicts, [{ field: 'priority', base: 'normal', theirs: 'urgent', yours: 'low', by: 'boris', at: '2026-03-02T10:00:00.000Z', choice: true } satisfies FieldConflict]);
    assert.deepEqual([conflict.entity, conflict.key, conflict.saved], ['ticket', 'SUP-1', []]);
    assert.equal(conflict.message, 'SUP-1 changed while you edited it: priority was changed to urgent by boris at 2026-03-02T10:00:00Z, yours (low) was not saved');
    assert.equal(ticket().priority, 'urgent');
    assert.deepEqual(log('priority'), [{ old_value: 'normal', new_value: 'urgent', by: 'boris' }]);

    // Keep mine: saved again over theirs, knowingly (the base is now what Boris saved).
    await perform(anna, 'updateTicket', 'SUP-1', { priority: 'low' }, { priority: 'urgent' });
    assert.equal(ticket().priority, 'low');
    assert.deepEqual(log('priority').map((l) => [l.new_value, l.by]), [['urgent', 'boris'], ['low', 'anna']]);
  });

  it('only the fields that conflict are refused: the others of the same save are kept', async () => {
    await perform(boris, 'updateTicket', 'SUP-1', { priority: 'urgent' });
    const conflict = await conflictOf(perform(anna, 'updateTicket', 'SUP-1', { priority: 'low', subject: 'Export crashes on an empty name' }, { priority: 'normal', subject: 'Export crashes' }));
    assert.deepEqual(conflict.conflicts.map((c) => c.field), ['priority']);
    assert.deepEqual(conflict.saved, ['subject']);
    assert.match(conflict.message, /yours \(low\) was not saved; saved: subject$/);
    assert.deepEqual([ticket().subject, ticket().priority], ['Export crashes on an empty name', 'urgent']);
  });

  it('a field the other person did not touch is saved; so is a change to the same value, and one made and undone meanwhile', async () => {
    await perform(boris, 'updateTicket', 'SUP-1', { subject: 'Export crashes for Acme', priority: 'high' });
    await perform(anna, 'updateTicket', 'SUP-1', { environment: 'Debian 13' }, { environment: 'Debian 12' });
    assert.equal(ticket().environment, 'Debian 13');
    // The same value as Boris's: nothing to refuse, nothing more to log.
    await perform(anna, 'updateTicket', 'SUP-1', { priority: 'high' }, { priority: 'normal' });
    assert.equal(log('priority').length, 1);
    // Boris changes the environment and changes it back: the value Anna started from is there.
    await perform(boris, 'updateTicket', 'SUP-1', { environment: 'Windows' });
    await perform(boris, 'updateTicket', 'SUP-1', { environment: 'Debian 13' });
    await perform(anna, 'updateTicket', 'SUP-1', { environment: 'Debian 13, ARM' }, { environment: 'Debian 13' });
    assert.equal(ticket().environment, 'Debian 13, ARM');
    // Without a base, an edit is saved as it always was (the CLI without --was).
    await perform(anna, 'updateTicket', 'SUP-1', { priority: 'low' });
    assert.equal(ticket().priority, 'low');
  });

  it('names: compared by name (organizations whatever their case); "not set" is a value too', async () => {
    await perform(boris, 'updateTicket', 'SUP-1', { organization: 'Acme', product: 'Report' });
    const conflict = await conflictOf(perform(anna, 'updateTicket', 'SUP-1', { organization: 'Globex', product: 'report' }, { organization: null, product: null }));
    assert.deepEqual(conflict.conflicts.map((c) => [c.field, c.theirs, c.yours, c.by]), [['organization', 'Acme', 'Globex', 'boris']]);
    assert.deepEqual(conflict.saved, ['product'], 'the product Anna named is the one Boris set');
    assert.match(conflict.message, /organization was changed to "Acme" by boris at .*, yours \("Globex"\) was not saved/);
    assert.equal((anna.refresh(), anna).get<{ n: number }>('SELECT count(*) AS n FROM organization')!.n, 1, 'the refused organization was not made');

    await perform(boris, 'updateTicket', 'SUP-1', { organization: null });
    const cleared = await conflictOf(perform(anna, 'updateTicket', 'SUP-1', { organization: 'Globex' }, { organization: 'Acme' }));
    assert.deepEqual(cleared.conflicts.map((c) => [c.theirs, c.yours]), [[null, 'Globex']]);
    assert.match(cleared.message, /organization was changed to not set by boris/);
  });

  it('every field a panel edits is checked: assignee, callback, status; a bug\'s fields, developer, reproducibility, versions, status', async () => {
    await perform(anna, 'addProduct', { name: 'Acme', versions: [{ name: '2.9' }, { name: '2.10' }] });
    await perform(anna, 'createBug', { title: 'Crash on an empty name', product: 'Acme', tickets: ['SUP-1'] });
    const cases: { field: string; theirs: () => Promise<unknown>; mine: () => Promise<unknown>; values: [string | null, string | null] }[] = [
      { field: 'assignee', theirs: () => perform(boris, 'assignTicket', 'SUP-1', 'boris', null), mine: () => perform(anna, 'assignTicket', 'SUP-1', 'anna', null), values: ['boris', 'anna'] },
      {
        field: 'callbackDue',
        theirs: () => perform(boris, 'setCallback', 'SUP-1', '2026-03-03T09:00:00.000Z', null),
        mine: () => perform(anna, 'setCallback', 'SUP-1', '2026-03-04T09:00:00.000Z', null),
        values: ['2026-03-03T09:00:00.000Z', '2026-03-04T09:00:00.000Z'],
      },
      { field: 'status', theirs: () => perform(boris, 'changeTicketStatus', 'SUP-1', 'triaged', { base: 'new' }), mine: () => perform(anna, 'changeTicketStatus', 'SUP-1', 'cancelled', { base: 'new' }), values: ['triaged', 'cancelled'] },
      { field: 'title', theirs: () => perform(boris, 'updateBug', 'BUG-1', { title: 'Crash' }), mine: () => perform(anna, 'updateBug', 'BUG-1', { title: 'Empty name' }, { title: 'Crash on an empty name' }), values: ['Crash', 'Empty name'] },
      { field: 'developer', theirs: () => perform(boris, 'assignDeveloper', 'BUG-1', 'dev', null), mine: () => perform(anna, 'assignDeveloper', 'BUG-1', 'boris', null), values: ['dev', 'boris'] },
      {
        field: 'reproducibility',
        theirs: () => perform(boris, 'setReproducibility', 'BUG-1', 'sometimes', 'have-not-tried'),
        mine: () => perform(anna, 'setReproducibility', 'BUG-1', 'not-applicable', 'have-not-tried'),
        values: ['sometimes', 'not-applicable'],
      },
      { field: 'affectedVersions', theirs: () => perform(boris, 'setAffectedVersions', 'BUG-1', 'Acme', ['2.9'], []), mine: () => perform(anna, 'setAffectedVersions', 'BUG-1', 'Acme', ['2.10'], []), values: ['2.9', '2.10'] },
      {
        field: 'status',
        theirs: () => perform(boris, 'changeBugStatus', 'BUG-1', 'resolved', { resolution: 'wont-fix', base: 'in-progress' }),
        mine: () => perform(anna, 'changeBugStatus', 'BUG-1', 'confirmed', { base: 'in-progress' }),
        values: ['resolved', 'confirmed'],
      },
    ];
    for (const c of cases) {
      const count = (): number => (anna.refresh(), anna).get<{ n: number }>('SELECT count(*) AS n FROM change_log')!.n;
      const before = count();
      await c.theirs();
      const middle = count();
      assert.ok(middle > before, `${c.field}: Boris's change is saved`);
      const conflict = await conflictOf(c.mine());
      assert.deepEqual(conflict.conflicts.map((x) => [x.field, x.theirs, x.yours, x.by]), [[c.field, ...c.values, 'boris']], c.field);
      assert.equal(count(), middle, `${c.field}: nothing of Anna's is saved`);
    }
    // The versions are the same set whatever their order: not a conflict.
    await perform(anna, 'setAffectedVersions', 'BUG-1', 'Acme', ['2.10', '2.9'], ['2.9']);
    await perform(anna, 'setAffectedVersions', 'BUG-1', 'Acme', ['2.9'], ['2.10', '2.9']);
  });

  it('a write the change log does not hold names no one, and says when the row last changed', async () => {
    await perform(anna, 'setCallback', 'SUP-1', '2026-03-03T09:00:00.000Z');
    t.clock.advance(2);
    // Boris reaches the customer: the call settles the callback (the call is the record of it, not the log).
    await perform(boris, 'registerCall', { direction: 'out', ticket: 'SUP-1', summary: 'Called back', outcome: 'reached' });
    assert.equal(ticket().callback_due, null);
    const conflict = await conflictOf(perform(anna, 'setCallback', 'SUP-1', '2026-03-05T09:00:00.000Z', '2026-03-03T09:00:00.000Z'));
    assert.deepEqual(conflict.conflicts.map((c) => [c.theirs, c.by, c.at]), [[null, null, '2026-03-02T12:00:00.000Z']]);
    assert.match(conflict.message, /callback due was changed to not set at 2026-03-02T12:00:00Z, yours \("2026-03-05T09:00:00.000Z"\) was not saved/);
  });

  it('a callback set by a fix is in the change log, under who resolved the bug', async () => {
    await perform(anna, 'changeTicketStatus', 'SUP-1', 'triaged');
    await perform(anna, 'createBug', { title: 'Crash', tickets: ['SUP-1'] });
    await perform(anna, 'assignDeveloper', 'BUG-1', 'dev');
    assert.equal(ticket().status, 'escalated');
    await perform(boris, 'changeBugStatus', 'BUG-1', 'resolved', { resolution: 'fixed', callbackDue: '2026-03-03T09:00:00.000Z' });
    assert.deepEqual(log('callback_due'), [{ old_value: null, new_value: '2026-03-03T09:00:00.000Z', by: 'boris' }]);
    const conflict = await conflictOf(perform(anna, 'setCallback', 'SUP-1', '2026-03-04T09:00:00.000Z', null));
    assert.equal(conflict.conflicts[0].by, 'boris');
  });

  it('a run recorded meanwhile changes reproducibility: setting it by hand over that is a conflict', async () => {
    await perform(anna, 'createBug', { title: 'Crash', tickets: ['SUP-1'] });
    const { result, details } = scriptResult(2, 2);
    await perform(boris, 'recordRun', { path: 'crash.repro', content: SCRIPT, tickets: ['SUP-1'], result, details });
    const conflict = await conflictOf(perform(anna, 'setReproducibility', 'BUG-1', 'not-applicable', 'have-not-tried'));
    assert.deepEqual(conflict.conflicts.map((c) => [c.theirs, c.by]), [['always', 'boris']]);
    assert.match(conflict.message, /reproducibility was changed to always by boris/);
  });
});
