// How the team desk connects: the URL, then a libpq connection service (pg_service.conf), then PGPASSWORD and
// ~/.pgpass; tested on the parameters and for real, with the CLI as a process against a throwaway server.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'pg-connection-string';
import { clientConfig, readService } from '../../shared/desk/engines/postgres/connectionConfig';
import { cliEnv, REPRO } from '../helpers/cli';
import { teamDatabase, TEST_PASSWORD } from '../helpers/desk';

const SERVICES = '# the team\'s services\n[other]\nhost=elsewhere\n\n[team]\nhost = /run/pg\nport=5433\ndbname=desk\nuser=anna\npassword=s3cret\nsslmode=disable\n';

describe('team desk: connection parameters', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'repro-pgservice-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('reads one section of a service file, comments and spaces aside', () => {
    assert.deepEqual(readService(SERVICES, 'team'), { host: '/run/pg', port: '5433', dbname: 'desk', user: 'anna', password: 's3cret', sslmode: 'disable' });
    assert.equal(readService(SERVICES, 'missing'), undefined);
  });

  it('takes the URL first, then the service, then leaves the rest to PGPASSWORD and ~/.pgpass', () => {
    const file = join(folder, 'pg_service.conf');
    writeFileSync(file, SERVICES);
    const env = { PGSERVICEFILE: file, PGSYSCONFDIR: folder };
    const config = (url: string, password?: string, more: NodeJS.ProcessEnv = {}) => clientConfig({ url, password, application: 'repro-desk' }, { ...env, ...more });
    assert.deepEqual(
      (({ host, port, database, user, password, ssl }) => ({ host, port, database, user, password, ssl }))(config('postgresql://boris@/other_desk?service=team')),
      { host: '/run/pg', port: 5433, database: 'other_desk', user: 'boris', password: 's3cret', ssl: false },
    );
    assert.equal(config('postgresql://', undefined, { PGSERVICE: 'team' }).database, 'desk', 'PGSERVICE names the service');
    assert.equal(config('postgresql://anna@/desk?service=team', 'from-secret-storage').password, 'from-secret-storage', 'a password the editor gives beats the file');
    const plain = config('postgresql://anna@/desk?host=/run/pg');
    assert.equal(plain.password, undefined, 'no password given: node-postgres asks PGPASSWORD, then ~/.pgpass');
    assert.equal(config('postgresql://anna:in-url@/desk').password, 'in-url');
    assert.throws(() => config('postgresql://?service=nowhere'), /definition of service "nowhere" not found/);
  });

  it('connects through a service file with the CLI, and says so in one line when the service is missing', async function () {
    this.timeout(60_000);
    const db = await teamDatabase();
    const { host, port, database } = parse(db.url());
    const file = join(folder, 'pg_service.conf');
    writeFileSync(file, `[desk]\nhost=${host}\nport=${port}\ndbname=${database}\nuser=anna\npassword=${TEST_PASSWORD}\n`);
    const env = { ...cliEnv(), PGSERVICEFILE: file, PGSYSCONFDIR: folder };
    const repro = (...args: string[]) => spawnSync(process.execPath, [REPRO, ...args], { env, encoding: 'utf8' });
    const made = repro('desk', 'init', 'postgresql://?service=desk');
    assert.equal(made.status, 0, made.stderr);
    assert.equal(spawnSync(process.execPath, [REPRO, 'ticket', 'create', '--subject', 'Through the service', '--db', 'postgresql://'], { env: { ...env, PGSERVICE: 'desk' }, encoding: 'utf8' }).stdout, 'SUP-1 created\n');
    const missing = repro('ticket', 'list', '--db', 'postgresql://?service=nowhere');
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^repro ticket list: the team desk at postgresql:\/\/\?service=nowhere: definition of service "nowhere" not found \(in PGSERVICEFILE, ~\/\.pg_service\.conf or the system's pg_service\.conf\)\n$/);
  });
});
