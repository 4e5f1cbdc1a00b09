// The throwaway Redmine the tracker adapter's tests run against (test/helpers/redmine.ts): a real Debian
// Redmine 5.0 on SQLite, reached over its REST API with real API keys, real uploads and a real kill -9.

import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { processesWith } from '../helpers/processes';
import { startRedmine, type RedmineServer } from '../helpers/redmine';

describe('tracker: the test Redmine server', () => {
  let server: RedmineServer;
  /** Issue status and tracker ids by name, read from the server. */
  let statuses: Record<string, { id: number; is_closed: boolean }>;
  let trackers: Record<string, number>;
  let priorities: Record<string, number>;

  before(async function () {
    this.timeout(15 * 60_000); // A first set-up on a machine migrates and seeds a database (about a minute).
    server = await startRedmine();
    const s = await server.api('GET', '/issue_statuses.json');
    statuses = Object.fromEntries(s.json.issue_statuses.map((x: { name: string; id: number; is_closed: boolean }) => [x.name, x]));
    const t = await server.api('GET', '/trackers.json');
    trackers = Object.fromEntries(t.json.trackers.map((x: { name: string; id: number }) => [x.name, x.id]));
    const p = await server.api('GET', '/enumerations/issue_priorities.json');
    priorities = Object.fromEntries(p.json.issue_priorities.map((x: { name: string; id: number }) => [x.name, x.id]));
  });
  after(async function () {
    this.timeout(60_000);
    await server?.stop();
  });

  /** Creates an issue in `repro` as KEY's user; resolves with its id. */
  async function createIssue(fields: Record<string, unknown>, key?: string): Promise<number> {
    const r = await server.api('POST', '/issues.json', { issue: { project_id: server.project, tracker_id: trackers.Bug, ...fields } }, key);
    assert.equal(r.status, 201, r.text);
    return r.json.issue.id;
  }

  it('the REST API answers on 127.0.0.1 with the admin key, whose user is an admin', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await server.api('GET', '/users/current.json');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user.login, server.adminLogin);
    assert.equal(r.json.user.admin, true);
    assert.equal(r.json.user.api_key, server.adminKey);
    assert.equal((await server.api('GET', '/users.json')).status, 200);
  });

  it('the developer key works and is not an admin’s', async () => {
    const r = await server.api('GET', '/users/current.json', undefined, server.developerKey);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user.login, server.developerLogin);
    assert.equal(r.json.user.id, server.developerId);
    assert.notEqual(r.json.user.admin, true);
    assert.equal((await server.api('GET', '/users.json', undefined, server.developerKey)).status, 403, 'the user list is for admins');
  });

  it('the project `repro` has the trackers, statuses, priorities and versions, and the developer as a Developer', async () => {
    const p = await server.api('GET', '/projects/repro.json?include=trackers,enabled_modules', undefined, server.developerKey);
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.project.identifier, 'repro');
    assert.equal(p.json.project.id, server.projectId);
    assert.equal(p.json.project.is_public, false);
    assert.deepEqual(p.json.project.trackers.map((t: { name: string }) => t.name), ['Bug', 'Feature', 'Support']);
    assert.ok(p.json.project.enabled_modules.some((m: { name: string }) => m.name === 'issue_tracking'));

    assert.equal(statuses.Resolved?.is_closed, false);
    assert.equal(statuses.Closed?.is_closed, true);
    assert.ok(statuses.New, 'the default status of new issues');

    const listed = (await server.api('GET', '/enumerations/issue_priorities.json')).json.issue_priorities as { name: string; is_default?: boolean }[];
    assert.deepEqual(listed.map((x) => x.name), ['Low', 'Normal', 'High', 'Urgent', 'Immediate']);
    assert.equal(listed.find((x) => x.is_default)?.name, 'Normal');

    const v = await server.api('GET', '/projects/repro/versions.json', undefined, server.developerKey);
    assert.equal(v.status, 200, v.text);
    assert.deepEqual(Object.fromEntries(v.json.versions.map((x: { name: string; id: number }) => [x.name, x.id])), server.versions);
    assert.deepEqual(Object.keys(server.versions), ['2.4.1', '2.5.0']);

    const m = await server.api('GET', '/projects/repro/memberships.json');
    assert.deepEqual(
      m.json.memberships.map((x: { user: { name: string }; roles: { name: string }[] }) => [x.user.name, x.roles.map((r) => r.name)]),
      [['Dana Developer', ['Developer']]],
    );
  });

  it('an issue is created with an uploaded attachment and read back with its attachment; the developer resolves it with a note', async () => {
    const content = Buffer.from('2024-05-01 12:00:00 ERROR boom\n\u00e9\u0000binary\n', 'utf8');
    const up = await server.api('POST', '/uploads.json?filename=repro.log', content);
    assert.equal(up.status, 201, up.text);
    const token = up.json.upload.token as string;
    assert.match(token, /^\d+\.[0-9a-f]+$/);

    const id = await createIssue({
      subject: 'Export crashes on a semicolon',
      description: 'Steps:\n# open\n# export\n',
      priority_id: priorities.High,
      fixed_version_id: server.versions['2.5.0'],
      uploads: [{ token, filename: 'repro.log', content_type: 'text/plain', description: 'the log' }],
    });
    const r = await server.api('GET', `/issues/${id}.json?include=attachments,journals`);
    assert.equal(r.status, 200, r.text);
    const issue = r.json.issue;
    assert.equal(issue.subject, 'Export crashes on a semicolon');
    assert.equal(issue.status.name, 'New');
    assert.equal(issue.priority.name, 'High');
    assert.equal(issue.fixed_version.name, '2.5.0');
    assert.equal(issue.author.id, server.adminId);
    assert.equal(issue.attachments.length, 1);
    const [attachment] = issue.attachments;
    assert.equal(attachment.filename, 'repro.log');
    assert.equal(attachment.filesize, content.length);
    assert.equal(attachment.content_type, 'text/plain');
    const download = await fetch(attachment.content_url.replace(/^https?:\/\/[^/]+/, server.url), { headers: { 'X-Redmine-API-Key': server.adminKey } });
    assert.equal(download.status, 200);
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), content);
    assert.ok(readdirSync(join(server.folder, 'files'), { recursive: true }).some((f) => String(f).endsWith('_repro.log')), 'stored in the instance’s files/');
    assert.deepEqual(issue.journals, []);

    const put = await server.api('PUT', `/issues/${id}.json`, { issue: { status_id: statuses.Resolved.id, notes: 'Fixed in 2.5.0, see r1234.' } }, server.developerKey);
    assert.equal(put.status, 204, put.text);
    const after = (await server.api('GET', `/issues/${id}.json?include=journals`, undefined, server.developerKey)).json.issue;
    assert.equal(after.status.name, 'Resolved');
    assert.equal(after.journals.length, 1);
    const [journal] = after.journals;
    assert.equal(journal.user.id, server.developerId);
    assert.equal(journal.user.name, 'Dana Developer');
    assert.equal(journal.notes, 'Fixed in 2.5.0, see r1234.');
    assert.deepEqual(journal.details, [{ property: 'attr', name: 'status_id', old_value: String(statuses.New.id), new_value: String(statuses.Resolved.id) }]);
  });

  it('a wrong key or none gives 401, an unknown project 404, an issue without a subject 422 with Redmine’s message', async () => {
    const wrong = 'f'.repeat(40);
    assert.equal((await server.api('GET', '/users/current.json', undefined, wrong)).status, 401);
    assert.equal((await server.api('GET', '/projects/repro.json', undefined, wrong)).status, 401);
    assert.equal((await server.api('GET', '/issues.json?project_id=repro', undefined, null)).status, 401, 'login is required');
    assert.equal((await server.api('POST', '/issues.json', { issue: { project_id: 'repro', subject: 'x' } }, wrong)).status, 401);

    assert.equal((await server.api('GET', '/projects/no-such-project.json')).status, 404);
    assert.equal((await server.api('GET', '/issues.json?project_id=no-such-project')).status, 404);
    assert.equal((await server.api('GET', '/issues/999999.json')).status, 404);

    const r = await server.api('POST', '/issues.json', { issue: { project_id: 'repro', tracker_id: trackers.Bug, description: 'no subject' } }, server.developerKey);
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(r.json, { errors: ['Subject cannot be blank'] });
  });

  it('issues are found by a marker in their description, closed ones too (status_id=*), as a substring', async () => {
    const marker = 'repro-desk:RD-1042:9f3c_1%';
    const open = await createIssue({ subject: 'open one', description: `Reported by a client.\n\n<!-- ${marker} -->\n` });
    const closed = await createIssue({ subject: 'closed one', description: `Same defect.\n${marker}` });
    const other = await createIssue({ subject: 'other', description: 'repro-desk:RD-1042:9f3c_10 (a longer marker) and repro-desk:RD-1042:9f3cX1%' });
    const c = await server.api('PUT', `/issues/${closed}.json`, { issue: { status_id: statuses.Closed.id } });
    assert.equal(c.status, 204, c.text);

    const ids = async (query: string, key?: string): Promise<number[]> => {
      const r = await server.api('GET', `/issues.json?${query}`, undefined, key);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.total_count, r.json.issues.length);
      return r.json.issues.map((i: { id: number }) => i.id).sort((a: number, b: number) => a - b);
    };
    const v = encodeURIComponent(marker);
    // The full form (the one a saved query's URL has) and the short one give the same.
    const full = `project_id=repro&f[]=status_id&op[status_id]=*&f[]=description&op[description]=~&v[description][]=${v}`;
    assert.deepEqual(await ids(full), [open, closed]);
    assert.deepEqual(await ids(`project_id=repro&status_id=*&description=~${v}`), [open, closed]);
    assert.deepEqual(await ids(`project_id=repro&status_id=*&description=~${v}`, server.developerKey), [open, closed]);
    // Without status_id=* only open issues count (Redmine's default filter).
    assert.deepEqual(await ids(`project_id=repro&description=~${v}`), [open]);
    // `%` and `_` are literal (Redmine escapes them for LIKE); a part matches; case does not matter (SQLite's LIKE).
    assert.deepEqual(await ids(`project_id=repro&status_id=*&description=~${encodeURIComponent('RD-1042:9f3c')}`), [open, closed, other]);
    assert.deepEqual(await ids(`project_id=repro&status_id=*&description=~${encodeURIComponent(marker.toUpperCase())}`), [open, closed]);
    assert.deepEqual(await ids(`project_id=repro&status_id=*&description=~no-such-marker`), []);
  });

  it('runner() runs Ruby in the instance: the text formatting switches to CommonMark; a custom field can be made', async function () {
    this.timeout(5 * 60_000);
    assert.equal(await server.runner("puts Setting.text_formatting\nSetting.text_formatting = 'common_mark'"), 'textile\n');
    assert.equal(await server.runner('puts Setting.text_formatting'), 'common_mark\n');
    await assert.rejects(server.runner('raise "on purpose"'), /on purpose/);

    const field = await server.createCustomField('Ticket key', { format: 'string' });
    assert.ok(field > 0);
    const fields = (await server.api('GET', '/custom_fields.json')).json.custom_fields as { id: number; name: string; customized_type: string }[];
    assert.deepEqual(fields.map((f) => [f.id, f.name, f.customized_type]), [[field, 'Ticket key', 'issue']]);
    const id = await createIssue({ subject: 'with a field', custom_fields: [{ id: field, value: 'T-42' }] }, server.developerKey);
    const issue = (await server.api('GET', `/issues/${id}.json`)).json.issue;
    assert.deepEqual(issue.custom_fields, [{ id: field, name: 'Ticket key', value: 'T-42' }]);
  });

  it('crash() kills the server (connections refused), restart() brings it back on the same port and data', async function () {
    this.timeout(5 * 60_000);
    const id = await createIssue({ subject: 'survives a crash' });
    const pid = server.pid();
    assert.ok(pid);
    await server.crash();
    assert.equal(server.pid(), undefined);
    await assert.rejects(fetch(`${server.url}/users/current.json`), /fetch failed/);
    await server.restart();
    assert.notEqual(server.pid(), pid);
    const r = await server.api('GET', `/issues/${id}.json`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.issue.subject, 'survives a crash');
  });

  it('stop() leaves no Redmine process and no folder, and a second stop() is harmless', async function () {
    this.timeout(60_000);
    const { folder } = server;
    const instance = processesWith('BUNDLE_GEMFILE', join(folder, 'Gemfile'));
    assert.ok(instance.length >= 1, 'the server runs');
    await server.stop();
    assert.equal(server.pid(), undefined);
    assert.deepEqual(processesWith('BUNDLE_GEMFILE', join(folder, 'Gemfile')), []);
    assert.equal(existsSync(folder), false, `${folder} left behind`);
    await server.stop();
    await assert.rejects(fetch(`${server.url}/users/current.json`), /fetch failed/);
  });
});
