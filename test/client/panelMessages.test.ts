// The panels' message validator (client/src/desk/panels/messages.ts): every message type is accepted with good
// input and refused with each kind of bad input; edited values are checked against the field's rule and
// normalized as the desk takes them. Plain Node: the validator imports no vscode.

import { strict as assert } from 'node:assert';
import { FIELDS, MESSAGES, normalizeKey, PANEL_KINDS, validateMessage, type PanelKind } from '../../client/src/desk/panels/messages';

/** A good example of each message type, by panel kind. */
const GOOD: Record<PanelKind, Record<string, Record<string, unknown>>> = {
  ticket: {
    ready: { type: 'ready' },
    rendered: { type: 'rendered', version: 3, title: 'SUP-1: Export fails', scripts: 1, images: 0, drafts: { subject: 'New', noteBody: 'typing' } },
    drafts: { type: 'drafts', drafts: { description: 'half typed', linkBugKey: 'BUG-' } },
    edit: { type: 'edit', field: 'subject', value: 'Export fails on empty names' },
    addNote: { type: 'addNote', body: 'Called the customer back', visibility: 'public' },
    runScript: { type: 'runScript', path: 'tickets/SUP-1.repro' },
    openScript: { type: 'openScript', path: 'tickets/SUP-1.repro' },
    showMore: { type: 'showMore' },
    generateReport: { type: 'generateReport' },
    openTicket: { type: 'openTicket', key: 'SUP-2' },
    openBug: { type: 'openBug', key: 'BUG-1' },
    changeStatus: { type: 'changeStatus', status: 'resolved', resolution: 'fixed' },
    linkBug: { type: 'linkBug', key: 'bug-7' },
    unlinkBug: { type: 'unlinkBug', key: 'BUG-7' },
  },
  bug: {
    ready: { type: 'ready' },
    rendered: { type: 'rendered', version: 1, title: 'BUG-1: Crash', scripts: 1, images: 0, drafts: {} },
    drafts: { type: 'drafts', drafts: { title: 'Crash on empty name', fixedIn: '2.4' } },
    edit: { type: 'edit', field: 'severity', value: 'blocker' },
    addNote: { type: 'addNote', body: 'Root cause found', visibility: 'private' },
    runScript: { type: 'runScript', path: 'crash.repro' },
    openScript: { type: 'openScript', path: 'crash.repro' },
    showMore: { type: 'showMore' },
    generateReport: { type: 'generateReport' },
    openTicket: { type: 'openTicket', key: 'SUP-2' },
    openBug: { type: 'openBug', key: 'BUG-1' },
    changeStatus: { type: 'changeStatus', status: 'resolved', resolution: 'fixed', fixedIn: '2.4.1' },
    verifyFix: { type: 'verifyFix' },
    handToTracker: { type: 'handToTracker' },
  },
};

const refused = (kind: PanelKind, raw: unknown, reason: RegExp): void => {
  const result = validateMessage(kind, raw);
  assert.equal(result.ok, false, `${JSON.stringify(raw)} was accepted`);
  if (!result.ok) assert.match(result.reason, reason);
};

