// Which commands may make a desk: only `repro desk init` (and import) make a desk that is named (--db,
// REPRO_DESK_DB); the per-user desk is made by the first write; a read, or `check`, never makes one.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, REPRO } from '../helpers/cli';

describe('cli: where a desk may be made', function () {
  this.timeout(30000);
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'repro-home-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  // No REPRO_DESK_DB: the per-user desk, under XDG_DATA_HOME.
  const repro = (...args: string[]) => spawnSync(process.execPath, [REPRO, ...args], { cwd: home, env: cliEnv({ HOME: home, XDG_DATA_HOME: join(home, 'data') }), encoding: 'utf8' });
  const perUser = (): string => join(home, 'data', 'repro-desk', 'desk.sqlite');

  it('a read of the per-user desk before there is one says so and makes nothing', () => {
    const listed = repro('ticket', 'list');
    assert.equal(listed.status, 2);
    assert.match(listed.stderr, /no desk at .*desk\.sqlite; create it with repro desk init/);
    writeFileSync(join(home, 'a.repro'), 'ticket SUP-1\n\nstep "x"\n  run true\n  bug exit 1\n');
    const checked = repro('check', 'a.repro');
    assert.deepEqual([checked.status, checked.stdout], [0, ''], 'no desk, no RS105');
    assert.equal(existsSync(perUser()), false);
  });

  it('the first write makes the per-user desk', () => {
    const made = repro('ticket', 'create', '--subject', 'First of the day');
    assert.equal(made.status, 0, made.stderr);
    assert.equal(made.stdout, 'SUP-1 created\n');
    assert.ok(existsSync(perUser()));
  });

  it('an import whose file cannot be read says so and leaves no new desk behind', () => {
    writeFileSync(join(home, 'broken.json'), '{"tickets": [');
    for (const file of ['broken.json', 'missing.json']) {
      const done = repro('desk', 'import', file);
      assert.equal(done.status, 2);
      assert.match(done.stderr, new RegExp(`^repro desk: ${file.replace('.', '\\.')}: cannot read: .+\n$`));
    }
    assert.equal(existsSync(perUser()), false);
  });

  it('--db names a desk that must be there, for reads, writes, --record and check alike', () => {
    writeFileSync(join(home, 'a.repro'), 'ticket SUP-1\n\nstep "x"\n  run true\n  bug exit 1\n');
    for (const args of [['ticket', 'show', 'SUP-1'], ['bug', 'create', '--title', 'x'], ['run', 'a.repro', '--record'], ['check', 'a.repro'], ['desk', 'export']]) {
      const done = repro(...args, '--db', 'team.sqlite');
      assert.equal(done.status, 2, args.join(' '));
      assert.equal(done.stderr.split('\n').length, 2, done.stderr);
      assert.match(done.stderr, /no desk at .*team\.sqlite; create it with repro desk init .*team\.sqlite\n$/);
    }
    assert.equal(existsSync(join(home, 'team.sqlite')), false);
    assert.equal(repro('desk', 'init', 'team.sqlite').status, 0);
    assert.equal(repro('check', 'a.repro', '--db', 'team.sqlite').stdout, 'a.repro:1:8: warning RS105 ticket `SUP-1` is not in the ticket database\n');
    assert.equal(repro('desk', 'init', 'team.sqlite').status, 2, 'init never touches a file that is there');
  });
});
