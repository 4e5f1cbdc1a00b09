// Handing bugs to a real Redmine 5.0 (Debian's package, test/helpers/redmine.ts) and hearing back, on both
// engines: the issue as Redmine holds it (attachments included), a developer resolving it and commenting as
// themselves in Redmine, the pull that resolves the bug and moves its tickets, and the faults — a wrong key,
// a missing project, Redmine's own validation message, nothing listening, and an answer lost after Redmine
// made the issue (the next push finds it by its marker). Nothing is mocked; the one stand-in is a real HTTP
// proxy in front of Redmine that drops the connection where a network would.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { perform } from '../../shared/desk/operations';
import type { DeskStore } from '../../shared/desk/store';
import { bugView } from '../../shared/desk/views';
import { trackerConfig } from '../../shared/desk/workflows/tracker';
import { TRACKERS, TrackerError } from '../../shared/tracker';
import { issueMarker, type TrackerAdapter } from '../../shared/tracker/adapter';
import { adapterFor, direct, pullBugs, pushBug } from '../../shared/tracker/handoff';
import { cliEnv, REPRO } from '../helpers/cli';
import { freePort } from '../helpers/processes';
import { forEachEngine, SCRIPT, scriptResult, testDesk, type TestDesk } from '../helpers/desk';
import { useRedmine, type RedmineServer } from '../helpers/redmine';

const LINK = (key: string): string => `vscode://repro-desk.repro-desk/bug/${key}`;

