// The store on real files: snapshot + journal, several handles on one file, compaction, migrations, and files
// that are not whole desks (refused, and left exactly as they were).

import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { perform } from '../../shared/desk/operations';
import { SCHEMA_VERSION } from '../../shared/desk/schema';
import { search } from '../../shared/desk/search';
import { Desk, DeskFileError, DeskReadOnlyError } from '../../shared/desk/store';
import { loadSqlite } from '../../shared/desk/storage/sqlite';
import { testDesk, type TestDesk } from '../helpers/desk';
import { FIXTURE_V1 } from './makeFixtureV1';

const sqlite3 = (file: string, sql: string): string => execFileSync('sqlite3', [file, sql], { encoding: 'utf8' }).trim();
const hashOf = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const count = (desk: Desk, table: string): number => desk.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)!.n;
const addOrg = (desk: Desk, name: string) => perform(desk, 'addOrganization', { name });

let t: TestDesk<Desk>;
afterEach(() => t?.dispose());

describe('desk store', () => {
  it('creates a desk whose snapshot opens in the sqlite3 shell, and keeps every change across reopening', async () => {
    t = await testDesk();
    for (let i = 0; i < 20; i++) await addOrg(t.desk, `Org ${i}`);
    t.desk.close();
    const again = await t.reopen();
    assert.equal(count(again, 'organization'), 20);
    assert.equal(again.changeCount, 20);
    assert.equal(sqlite3(t.path, 'PRAGMA integrity_check'), 'ok');
  });

  it('compaction writes every change into the snapshot and empties the journal; the sqlite3 shell sees it all', async () => {
    t = await testDesk();
    for (let i = 0; i < 30; i++) await addOrg(t.desk, `Org ${i}`);
    await perform(t.desk, 'createTicket', { subject: 'Ошибка экспорта' });
    const before = statSync(t.desk.journalPath).size;
    await t.desk.compact();
    assert.ok(statSync(t.desk.journalPath).size < 100 && before > 1000, `${before} → ${statSync(t.desk.journalPath).size}`);
    assert.equal(sqlite3(t.path, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite3(t.path, 'SELECT count(*) FROM organization'), '30');
    assert.equal(sqlite3(t.path, "SELECT key FROM ticket WHERE id IN (SELECT docid FROM ticket_search WHERE ticket_search MATCH 'экспорт*')"), 'SUP-1');
    await addOrg(t.desk, 'After');
    t.desk.close();
    assert.equal(count(await t.reopen(), 'organization'), 31);
  });

  it('two handles on one file (two windows) see each other\'s changes, and writes never lose one', async () => {
    t = await testDesk();
    const other = await t.reopen();
    await addOrg(t.desk, 'A');
    assert.equal(count(other, 'organization'), 0, 'until it looks');
    assert.equal(other.refresh(), true);
    assert.equal(count(other, 'organization'), 1);
    // Interleaved writers: each catches up under the lock before it writes.
    await Promise.all(Array.from({ length: 20 }, (_, i) => addOrg(i % 2 ? t.desk : other, `Org ${i}`)));
    t.desk.refresh();
    other.refresh();
    assert.equal(count(t.desk, 'organization'), 21);
    assert.equal(count(other, 'organization'), 21);
    assert.equal(t.desk.changeCount, other.changeCount);
  });

  it('a handle catches up across another\'s compaction, and across an import that replaced everything', async () => {
    t = await testDesk();
    const other = await t.reopen();
    await addOrg(t.desk, 'A');
    await t.desk.compact();
    await addOrg(t.desk, 'B');
    assert.equal(other.refresh(), true);
    assert.deepEqual(other.all('SELECT name FROM organization ORDER BY id'), [{ name: 'A' }, { name: 'B' }]);
    await addOrg(other, 'C');
    t.desk.refresh();
    assert.equal(count(t.desk, 'organization'), 3);
  });

  it('a torn last record (a writer killed mid-write) is ignored, then cut off by the next writer', async () => {
    t = await testDesk();
    await addOrg(t.desk, 'A');
    t.desk.close();
    appendFileSync(`${t.path}.journal`, '2 500 0badc0de\n{"v":3,"label":"half');
    const desk = await t.reopen();
    assert.equal(count(desk, 'organization'), 1);
    await addOrg(desk, 'B');
    desk.close();
    assert.deepEqual((await t.reopen()).all('SELECT name FROM organization ORDER BY id'), [{ name: 'A' }, { name: 'B' }]);
  });

  describe('refuses what is not a whole desk, and leaves it as it is', () => {
    const refuses = async (setUp: (path: string) => void, message: RegExp): Promise<void> => {
      t = await testDesk();
      await addOrg(t.desk, 'A');
      await addOrg(t.desk, 'B');
      t.desk.close();
      setUp(t.path);
      const hashes = [t.path, `${t.path}.journal`].map((f) => (existsSync(f) ? hashOf(f) : ''));
      await assert.rejects(Desk.open(t.path), (error: Error) => error instanceof DeskFileError && message.test(error.message));
      assert.deepEqual([t.path, `${t.path}.journal`].map((f) => (existsSync(f) ? hashOf(f) : '')), hashes, 'nothing was written');
    };
    it('a file that is not SQLite', () => refuses((p) => writeFileSync(p, 'hello, I am a text file\n'.repeat(20)), /is not a SQLite database/));
    it('a SQLite database of another program', async () => {
      const SQL = await loadSqlite();
      const db = new SQL.Database();
      db.exec('CREATE TABLE notes (body TEXT)');
      await refuses((p) => writeFileSync(p, db.export()), /of another program/);
    });
    it('a truncated snapshot', () => refuses((p) => truncateSync(p, statSync(p).size - 4096), /is damaged/));
    it('a journal damaged in the middle', () =>
      refuses((p) => {
        const journal = readFileSync(`${p}.journal`);
        const at = journal.indexOf('"label"') + 3;
        journal[at] = journal[at] ^ 0x20;
        writeFileSync(`${p}.journal`, journal);
      }, /damaged journal record 1/));
    it('a journal of another desk', async () => {
      const stranger = await testDesk();
      await addOrg(stranger.desk, 'X');
      stranger.desk.close();
      await refuses((p) => copyFileSync(`${stranger.path}.journal`, `${p}.journal`), /belongs to another desk/);
      stranger.dispose();
    });
    it('a snapshot older than its journal (restored from a backup)', async () => {
      await refuses((p) => {
        const journal = readFileSync(`${p}.journal`, 'latin1').replace(/^(REPRO-DESK-JOURNAL 1 \S+ \d+) 0\n/, '$1 7\n');
        writeFileSync(`${p}.journal`, journal, 'latin1');
      }, /continues a newer snapshot/);
    });
  });

  it('a desk from a newer version opens read-only, says why, and is not written', async () => {
    t = await testDesk();
    await addOrg(t.desk, 'A');
    await t.desk.compact();
    t.desk.close();
    const SQL = await loadSqlite();
    const db = new SQL.Database(readFileSync(t.path));
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    writeFileSync(t.path, db.export());
    const hashes = [hashOf(t.path), hashOf(`${t.path}.journal`)];
    const desk = await t.reopen();
    assert.match(desk.readOnly ?? '', /newer version of Repro Desk/);
    assert.equal(count(desk, 'organization'), 1, 'it still reads');
    await assert.rejects(addOrg(desk, 'B'), DeskReadOnlyError);
    assert.deepEqual([hashOf(t.path), hashOf(`${t.path}.journal`)], hashes);
  });

  it('upgrades a desk of the first schema, after a backup, with every row kept', async () => {
    t = await testDesk();
    const path = join(t.folder, 'old.sqlite');
    copyFileSync(FIXTURE_V1, path);
    const SQL = await loadSqlite();
    const old = new SQL.Database(readFileSync(FIXTURE_V1));
    const tables = old.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0].values.map((r) => String(r[0]));
    const before = Object.fromEntries(tables.map((table) => [table, old.exec(`SELECT count(*) FROM ${table}`)[0].values[0][0]]));
    const desk = await Desk.open(path, { user: 'anna' });
    assert.equal(desk.get<{ user_version: number }>('PRAGMA user_version')!.user_version, SCHEMA_VERSION);
    for (const table of tables) assert.equal(count(desk, table), before[table], table);
    assert.equal(hashOf(`${path}.v1.backup`), hashOf(FIXTURE_V1), 'the backup is the old file as it was');
    assert.deepEqual(search(desk, 'отчет').map((h) => h.key), ['SUP-1'], 'the search index covers the old rows (ё read as е)');
    assert.equal(count(desk, 'run_fingerprint'), 1);
    await perform(desk, 'createTicket', { subject: 'after the upgrade' });
    assert.equal(desk.get<{ key: string }>("SELECT key FROM ticket WHERE subject = 'after the upgrade'")!.key, 'SUP-4');
    desk.close();
    assert.equal(sqlite3(path, 'PRAGMA integrity_check'), 'ok');
    assert.equal(sqlite3(path, 'PRAGMA user_version'), String(SCHEMA_VERSION));
  });
});
