// `repro ticket update … --was FIELD=VALUE` and `repro bug update … --was …`, as processes, on both engines: a
// change of a field someone changed since the person looked is refused in one line naming both values, who and
// when (exit 2), the fields nobody else changed are saved, and a mistaken --was is a usage error that changes
// nothing.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { forEachEngine, testDesk, type TestDesk } from '../helpers/desk';
import { cliEnv, REPRO } from '../helpers/cli';

forEachEngine('cli: --was, an edit checked against what the person saw', (engine) => {
  let t: TestDesk;
  /** A login of its own on the team desk; the embedded desk's user by REPRO_DESK_USER. */
  let location: (user: string) => string;
  const repro = (user: string, ...args: string[]) =>
    spawnSync(process.execPath, [REPRO, ...args, '--db', location(user)], { env: cliEnv({ REPRO_DESK_USER: user }), encoding: 'utf8' });
  const ok = (user: string, ...args: string[]): string => {
    const done = repro(user, ...args);
    assert.equal(done.status, 0, `repro ${args.join(' ')}: ${done.stderr}`);
    return done.stdout;
  };
  const show = (): { priority: string; subject: string; organization: string | null } => {
    const view = JSON.parse(ok('anna', 'ticket', 'show', 'SUP-1', '--json')) as { priority: string; subject: string; organization: string | null };
    return { priority: view.priority, subject: view.subject, organization: view.organization };
  };

  before(async function () {
    this.timeout(60_000);
    t = await testDesk({ engine });
    if (engine === 'team') {
      // Each login must exist before it connects (the helper makes it a member of the desk's owner).
      await t.reopen({ user: 'boris' });
      location = (user) => t.path.replace(/^postgresql:\/\/anna:/, `postgresql://${user}:`);
    } else location = () => t.path;
    ok('anna', 'staff', 'add', 'anna', '--name', 'Anna', '--role', 'specialist');
    ok('anna', 'ticket', 'create', '--subject', 'Export crashes', '--priority', 'normal');
    ok('anna', 'bug', 'create', '--title', 'Crash on an empty name');
  });
  after(() => t?.dispose());

  it('refuses the change of a field someone changed since, in one line with both values, who and when; saves the rest', () => {
    ok('boris', 'ticket', 'update', 'SUP-1', '--priority', 'urgent');
    const refused = repro('anna', 'ticket', 'update', 'SUP-1', '--priority', 'low', '--subject', 'Export crashes on an empty name', '--was', 'priority=normal', '--was', 'subject=Export crashes');
    assert.equal(refused.status, 2);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^repro ticket update: SUP-1 changed while you edited it: priority was changed to urgent by boris at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, yours \(low\) was not saved; saved: subject\n$/);
    assert.deepEqual(show(), { priority: 'urgent', subject: 'Export crashes on an empty name', organization: null });
    // Knowingly over theirs: --was says what is there now.
    assert.equal(ok('anna', 'ticket', 'update', 'SUP-1', '--priority', 'low', '--was', 'priority=urgent'), 'SUP-1 updated\n');
    assert.equal(show().priority, 'low');
  });

  it('FIELD= is "not set"; a value is checked as its option is; a field not changed or unknown is a usage error', () => {
    ok('boris', 'ticket', 'update', 'SUP-1', '--org', 'Acme');
    const refused = repro('anna', 'ticket', 'update', 'SUP-1', '--org', 'Globex', '--was', 'org=');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /organization was changed to "Acme" by boris/);
    assert.equal(show().organization, 'Acme');

    for (const [args, message] of [
      [['--priority', 'high', '--was', 'priority=asap'], /--was priority= takes low \| normal \| high \| urgent, not "asap"/],
      [['--priority', 'high', '--was', 'subject=Export crashes'], /--was subject=…: give the new value with --subject too/],
      [['--priority', 'high', '--was', 'colour=red'], /--was takes FIELD=VALUE, FIELD one of subject, type, .*, not "colour=red"/],
      [['--priority', 'high', '--was', 'priority'], /--was takes FIELD=VALUE/],
    ] as const) {
      const done = repro('anna', 'ticket', 'update', 'SUP-1', ...args);
      assert.equal(done.status, 2, args.join(' '));
      assert.match(done.stderr, message);
      assert.equal(done.stderr.split('\n').length, 2, done.stderr);
    }
    assert.equal(show().priority, 'low', 'nothing was changed');
  });

  it('bug update: the same', () => {
    ok('boris', 'bug', 'update', 'BUG-1', '--severity', 'critical');
    const refused = repro('anna', 'bug', 'update', 'BUG-1', '--severity', 'minor', '--was', 'severity=major');
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^repro bug update: BUG-1 changed while you edited it: severity was changed to critical by boris at .*, yours \(minor\) was not saved\n$/);
    assert.equal(ok('anna', 'bug', 'update', 'BUG-1', '--severity', 'critical', '--was', 'severity=major'), 'BUG-1 updated\n', 'the same value is no conflict');
  });
});