/** A proxy in front of Redmine that, while `dropping` is set, lets a matching request through and then cuts the connection before its answer. */
async function proxy(target: string): Promise<{ url: string; dropping?: RegExp; dropped: number; close(): Promise<void> }> {
  const upstream = new URL(target);
  const state = { url: '', dropping: undefined as RegExp | undefined, dropped: 0, close: async () => undefined as void };
  const server: Server = createServer((req, res) => {
    const forwarded = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const cut = state.dropping?.test(`${req.method} ${req.url}`);
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        if (cut) {
          // Redmine has done it; the client never hears.
          state.dropped++;
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(Buffer.concat(chunks));
      });
    });
    forwarded.on('error', () => req.socket.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

describe('tracker hand-off: a real Redmine', function () {
  const redmine = useRedmine();

  /** The issues of the project whose description holds TEXT (any status), as Redmine lists them. */
  async function issuesHolding(server: RedmineServer, text: string): Promise<{ id: number }[]> {
    const query = new URLSearchParams({ project_id: server.project, status_id: '*', description: `~${text}` });
    const { status, json } = await server.api('GET', `/issues.json?${query}`);
    assert.equal(status, 200);
    return json.issues;
  }

  forEachEngine('push and pull', (engine) => {
    let t: TestDesk;
    let desk: DeskStore;
    let specialist: TrackerAdapter;

    beforeEach(async () => {
      t = await testDesk({ engine });
      desk = t.desk;
      await perform(desk, 'addProduct', { name: 'Acme', versions: [{ name: '2.4.1' }, { name: '2.5.0' }] });
      await perform(desk, 'addStaff', { login: 'dev', name: 'Ivan Sidorov', role: 'developer' });
      await perform(desk, 'createTicket', { subject: 'Export fails', product: 'Acme' });
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'triaged');
      await perform(desk, 'createBug', { title: 'Export crashes on ё in a name', product: 'Acme', severity: 'critical' });
      await perform(desk, 'setAffectedVersions', 'BUG-1', 'Acme', ['2.4.1']);
      await perform(desk, 'linkTicketToBug', 'SUP-1', 'BUG-1');
      await perform(desk, 'assignDeveloper', 'BUG-1', 'dev');
      await perform(desk, 'changeTicketStatus', 'SUP-1', 'escalated');
      const { result, details } = scriptResult(3, 3);
      await perform(desk, 'recordRun', { path: 'repro/SUP-1.repro', content: SCRIPT, title: 'The report tool crashes', tickets: ['SUP-1'], result, details });
      const config = await perform(desk, 'configureTracker', { kind: 'redmine', url: redmine().url, project: redmine().project }, `${engine}${Date.now()}`);
      specialist = adapterFor(TRACKERS, config, redmine().adminKey);
    });
    afterEach(() => t.dispose());

    it('push: one issue with the report, the script and the HTML report, the mapped priority and the marker; pushing again makes no second one', async () => {
      const pushed = await pushBug(direct(desk), specialist, 'BUG-1', { lang: 'en', link: LINK('BUG-1') });
      assert.equal(pushed.how, 'created');
      const id = Number(pushed.issue.key.slice(1));
      assert.equal(pushed.issue.url, `${redmine().url}/issues/${id}`);
      const { json } = await redmine().api('GET', `/issues/${id}.json?include=attachments`);
      const issue = json.issue;
      assert.equal(issue.subject, 'BUG-1: Export crashes on ё in a name');
      assert.equal(issue.priority.name, 'High', 'critical maps to High');
      assert.match(issue.description, /^h1\. Reproduction report: BUG-1$/m);
      assert.match(issue.description, /Affected versions:\* 2\.4\.1/);
      assert.ok(issue.description.includes(LINK('BUG-1')));
      const marker = issueMarker(trackerConfig(desk)!.deskId, 'BUG-1');
      assert.ok(issue.description.includes(marker));
      assert.deepEqual(issue.attachments.map((a: { filename: string }) => a.filename).sort(), ['BUG-1-report.html', 'SUP-1.repro']);
      const script = issue.attachments.find((a: { filename: string }) => a.filename === 'SUP-1.repro');
      const content = await fetch(script.content_url, { headers: { 'X-Redmine-API-Key': redmine().adminKey } }).then((r) => r.text());
      assert.equal(content, SCRIPT);
      assert.equal(bugView(desk, 'BUG-1').externalKey, pushed.issue.key);

      const again = await pushBug(direct(desk), specialist, 'BUG-1', { lang: 'en', link: LINK('BUG-1') });
      assert.deepEqual(again, { ...pushed, how: 'linked' });
      assert.equal((await issuesHolding(redmine(), marker)).length, 1);
    });

    it('pull: the developer resolves it in Redmine with a comment; the bug is resolved in that version, its ticket is fix ready with a callback, the comment is in its timeline by its author; a second pull changes nothing', async () => {
      const pushed = await pushBug(direct(desk), specialist, 'BUG-1', { lang: 'ru', link: LINK('BUG-1') });
      const id = Number(pushed.issue.key.slice(1));
      const before = await pullBugs(direct(desk), specialist);
      assert.deepEqual(before, { checked: 1, changed: [], resolved: [], comments: 0, missing: [] }, 'the first read of an issue nobody touched is no change');
      const statuses = (await redmine().api('GET', '/issue_statuses.json')).json.issue_statuses as { id: number; name: string }[];
      const resolvedId = statuses.find((s) => s.name === 'Resolved')!.id;
      const update = await redmine().api('PUT', `/issues/${id}.json`, { issue: { status_id: resolvedId, fixed_version_id: redmine().versions['2.5.0'], assigned_to_id: redmine().developerId, notes: 'Fixed: the name is read as UTF-8 now' } }, redmine().developerKey);
      assert.equal(update.status, 204, update.text);
      const developerName = (await redmine().api('GET', `/users/${redmine().developerId}.json`)).json.user;

      const pulled = await pullBugs(direct(desk), specialist);
      assert.deepEqual(pulled, { checked: 1, changed: ['BUG-1'], resolved: ['BUG-1'], comments: 1, missing: [] });
      const view = bugView(desk, 'BUG-1');
      assert.equal(view.status, 'resolved');
      assert.equal(view.fixedIn, '2.5.0');
      const comment = view.timeline.find((e) => e.kind === 'note' && e.text === 'Fixed: the name is read as UTF-8 now');
      assert.equal(comment?.by, `${developerName.firstname} ${developerName.lastname}`);
      const ticket = desk.get<{ status: string; callback_due: string | null }>("SELECT status, callback_due FROM ticket WHERE key = 'SUP-1'")!;
      assert.equal(ticket.status, 'fix-ready');
      assert.ok(ticket.callback_due);

      const changesBefore = desk.all('SELECT id FROM change_log').length;
      assert.deepEqual(await pullBugs(direct(desk), specialist), { checked: 1, changed: [], resolved: [], comments: 0, missing: [] });
      assert.equal(desk.all('SELECT id FROM change_log').length, changesBefore, 'a pull with nothing new writes nothing');
    });

    it("faults: a wrong key, a missing project, Redmine's own validation message, nothing listening — each a clear error, nothing linked", async () => {
      const config = trackerConfig(desk)!;
      const tryPush = (adapter: TrackerAdapter) => pushBug(direct(desk), adapter, 'BUG-1', { lang: 'en', link: LINK('BUG-1') });
      const fails = (problem: string, message: RegExp) => (error: unknown) => error instanceof TrackerError && error.problem === problem && message.test(error.message);
      await assert.rejects(tryPush(adapterFor(TRACKERS, config, 'not-a-key')), (e: unknown) => fails('unauthorized', /refused the API key/)(e) && !(e as Error).message.includes('not-a-key'));
      await assert.rejects(tryPush(adapterFor(TRACKERS, { ...config, project: 'nowhere' }, redmine().adminKey)), fails('not-found', /has no project nowhere/));
      await perform(desk, 'updateBug', 'BUG-1', { title: 'x'.repeat(300) });
      await assert.rejects(tryPush(specialist), fails('invalid', /refused the issue: Subject is too long/));
      const closed = await freePort();
      await assert.rejects(tryPush(adapterFor(TRACKERS, { ...config, url: `http://127.0.0.1:${closed}` }, redmine().adminKey)), fails('unreachable', /cannot reach the tracker at http:\/\/127\.0\.0\.1:\d+: nothing listens there/));
      assert.equal(bugView(desk, 'BUG-1').externalKey, null);
    });

    it('an answer lost after Redmine made the issue: the push fails as a dropped connection, and the next push finds the issue by its marker and links it', async () => {
      const cut = await proxy(redmine().url);
      try {
        const config = trackerConfig(desk)!;
        const through = adapterFor(TRACKERS, { ...config, url: cut.url }, redmine().adminKey);
        cut.dropping = /^POST \/projects\/[^/]+\/issues\.json/;
        await assert.rejects(pushBug(direct(desk), through, 'BUG-1', { lang: 'en', link: LINK('BUG-1') }), (e: unknown) => e instanceof TrackerError && e.problem === 'unreachable');
        assert.equal(cut.dropped, 1);
        assert.equal(bugView(desk, 'BUG-1').externalKey, null, 'nothing recorded of an answer never heard');
        const marker = issueMarker(config.deskId, 'BUG-1');
        const made = await issuesHolding(redmine(), marker);
        assert.equal(made.length, 1, 'Redmine made it');
        cut.dropping = undefined;
        const again = await pushBug(direct(desk), through, 'BUG-1', { lang: 'en', link: LINK('BUG-1') });
        assert.equal(again.how, 'found');
        assert.equal(again.issue.key, `#${made[0].id}`);
        assert.equal((await issuesHolding(redmine(), marker)).length, 1, 'no second issue');
        assert.equal(bugView(desk, 'BUG-1').externalKey, `#${made[0].id}`);
      } finally {
        await cut.close();
      }
    });
  });

  it('the description is inert in Redmine: a hostile title renders as its text in Textile and in CommonMark', async () => {
    const t = await testDesk();
    try {
      const hostile = '<script>alert(1)</script> *bold* _it_ "x":javascript:alert(1) !http://evil/x.png! |cell| @code@ [x](javascript:alert(2)) # h1';
      await perform(t.desk, 'createBug', { title: hostile });
      for (const markup of ['textile', 'commonmark'] as const) {
        const config = await perform(t.desk, 'configureTracker', { kind: 'redmine', url: redmine().url, project: redmine().project, markup }, `inert${Date.now()}`);
        const captured: string[] = [];
        const adapter: TrackerAdapter = { ...adapterFor(TRACKERS, config, redmine().adminKey), findByMarker: async () => undefined, create: async (issue) => (captured.push(issue.description), { key: '#1', url: 'x' }) };
        await pushBug({ desk: t.desk, perform: async () => undefined as never }, adapter, 'BUG-1', { lang: 'en', link: LINK('BUG-1') });
        // The text goes in as base64: nothing in it can end the Ruby string it is in.
        const text = Buffer.from(captured[0], 'utf8').toString('base64');
        const html = await redmine().runner(`require 'base64'\nputs Redmine::WikiFormatting.to_html('${markup === 'textile' ? 'textile' : 'common_mark'}', Base64.decode64('${text}').force_encoding('UTF-8'))`);
        // Redmine links every http:// address in a text (CommonMark's autolinks): the one link allowed is that of the address as written.
        assert.doesNotMatch(html, /<script|<img|<a (?![^>]*href="http:\/\/evil\/x\.png")|href="javascript|<strong>bold|<em>it|<td>cell/i, `${markup}: ${html.slice(0, 600)}`);
        // What a browser shows: the tags' text with the character references read.
        const shown = html.replace(/<[^>]*>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
        assert.ok(shown.includes(hostile), `${markup}: the title shows as its text: ${shown.slice(0, 600)}`);
      }
    } finally {
      t.dispose();
    }
  });

  describe('the command line', () => {
    let folder: string;
    before(() => (folder = mkdtempSync(join(tmpdir(), 'repro-tracker-cli-'))));
    after(() => rmSync(folder, { recursive: true, force: true }));
    const repro = (env: NodeJS.ProcessEnv, ...args: string[]) => spawnSync(process.execPath, [REPRO, ...args], { cwd: folder, env: cliEnv({ REPRO_DESK_DB: join(folder, 'desk.sqlite'), REPRO_DESK_USER: 'anna', ...env }), encoding: 'utf8' });

    it('config, push, pull as a person runs them; a missing or wrong key is one line on stderr, exit 2, the key never shown', () => {
      const key = { REPRO_TRACKER_KEY: redmine().adminKey };
      assert.equal(repro({}, 'desk', 'init').status, 0);
      const made = repro({}, 'bug', 'create', '--title', 'CLI bug');
      assert.equal(made.status, 0, made.stderr);
      const noConfig = repro(key, 'tracker', 'push', 'BUG-1');
      assert.equal(noConfig.status, 2);
      assert.match(noConfig.stderr, /no tracker is configured for this desk/);
      const configured = repro({}, 'tracker', 'config', '--kind', 'redmine', '--url', redmine().url, '--project', redmine().project, '--priority', 'major=Urgent');
      assert.equal(configured.status, 0, configured.stderr);
      assert.match(configured.stdout, /priority of major\s+Urgent/);
      const noKey = repro({}, 'tracker', 'push', 'BUG-1');
      assert.equal(noKey.status, 2);
      assert.equal(noKey.stderr.trim().split('\n').length, 1);
      assert.match(noKey.stderr, /REPRO_TRACKER_KEY/);
      const wrong = repro({ REPRO_TRACKER_KEY: 'wrong-secret-key' }, 'tracker', 'push', 'BUG-1');
      assert.equal(wrong.status, 2);
      assert.match(wrong.stderr, /refused the API key/);
      assert.ok(!wrong.stderr.includes('wrong-secret-key') && !wrong.stdout.includes('wrong-secret-key'));
      const pushed = repro(key, 'tracker', 'push', 'BUG-1', '--json');
      assert.equal(pushed.status, 0, pushed.stderr);
      const [result] = JSON.parse(pushed.stdout);
      assert.equal(result.how, 'created');
      const pulled = repro(key, 'tracker', 'pull');
      assert.equal(pulled.status, 0, pulled.stderr);
      assert.match(pulled.stdout, /^bugs checked: 1, changed: 0, resolved: 0; new comments: 0$/m);
      const bad = repro(key, 'tracker', 'pull', '--frobnicate');
      assert.equal(bad.status, 2);
      assert.equal(bad.stderr.trim().split('\n').length, 1);
    });
  });
});
