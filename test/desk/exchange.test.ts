// Export and import of the whole desk; search in Russian and English; where the desk lives by default.

import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { exportDesk, importDesk } from '../../shared/desk/exchange';
import { perform } from '../../shared/desk/operations';
import { defaultDeskPath } from '../../shared/desk/paths';
import { search, searchQuery, snippet } from '../../shared/desk/search';
import { listTickets } from '../../shared/desk/queries';
import type { DeskStore } from '../../shared/desk/store';
import { WorkflowError } from '../../shared/desk/workflows/common';
import { forEachEngine, SCRIPT, scriptResult, testDesk, type TestDesk, type TestEngine } from '../helpers/desk';

async function fill(desk: DeskStore): Promise<void> {
  await perform(desk, 'addStaff', { login: 'anna', name: 'Анна Петрова', role: 'specialist' });
  await perform(desk, 'registerCall', {
    direction: 'in',
    organization: 'ООО «Ромашка»',
    contact: { name: 'Зоя Мюллер' },
    summary: 'Ошибка при экспорте отчёта',
    outcome: 'reached',
    newTicket: { subject: 'Ошибка экспорта отчёта', description: 'При экспорте отчёта с именем «Зоя» программа падает', product: 'Acme', reportedVersion: '2.9' },
  });
  await perform(desk, 'createTicket', { subject: 'Export crashes on Zoë Müller', description: 'UnicodeEncodeError when exporting', organization: 'Acme Corp' });
  await perform(desk, 'createBug', { title: 'UnicodeEncodeError in the export', tickets: ['SUP-1', 'SUP-2'] });
  await perform(desk, 'addNote', { ticket: 'SUP-2', body: 'Пользователь прислал журнал ошибок' });
  const { result, details } = scriptResult(2, 3);
  await perform(desk, 'recordRun', { path: 'crash.repro', content: SCRIPT, tickets: ['SUP-1'], result, details });
  await perform(desk, 'changeTicketStatus', 'SUP-2', 'resolved', { resolution: 'workaround' });
  await perform(desk, 'issueClosingAct', { organization: 'Acme Corp', tickets: ['SUP-2'], provider: { name: 'Support' }, lang: 'en' });
}

/** An export as `repro desk export` writes it, at a fixed time: what "the same bytes" compares. */
const exportText = (desk: DeskStore): string => JSON.stringify(exportDesk(desk, '2026-03-02T12:00:00.000Z'), null, 2);

const rowCount = (desk: DeskStore): number => desk.get<{ n: number }>('SELECT (SELECT count(*) FROM ticket) + (SELECT count(*) FROM organization) + (SELECT count(*) FROM staff) AS n')!.n;