describe('panel messages', () => {
  it('the examples cover every message type of each panel', () => {
    for (const kind of PANEL_KINDS) assert.deepEqual(Object.keys(GOOD[kind]).sort(), Object.keys(MESSAGES[kind]).sort(), kind);
  });

  for (const kind of PANEL_KINDS) {
    describe(`of a ${kind} panel`, () => {
      for (const [type, example] of Object.entries(GOOD[kind])) {
        it(`accepts ${type}`, () => {
          const result = validateMessage(kind, example);
          assert.ok(result.ok, result.ok ? '' : result.reason);
          assert.equal(result.message.type, type);
        });

        it(`refuses ${type} with an extra property`, () => refused(kind, { ...example, extra: 1 }, /unexpected property "extra"/));

        for (const property of Object.keys(example).filter((p) => p !== 'type')) {
          const optional = type === 'changeStatus' && property !== 'status';
          if (!optional) it(`refuses ${type} without ${property}`, () => refused(kind, { ...example, [property]: undefined }, new RegExp(`${property} is missing`)));
          it(`refuses ${type} with ${property} of the wrong type`, () => refused(kind, { ...example, [property]: [1] }, new RegExp(property)));
        }
      }
    });
  }

  it('refuses what is not a message', () => {
    for (const raw of [null, undefined, 'ready', 42, [], [{ type: 'ready' }]]) refused('ticket', raw, /must be an object/);
    refused('ticket', {}, /must have a type/);
    refused('ticket', { type: 7 }, /must have a type/);
  });

  it('refuses unknown types, inherited names and types of the other panel', () => {
    refused('ticket', { type: 'deleteEverything' }, /unknown message type "deleteEverything" for a ticket panel/);
    refused('ticket', { type: 'toString' }, /unknown message type/);
    refused('ticket', { type: '__proto__' }, /unknown message type/);
    refused('ticket', { type: 'verifyFix' }, /unknown message type "verifyFix" for a ticket panel/);
    refused('bug', { type: 'linkBug', key: 'BUG-1' }, /unknown message type "linkBug" for a bug panel/);
  });

  it('takes statuses and resolutions only from the vocabulary of the panel kind', () => {
    refused('ticket', { type: 'changeStatus', status: 'verified' }, /status must be one of new, triaged/);
    refused('ticket', { type: 'changeStatus', status: 'resolved', resolution: 'unable-to-reproduce' }, /resolution must be one of/);
    refused('bug', { type: 'changeStatus', status: 'fix-ready' }, /status must be one of unconfirmed/);
    refused('bug', { type: 'changeStatus', status: 'resolved', resolution: 'answered' }, /resolution must be one of fixed, wont-fix/);
    refused('ticket', { type: 'addNote', body: 'x', visibility: 'secret' }, /visibility must be one of public, private/);
  });

  it('refuses empty, overlong and NUL-holding text', () => {
    refused('ticket', { type: 'addNote', body: '', visibility: 'public' }, /body must not be empty/);
    refused('ticket', { type: 'addNote', body: '   ', visibility: 'public' }, /body must not be empty/);
    refused('ticket', { type: 'addNote', body: 'x'.repeat(100_001), visibility: 'public' }, /longer than 100000/);
    refused('ticket', { type: 'runScript', path: '' }, /path must not be empty/);
    refused('ticket', { type: 'runScript', path: 'a\0b.repro' }, /NUL/);
    refused('ticket', { type: 'runScript', path: 'x'.repeat(1001) }, /longer than 1000/);
  });

  it('takes keys in any case and gives them in upper case; refuses what is not a key', () => {
    const result = validateMessage('ticket', { type: 'linkBug', key: ' bug-12 ' });
    assert.deepEqual(result, { ok: true, message: { type: 'linkBug', key: 'BUG-12' } });
    for (const key of ['BUG', 'BUG-0', 'BUG-01', '-12', 'TOOLONGPREFIX-1', 'BUG-1; DROP TABLE bug', '<b>-1']) refused('ticket', { type: 'openBug', key }, /must be a key/);
    assert.equal(normalizeKey('sup-1042'), 'SUP-1042');
    assert.equal(normalizeKey('sup 1042'), undefined);
  });

  it('checks the rendered report: whole numbers, a title, drafts of known fields only', () => {
    const good = GOOD.ticket.rendered;
    refused('ticket', { ...good, version: -1 }, /version must be a whole number/);
    refused('ticket', { ...good, version: 1.5 }, /version must be a whole number/);
    refused('ticket', { ...good, images: '0' }, /images must be a whole number/);
    refused('ticket', { ...good, drafts: { password: 'x' } }, /unknown field password/);
    refused('ticket', JSON.parse('{"type": "drafts", "drafts": {"__proto__": "x"}}'), /unknown field __proto__/);
    refused('ticket', { ...good, drafts: { subject: 5 } }, /drafts.subject must be text/);
    refused('ticket', { ...good, drafts: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`f${i}`, ''])) }, /too many entries/);
    refused('bug', { ...good, drafts: { steps: 'a ticket field' } }, /unknown field steps/);
  });

  describe('edit', () => {
    const edit = (kind: PanelKind, field: string, value: unknown) => validateMessage(kind, { type: 'edit', field, value });
    const accepted = (kind: PanelKind, field: string, value: unknown, expected: string | null): void => {
      const result = edit(kind, field, value);
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.deepEqual(result.message, { type: 'edit', field, value: expected });
    };

    it('accepts a good value for every field of each panel', () => {
      const examples: Record<string, string> = {
        subject: 'Export fails',
        title: 'Crash',
        description: 'line 1\nline 2',
        steps: '1. open',
        expected: 'a report',
        actual: 'exit 3',
        environment: 'Debian 12',
        type: 'incident',
        priority: 'urgent',
        severity: 'critical',
        channel: 'email',
        organization: 'Acme',
        contact: '12',
        product: 'Acme Report',
        component: 'export',
        reportedVersion: '2.3.1',
        assignee: 'anna',
        callbackDue: '2026-03-02T15:30:00.000Z',
        affectedVersions: '2.3, 2.4',
        developer: 'boris',
        reproducibility: 'not-applicable',
        externalKey: 'JIRA-7',
        externalUrl: 'https://tracker.example/JIRA-7',
      };
      for (const kind of PANEL_KINDS) {
        for (const field of Object.keys(FIELDS[kind])) {
          const value = kind === 'bug' && field === 'severity' ? 'blocker' : examples[field];
          assert.ok(value !== undefined, `an example for ${field}`);
          assert.ok(edit(kind, field, value).ok, `${kind}.${field} = ${value}`);
        }
      }
    });

    it('refuses fields the panel does not have, and the status (it has its own message)', () => {
      for (const field of ['status', 'resolution', 'key', 'id', 'created_at', '__proto__', 'constructor']) assert.equal(edit('ticket', field, 'x').ok, false, field);
      assert.equal(edit('bug', 'steps', 'x').ok, false);
      assert.equal(edit('ticket', 'developer', 'boris').ok, false);
    });

    it('refuses a value that is neither text nor null', () => {
      for (const value of [1, true, {}, ['a'], undefined]) assert.equal(edit('ticket', 'subject', value).ok, false, String(value));
    });

    it('takes choices only from the vocabulary', () => {
      assert.match((edit('ticket', 'priority', 'asap') as { reason: string }).reason, /not one of low, normal, high, urgent/);
      assert.equal(edit('ticket', 'severity', 'blocker').ok, false, 'a bug severity is not a ticket severity');
      assert.equal(edit('bug', 'severity', 'blocker').ok, true);
      assert.equal(edit('ticket', 'type', 'Incident').ok, false);
      assert.equal(edit('ticket', 'priority', null).ok, false, 'a priority cannot be cleared');
      accepted('ticket', 'channel', '', null);
      accepted('ticket', 'channel', null, null);
    });

    it('requires a subject and a title; trims single-line text; keeps multi-line text as typed', () => {
      for (const value of ['', '   ', null]) assert.equal(edit('ticket', 'subject', value).ok, false, JSON.stringify(value));
      assert.equal(edit('bug', 'title', ' ').ok, false);
      accepted('ticket', 'subject', '  Export fails  ', 'Export fails');
      accepted('ticket', 'description', '  indented\n', '  indented\n');
      accepted('ticket', 'description', '', '');
      assert.equal(edit('ticket', 'subject', 'x'.repeat(501)).ok, false);
    });

    it('clears optional names with an empty value', () => {
      accepted('ticket', 'organization', '', null);
      accepted('ticket', 'product', '   ', null);
      accepted('ticket', 'assignee', '', null);
      accepted('ticket', 'contact', null, null);
      accepted('ticket', 'callbackDue', '', null);
      assert.equal(edit('bug', 'developer', '').ok, false, 'a developer is assigned, not cleared');
    });

    it('checks logins, contacts, times and web addresses', () => {
      assert.equal(edit('ticket', 'assignee', 'anna smith').ok, false);
      assert.equal(edit('ticket', 'assignee', "anna'--").ok, false);
      assert.equal(edit('ticket', 'contact', 'Anna').ok, false);
      assert.equal(edit('ticket', 'contact', '0').ok, false);
      assert.equal(edit('ticket', 'contact', '-1').ok, false);
      accepted('ticket', 'contact', '42', '42');
      assert.equal(edit('ticket', 'callbackDue', 'tomorrow').ok, false);
      assert.equal(edit('ticket', 'callbackDue', '2026-02-30T10:00').ok, false, 'a time without a zone is ambiguous');
      assert.equal(edit('ticket', 'callbackDue', '2026-13-01T10:00:00Z').ok, false);
      accepted('ticket', 'callbackDue', '2026-03-02T18:30+03:00', '2026-03-02T15:30:00.000Z');
      for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'tracker/7', 'https://', 'https://a b']) assert.equal(edit('bug', 'externalUrl', url).ok, false, url);
      accepted('bug', 'externalUrl', 'https://tracker.example/7', 'https://tracker.example/7');
      accepted('bug', 'externalUrl', '', null);
    });

    it('normalizes a list of versions', () => {
      accepted('bug', 'affectedVersions', ' 2.3, 2.4,,2.3 ', '2.3, 2.4');
      accepted('bug', 'affectedVersions', '', '');
      assert.equal(edit('bug', 'affectedVersions', 'x'.repeat(2001)).ok, false);
    });
  });
});
