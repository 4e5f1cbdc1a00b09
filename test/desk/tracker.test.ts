// The desk's side of the tracker hand-off (shared/desk/workflows/tracker.ts), on both engines: the shared
// configuration, a bug's link, and what a pull brings back (idempotent; resolving closes the loop). The
// tracker itself is tested for real in test/tracker.

import { strict as assert } from 'node:assert';
import { perform } from '../../shared/desk/operations';
import type { DeskStore } from '../../shared/desk/store';
import { bugView } from '../../shared/desk/views';
import { WorkflowError } from '../../shared/desk/workflows/common';
import { trackerConfig, trackerIssue, type TrackerState } from '../../shared/desk/workflows/tracker';
import { holdsMarker, issueMarker } from '../../shared/tracker/adapter';
import { forEachEngine, testDesk, type TestDesk } from '../helpers/desk';

forEachEngine('tracker hand-off: the desk side', (engine) => {
  let t: TestDesk;
  let desk: DeskStore;
  const state = (over: Partial<TrackerState> = {}): TrackerState => ({ status: 'New', assignee: null, fixedVersion: null, updatedOn: '2026-12-01T10:00:00Z', comments: [], ...over });
  const refused = (promise: Promise<unknown>, message: RegExp) => assert.rejects(promise, (e: Error) => e instanceof WorkflowError && message.test(e.message));

  beforeEach(async () => {
    t = await testDesk({ engine });
    desk = t.desk;
    await perform(desk, 'addProduct', { name: 'Acme', versions: [{ name: '2.4' }] });
    await perform(desk, 'createTicket', { subject: 'Export fails', product: 'Acme' });
    await perform(desk, 'changeTicketStatus', 'SUP-1', 'triaged');
    await perform(desk, 'createBug', { title: 'Export crashes on ё', product: 'Acme' });
    await perform(desk, 'linkTicketToBug', 'SUP-1', 'BUG-1');
    await perform(desk, 'addStaff', { login: 'dev', name: 'Ivan Sidorov', role: 'developer' });
    await perform(desk, 'assignDeveloper', 'BUG-1', 'dev');
    await perform(desk, 'changeTicketStatus', 'SUP-1', 'escalated');
  });
  afterEach(() => t.dispose());

  it('configuration: kept per desk, partial changes keep the rest and the desk id; bad values refused', async () => {
    assert.equal(trackerConfig(desk), undefined);
    const first = await perform(desk, 'configureTracker', { kind: 'redmine', url: 'https://redmine.example/', project: 'acme' }, 'desk1');
    assert.deepEqual(first, { kind: 'redmine', url: 'https://redmine.example', project: 'acme', markup: 'textile', priorities: { trivial: 'Low', minor: 'Low', major: 'Normal', critical: 'High', blocker: 'Urgent' }, resolved: ['Resolved', 'Closed'], deskId: 'desk1' });
    await perform(desk, 'configureTracker', { markup: 'commonmark', priorities: { blocker: 'Immediate' }, resolved: ['Fixed'] }, 'desk2');
    assert.deepEqual(trackerConfig(desk), { ...first, markup: 'commonmark', priorities: { blocker: 'Immediate' }, resolved: ['Fixed'] });
    await refused(perform(desk, 'configureTracker', { url: 'ftp://x' }, 'd'), /http or https/);
    await refused(perform(desk, 'configureTracker', { url: 'https://me:secret@x' }, 'd'), /without a login/);
    await refused(perform(desk, 'configureTracker', { priorities: { huge: 'X' } as never }, 'd'), /huge is not a bug severity/);
    await refused(perform(desk, 'configureTracker', { resolved: [] }, 'd'), /at least one tracker status/);
    await refused(perform(desk, 'configureTracker', { kind: 'jira' as never }, 'd'), /one of: redmine/);
    assert.equal(trackerConfig(desk)!.markup, 'commonmark', 'a refused change leaves the configuration as it was');
  });

  it('a pull before any configuration, or of a bug not handed over, is refused with what to do', async () => {
    await refused(perform(desk, 'applyTrackerState', 'BUG-1', state()), /no tracker is configured for this desk: repro tracker config/);
    await perform(desk, 'configureTracker', { kind: 'redmine', url: 'http://127.0.0.1:1', project: 'acme' }, 'd');
    await refused(perform(desk, 'applyTrackerState', 'BUG-1', state()), /bug BUG-1 is not handed to the tracker/);
  });

  it('linking records the issue on the bug (logged); a second, different issue is refused', async () => {
    await perform(desk, 'configureTracker', { kind: 'redmine', url: 'http://127.0.0.1:1', project: 'acme' }, 'd');
    await perform(desk, 'linkTrackerIssue', 'BUG-1', { key: '#7', url: 'http://127.0.0.1:1/issues/7' });
    await perform(desk, 'linkTrackerIssue', 'BUG-1', { key: '#7', url: 'http://127.0.0.1:1/issues/7' });
    assert.equal(bugView(desk, 'BUG-1').externalKey, '#7');
    assert.equal(desk.all("SELECT 1 AS x FROM change_log WHERE entity = 'bug' AND field = 'external_key'").length, 1);
    await refused(perform(desk, 'linkTrackerIssue', 'BUG-1', { key: '#8', url: 'http://127.0.0.1:1/issues/8' }), /already handed to http:\/\/127\.0\.0\.1:1\/issues\/7/);
  });

  it('a pull: comments become notes by their authors once; a resolved status resolves the bug in the fixed version and its escalated tickets become fix ready', async () => {
    await perform(desk, 'configureTracker', { kind: 'redmine', url: 'http://127.0.0.1:1', project: 'acme' }, 'd');
    await perform(desk, 'linkTrackerIssue', 'BUG-1', { key: '#7', url: 'http://127.0.0.1:1/issues/7' });
    const comments = [
      { id: 11, author: 'Ivan Developer', body: 'Looking into it', at: '2026-12-01T10:00:00.000Z' },
      { id: 12, author: 'Ivan Developer', body: 'Fixed in *2.4*', at: '2026-12-01T11:00:00.000Z' },
    ];
    const first = await perform(desk, 'applyTrackerState', 'BUG-1', state({ status: 'In Progress', assignee: 'Ivan Developer', comments: comments.slice(0, 1) }));
    assert.deepEqual(first, { comments: 1, resolved: false });
    const resolved = await perform(desk, 'applyTrackerState', 'BUG-1', state({ status: 'Resolved', assignee: 'Ivan Developer', fixedVersion: '2.4', comments }));
    assert.deepEqual(resolved, { comments: 1, resolved: true });
    const again = await perform(desk, 'applyTrackerState', 'BUG-1', state({ status: 'Resolved', assignee: 'Ivan Developer', fixedVersion: '2.4', comments }));
    assert.deepEqual(again, { comments: 0, resolved: false });
    const view = bugView(desk, 'BUG-1');
    assert.equal(view.status, 'resolved');
    assert.equal(view.resolution, 'fixed');
    assert.equal(view.fixedIn, '2.4');
    const fromTracker = view.timeline.filter((e) => e.kind === 'note' && e.by === 'Ivan Developer').map((e) => e.text);
    assert.deepEqual(fromTracker, ['Looking into it', 'Fixed in *2.4*']);
    assert.ok(view.timeline.some((e) => e.kind === 'note' && /#7 is Resolved in the tracker, fixed in 2\.4/.test(e.text)));
    const ticket = desk.get<{ status: string; callback_due: string | null }>("SELECT status, callback_due FROM ticket WHERE key = 'SUP-1'")!;
    assert.equal(ticket.status, 'fix-ready');
    assert.ok(ticket.callback_due, 'a callback is due');
    assert.deepEqual({ ...trackerIssue(desk, 'BUG-1'), pushedAt: undefined, pulledAt: undefined }, {
      bugKey: 'BUG-1', key: '#7', url: 'http://127.0.0.1:1/issues/7', status: 'Resolved', assignee: 'Ivan Developer', fixedVersion: '2.4', updatedOn: '2026-12-01T10:00:00Z', lastComment: 12, pushedAt: undefined, pulledAt: undefined,
    });
  });

  it('a resolved status on a bug with no product resolves it without a version', async () => {
    await perform(desk, 'createBug', { title: 'No product' });
    await perform(desk, 'configureTracker', { kind: 'redmine', url: 'http://127.0.0.1:1', project: 'acme' }, 'd');
    await perform(desk, 'linkTrackerIssue', 'BUG-2', { key: '#9', url: 'http://127.0.0.1:1/issues/9' });
    await perform(desk, 'applyTrackerState', 'BUG-2', state({ status: 'closed', fixedVersion: '9.9' }));
    assert.equal(bugView(desk, 'BUG-2').status, 'resolved');
    assert.equal(bugView(desk, 'BUG-2').fixedIn, null);
  });

  it('markers: one word per desk and bug; BUG-3 is not found in the text of BUG-31', () => {
    const marker = issueMarker('abc123', 'BUG-3');
    assert.equal(marker, 'repro-desk:abc123:BUG-3');
    assert.ok(holdsMarker(`x @${marker}@ y`, marker));
    assert.ok(holdsMarker(`${marker}1 and later ${marker}.`, marker));
    assert.ok(!holdsMarker(`${issueMarker('abc123', 'BUG-31')}`, marker));
    assert.ok(!holdsMarker(`${marker}-2`, marker));
  });
});