forEachEngine('desk export and import', (engine) => {
  const desks: TestDesk[] = [];
  const fresh = async (): Promise<TestDesk> => {
    const made = await testDesk({ engine });
    desks.push(made);
    return made;
  };
  afterEach(() => desks.splice(0).forEach((d) => d.dispose()));

  it('round-trips the whole desk: an import into a new desk exports the same', async () => {
    const source = await fresh();
    await fill(source.desk);
    const exported = exportDesk(source.desk, '2026-03-02T12:00:00.000Z');
    for (const entity of ['tickets', 'bugs', 'runs', 'calls', 'notes', 'documents', 'changes', 'counters']) assert.ok((exported as unknown as Record<string, unknown[]>)[entity].length > 0, entity);
    assert.ok(!('search' in exported.tickets[0]), 'the team desk\'s search column is derived, not exported');
    const copy = (await fresh()).desk;
    const { rows } = await importDesk(copy, JSON.parse(JSON.stringify(exported)));
    assert.ok(rows > 20);
    assert.equal(exportText(copy), exportText(source.desk));
    assert.deepEqual(search(copy, 'журнал').map((h) => h.key), ['SUP-2'], 'search indexes are rebuilt');
    await perform(copy, 'createTicket', { subject: 'after the import' });
    assert.equal(copy.get<{ key: string }>("SELECT key FROM ticket WHERE subject = 'after the import'")!.key, 'SUP-3');
  });

  it('other handles on the desk see an import', async () => {
    const target = await fresh();
    const source = await fresh();
    await fill(source.desk);
    const other = await target.reopen();
    await importDesk(target.desk, exportDesk(source.desk, 'x'));
    other.refresh();
    assert.equal(other.get<{ n: number }>('SELECT count(*) AS n FROM ticket')!.n, 2);
    await perform(other, 'addNote', { ticket: 'SUP-1', body: 'after' });
    target.desk.refresh();
    assert.equal(target.desk.get<{ n: number }>("SELECT count(*) AS n FROM note WHERE body = 'after'")!.n, 1);
  });

  it('refuses a desk that is not empty, a file that is not an export, and columns it does not know', async () => {
    const full = (await fresh()).desk;
    await perform(full, 'addProduct', { name: 'Acme' });
    await assert.rejects(importDesk(full, { format: 'repro-desk', version: 1 }), (e: Error) => e instanceof WorkflowError && /not empty/.test(e.message));
    const empty = (await fresh()).desk;
    await assert.rejects(importDesk(empty, { tickets: [] }), /not a Repro Desk export/);
    await assert.rejects(importDesk(empty, { format: 'repro-desk', version: 99 }), /newer than this version/);
    await assert.rejects(importDesk(empty, { format: 'repro-desk', version: 3, tickets: [{ key: 'SUP-1', evil: 1 }] }), /tickets\[0\]\.evil: a column the desk does not know/);
    await assert.rejects(importDesk(empty, { format: 'repro-desk', version: 3, tickets: [{ key: 'SUP-1', subject: 'x', search: 'x' }] }), /tickets\[0\]\.search: a column the desk does not know/);
    assert.equal(rowCount(empty), 0, 'a refused import leaves nothing');
  });

  it('a hand-made export without ids: each row gets the next id, and later rows may refer to it', async () => {
    const desk = (await fresh()).desk;
    const at = '2026-03-02T09:00:00.000Z';
    await importDesk(desk, {
      format: 'repro-desk',
      version: 3,
      organizations: [{ name: 'Acme', created_at: at }, { name: 'Globex', created_at: at }],
      contacts: [{ organization_id: 2, name: 'Hank Scorpio', created_at: at }],
      tickets: [{ key: 'SUP-7', subject: 'Made by hand', organization_id: 2, contact_id: 1, created_at: at, created_by: 'anna', updated_at: at }],
      counters: [{ name: 'key:SUP', value: 7 }],
    });
    assert.deepEqual(desk.get('SELECT ticket.status, organization.name AS organization, contact.name AS contact FROM ticket JOIN organization ON organization.id = ticket.organization_id JOIN contact ON contact.id = ticket.contact_id'), {
      status: 'new',
      organization: 'Globex',
      contact: 'Hank Scorpio',
    });
    assert.deepEqual((await perform(desk, 'createTicket', { subject: 'next' })).key, 'SUP-8');
    await assert.rejects(
      importDesk((await fresh()).desk, { format: 'repro-desk', version: 3, organizations: [{ name: 'Acme', created_at: at }], contacts: [{ organization_id: 2, name: 'Nobody', created_at: at }] }),
      /contacts\[0\]\.organization_id: no row of organizations has the id 2/,
    );
  });

  describe('of a malformed export', () => {
    // One valid export and one empty desk for every refusal: a refused import leaves the desk as empty as before.
    let valid: string;
    let target: TestDesk;
    before(async () => {
      const source = await testDesk({ engine });
      await fill(source.desk);
      valid = JSON.stringify(exportDesk(source.desk, 'x'));
      source.dispose();
      target = await testDesk({ engine });
    });
    after(() => target.dispose());

    /** The valid export, changed by `spoil`; the import must name the field and keep nothing. */
    async function refusal(spoil: (data: Record<string, Record<string, unknown>[]>) => void): Promise<string> {
      const data = JSON.parse(valid);
      spoil(data);
      const error = await importDesk(target.desk, data).then(
        () => assert.fail('the import was accepted'),
        (e: Error) => e,
      );
      assert.equal(rowCount(target.desk), 0, 'nothing is half-imported');
      assert.doesNotMatch(error.message, /constraint|SQLITE|sql|violates|duplicate key/i, 'never the database\'s own words');
      return error.message;
    }

    it('names a value outside a closed set, with the choices', async () => {
      assert.match(await refusal((d) => (d.tickets[1].status = 'opne')), /tickets\[1\]\.status: "opne" is not one of new, triaged, reproducing/);
      assert.match(await refusal((d) => (d.tickets[1].channel = 'fax')), /tickets\[1\]\.channel: "fax" is not one of phone, email, chat, portal, other/);
    });
    it('names a required field that is missing', async () => {
      assert.match(await refusal((d) => delete d.calls[0].staff), /calls\[0\]\.staff: missing/);
      assert.match(await refusal((d) => (d.notes[0].body = null)), /notes\[0\]\.body: missing/);
      assert.match(await refusal((d) => delete d.ticketBugs[0].bug_id), /ticketBugs\[0\]\.bug_id: missing/);
    });
    it('names a reference to a row that is not there', async () => {
      assert.match(await refusal((d) => (d.calls[0].contact_id = 99)), /calls\[0\]\.contact_id: no row of contacts has the id 99/);
    });
    it('names a value of the wrong type, a row that is not an object, an entity that is not a list', async () => {
      assert.match(await refusal((d) => (d.tickets[0].reopen_count = 'twice')), /tickets\[0\]\.reopen_count: "twice" is not a whole number/);
      assert.match(await refusal((d) => (d.tickets[0].subject = { en: 'x' })), /tickets\[0\]\.subject: \{"en":"x"\} is not a text/);
      assert.match(await refusal((d) => ((d.staff as unknown[])[0] = 'anna')), /staff\[0\]: must be an object/);
      assert.match(await refusal((d) => ((d as Record<string, unknown>).bugs = {})), /bugs: must be an array of rows/);
    });
    it('names a key that appears twice, and a row that breaks a rule between its fields', async () => {
      assert.match(await refusal((d) => d.tickets.push({ ...d.tickets[0], id: 50 })), /tickets\[2\]\.key: "SUP-1" appears twice in the export/);
      assert.match(await refusal((d) => d.ticketBugs.push({ ...d.ticketBugs[0] })), /ticketBugs\[2\]\.ticket_id\+bug_id: 1, 1 appears twice in the export/);
      assert.match(await refusal((d) => (d.notes[0].bug_id = 1)), /notes\[0\]: the row breaks a rule of the desk/);
    });
  });
});

