// Why a panel's save was refused (client/src/desk/panels/refusals.ts), from real refusals: a workflow rule, an
// edit conflict between two logins on one team desk, the team desk's server gone (crashed), and a login the
// server does not let change the desk (42501). Each is one line the panel shows beside the field, whose draft
// the webview keeps (test/client/panelScript.test.ts); none names the password.

import { strict as assert } from 'node:assert';
import { refusal } from '../../client/src/desk/panels/refusals';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { perform } from '../../shared/desk/operations';
import { ownTeamServer, TEST_PASSWORD } from '../helpers/desk';
import type { PostgresServer } from '../helpers/postgres';
import { DESK_ROLES } from '../../shared/desk/engines/postgres/access';

describe('a panel\'s refused save, by its reason', function () {
  this.timeout(120_000);
  // A server of these tests' own: one of them crashes it.
  let pg: PostgresServer;
  const url = (user: string): string => pg.urlFor(user, TEST_PASSWORD, 'desk');
  const opened: TeamDesk[] = [];
  const open = async (user: string): Promise<TeamDesk> => {
    const desk = await TeamDesk.open(url(user), { create: user === 'anna' });
    opened.push(desk);
    return desk;
  };

  before(async () => {
    pg = await ownTeamServer();
    for (const user of ['anna', 'boris', 'reviewer']) await pg.createRole(user, TEST_PASSWORD);
    // The reviewer reads the desk and changes nothing: the server's grants refuse it, not the UI.
    await pg.psql(`GRANT anna TO boris; GRANT ${DESK_ROLES.reviewer} TO reviewer`);
    await pg.createDatabase('desk', 'anna');
    const anna = await open('anna');
    await perform(anna, 'createTicket', { subject: 'Export crashes', priority: 'normal' });
  });
  after(async () => {
    for (const desk of opened) desk.close();
    await pg?.stop();
  });

  it('a workflow rule: its own words', async () => {
    const anna = await open('anna');
    const error = await perform(anna, 'changeTicketStatus', 'SUP-1', 'resolved').catch((e: unknown) => e);
    assert.deepEqual(refusal(error, anna.path), { kind: 'rule', reason: 'resolving ticket SUP-1 needs a resolution' });
  });

  it('an edit conflict between two logins: both values, who and when', async () => {
    const [anna, boris] = [await open('anna'), await open('boris')];
    await perform(boris, 'updateTicket', 'SUP-1', { priority: 'urgent' }, { priority: 'normal' });
    const error = await perform(anna, 'updateTicket', 'SUP-1', { priority: 'low' }, { priority: 'normal' }).catch((e: unknown) => e);
    const refused = refusal(error, anna.path);
    assert.equal(refused.kind, 'conflict');
    assert.match(refused.reason, /^SUP-1 changed while you edited it: priority was changed to urgent by boris at /);
    assert.deepEqual({ ...refused.conflict, at: undefined }, { theirs: 'urgent', yours: 'low', by: 'boris', at: undefined });
  });

  it('a login the server does not let change the desk (42501): says so, in one line', async () => {
    const reviewer = await open('reviewer');
    const error = await perform(reviewer, 'updateTicket', 'SUP-1', { subject: 'Renamed' }).catch((e: unknown) => e);
    const refused = refusal(error, reviewer.path);
    assert.equal(refused.kind, 'desk');
    assert.match(refused.reason, /^your login reviewer may not do that on the team desk: permission denied for table \w+$/);
    assert.equal((await open('anna')).get<{ subject: string }>("SELECT subject FROM ticket WHERE key = 'SUP-1'")!.subject, 'Export crashes');
  });

  it('the team desk offline (its server crashed): one line naming the desk, never the password', async () => {
    const anna = await open('anna');
    await pg.crash();
    try {
      const error = await perform(anna, 'updateTicket', 'SUP-1', { subject: 'Renamed while offline' }).catch((e: unknown) => e);
      const refused = refusal(error, anna.path);
      assert.equal(refused.kind, 'desk');
      assert.match(refused.reason, /team desk at postgresql:\/\/anna@/);
      assert.doesNotMatch(refused.reason, new RegExp(TEST_PASSWORD));
      assert.doesNotMatch(refused.reason, /\n/);
    } finally {
      await pg.restart();
    }
    assert.equal((await open('anna')).get<{ subject: string }>("SELECT subject FROM ticket WHERE key = 'SUP-1'")!.subject, 'Export crashes', 'nothing of the refused save is in the desk');
  });
});