describe('desk export across engines (a file desk and the team desk on PostgreSQL)', function () {
  this.timeout(60_000);
  const desks: TestDesk[] = [];
  afterEach(() => desks.splice(0).forEach((d) => d.dispose()));
  const fresh = async (engine: TestEngine): Promise<DeskStore> => {
    const made = await testDesk({ engine });
    desks.push(made);
    return made.desk;
  };

  /** Fills a desk of `from`, then imports its export into `to` and back: every export is the same bytes. */
  async function roundTrip(from: TestEngine, to: TestEngine): Promise<void> {
    const source = await fresh(from);
    await fill(source);
    const text = exportText(source);
    const there = await fresh(to);
    await importDesk(there, JSON.parse(text));
    assert.equal(exportText(there), text, `${from} → ${to}`);
    const back = await fresh(from);
    await importDesk(back, JSON.parse(exportText(there)));
    assert.equal(exportText(back), text, `${from} → ${to} → ${from}`);
    // Numbers go on after the moved ones, on both.
    for (const desk of [there, back]) {
      await perform(desk, 'createTicket', { subject: 'next', organization: 'Acme Corp' });
      assert.equal(desk.get<{ key: string }>("SELECT key FROM ticket WHERE subject = 'next'")!.key, 'SUP-3');
      await perform(desk, 'changeTicketStatus', 'SUP-3', 'resolved', { resolution: 'answered' });
      await perform(desk, 'issueClosingAct', { organization: 'Acme Corp', tickets: ['SUP-3'], provider: { name: 'Support' }, lang: 'en' });
      assert.deepEqual(desk.all<{ number: string }>("SELECT number FROM document WHERE kind = 'closing-act' ORDER BY id").map((d) => d.number), ['ACT-2026-0001', 'ACT-2026-0002']);
    }
  }

  it('team desk → file desk → team desk', () => roundTrip('team', 'embedded'));
  it('file desk → team desk → file desk', () => roundTrip('embedded', 'team'));
});

// The same searches on both engines: FTS4's prefixes on the embedded desk, PostgreSQL's stems on the team desk.
forEachEngine('desk search', (engine) => {
  let desk: TestDesk;
  beforeEach(async () => {
    desk = await testDesk({ engine });
    await fill(desk.desk);
  });
  afterEach(() => desk.dispose());
  const keys = (text: string): string[] => search(desk.desk, text).map((h) => `${h.kind}:${h.key}`).sort();

  it('finds Russian words by their beginning, whatever the case, and ё as е', () => {
    assert.deepEqual(keys('ошиб'), ['note:SUP-2', 'ticket:SUP-1']);
    assert.deepEqual(keys('ОТЧЕТ'), ['ticket:SUP-1']);
    assert.deepEqual(keys('отчёта'), ['ticket:SUP-1']);
    assert.deepEqual(keys('журнал ошиб'), ['note:SUP-2']);
  });
  it('finds English and accented Latin words, ticket keys and bugs', () => {
    assert.deepEqual(keys('zoe muller'), ['ticket:SUP-2']);
    assert.deepEqual(keys('unicode'), ['bug:BUG-1', 'ticket:SUP-2']);
    assert.deepEqual(keys('SUP-2'), ['ticket:SUP-2']);
  });
  it('shows where it matched, and never takes FTS syntax from the user', () => {
    assert.match(search(desk.desk, 'ошиб')[0].snippet, /\[Ошибка\]/);
    // Lower case: `OR`, `AND`, `NEAR` typed by a person are words, not operators. (NEAR, not AND, is the one
    // searched for: the team desk's English stemmer drops `and` as a stop word, as PostgreSQL always does.)
    assert.equal(searchQuery('"a" OR b* NEAR/3 -c'), 'a* or* b* near* 3* c*');
    assert.deepEqual(keys('Unicode NEAR'), []);
    assert.equal(searchQuery('  ,;  '), undefined);
    assert.deepEqual(keys('"unbalanced'), []);
  });
  it('filters the ticket list', () => {
    assert.deepEqual(listTickets(desk.desk, { search: 'экспорт' }).rows.map((r) => r.key), ['SUP-1']);
    assert.deepEqual(listTickets(desk.desk, { search: 'экспорт', status: ['new', 'triaged'] }).rows.map((r) => r.key), ['SUP-1'], 'with the list\'s other conditions');
    assert.equal(listTickets(desk.desk, { search: 'nothing-like-this' }).total, 0);
  });
  if (engine === 'team') {
    it('the team desk: a whole word in any of its forms («отчётах», «exported» find «отчёта», «exporting»), the last word as typed so far; the best match first', async () => {
      assert.deepEqual(keys('отчётах экспорт'), ['ticket:SUP-1']);
      assert.deepEqual(keys('exported unicod'), ['bug:BUG-1', 'ticket:SUP-2']);
      await perform(desk.desk, 'createTicket', { subject: 'Printing', description: 'A note on printing; export is mentioned once' });
      await perform(desk.desk, 'createTicket', { subject: 'Export export export', description: 'export fails, the export is empty, export again' });
      assert.deepEqual(search(desk.desk, 'export').slice(0, 2).map((h) => h.key), ['SUP-4', 'SUP-2'], 'ranked: the ticket all about export first, the newer one-mention ticket after');
    });
  }
});

describe('search snippets', () => {
  it('a snippet is a window of words around the first match, with … where text was left out', () => {
    const long = 'one two three four five six seven eight nine ten eleven twelve thirteen Ошибка fifteen sixteen seventeen eighteen nineteen twenty';
    assert.equal(snippet([long], ['ошиб']), '…nine ten eleven twelve thirteen [Ошибка] fifteen sixteen seventeen eighteen nineteen twenty');
    assert.equal(snippet(['none here', 'Zoë saw  the\nотчёт, again.'], ['zoe', 'отчет']), '[Zoë] saw the [отчёт], again.');
    assert.equal(snippet(['Мой отчёт'], ['мои']), '', 'й is a letter of its own, as in the index');
    assert.equal(snippet(['nothing'], ['x']), '');
  });
});

describe('where the desk lives', () => {
  it('follows the platform, XDG_DATA_HOME and REPRO_DESK_DB', () => {
    assert.equal(defaultDeskPath({}, 'linux', '/home/zoe'), '/home/zoe/.local/share/repro-desk/desk.sqlite');
    assert.equal(defaultDeskPath({ XDG_DATA_HOME: '/data' }, 'linux', '/home/zoe'), '/data/repro-desk/desk.sqlite');
    assert.equal(defaultDeskPath({}, 'darwin', '/Users/zoe'), '/Users/zoe/Library/Application Support/repro-desk/desk.sqlite');
    assert.equal(defaultDeskPath({ APPDATA: 'C:\\Users\\zoe\\AppData\\Roaming' }, 'win32', 'C:\\Users\\zoe'), join('C:\\Users\\zoe\\AppData\\Roaming', 'repro-desk', 'desk.sqlite'));
    assert.equal(defaultDeskPath({ REPRO_DESK_DB: '/srv/desk.sqlite' }, 'linux', '/home/zoe'), '/srv/desk.sqlite');
  });
});
