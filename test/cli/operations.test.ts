// Every operation of the desk is a `repro` subcommand: each OPERATIONS entry has an input description and a
// verb made from it (or names the command that performs it), each verb's help and checks come from the
// description, and a day of work run verb by verb, as processes against a temporary desk, does what the
// workflows say.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPERATION_VERBS } from '../../cli/commands/operations';
import type { CliContext } from '../../cli/context';
import { main, SUBCOMMANDS } from '../../cli/main';
import { isGenerated, OPERATION_INPUTS } from '../../shared/desk/operationInputs';
import { OPERATIONS, type OperationName } from '../../shared/desk/operations';
import { cliEnv, REPRO } from '../helpers/cli';

async function inProcess(argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    cwd: tmpdir(),
    env: { REPRO_DESK_DB: join(tmpdir(), 'repro-no-such-desk', 'desk.sqlite') },
    stdout: (text) => void (stdout += String(text)),
    stderr: (text) => void (stderr += text),
    stdoutIsTTY: false,
    color: false,
    signal: new AbortController().signal,
  };
  const status = await main(argv, ctx);
  return { status, stdout, stderr };
}

describe('cli: the desk\'s operations as subcommands', () => {
  it('every operation has an input description, and a verb made from it or a command that performs it', () => {
    for (const name of Object.keys(OPERATIONS) as OperationName[]) {
      const description = OPERATION_INPUTS[name];
      assert.ok(description, `${name} has no input description`);
      if (isGenerated(description)) {
        const noun = SUBCOMMANDS.find((s) => s.name === description.noun);
        assert.ok(noun?.verbs?.some((v) => v.name === description.verb), `${name}: repro ${description.noun} ${description.verb} is not a subcommand`);
        assert.equal(OPERATION_VERBS.filter((v) => v.operation === name).length, 1, name);
      } else {
        const command = SUBCOMMANDS.find((s) => s.name === description.handledBy.command);
        assert.ok(command, `${name}: repro ${description.handledBy.command} is not a subcommand`);
        if (description.handledBy.option) assert.ok(command.options.some((o) => o.name === description.handledBy.option), `${name}: ${description.handledBy.option}`);
        if (description.handledBy.verb) assert.ok(command.verbs?.some((v) => v.name === description.handledBy.verb), `${name}: ${description.handledBy.verb}`);
      }
    }
    const words = OPERATION_VERBS.map((v) => `${v.noun} ${v.verb.name}`);
    assert.equal(new Set(words).size, words.length, 'one operation per noun and verb');
  });

  it('a field goes to an argument the operation takes, and positionals come in order', () => {
    for (const { operation } of OPERATION_VERBS) {
      const description = OPERATION_INPUTS[operation];
      if (!isGenerated(description)) continue;
      // `length` counts the transaction and the parameters before the first default: the arguments are
      // 0 … length - 2, and one more that has a default.
      const length = (OPERATIONS[operation] as (...a: unknown[]) => unknown).length;
      for (const field of description.fields) assert.ok(field.to[0] <= length - 1, `${operation} ${field.name} goes to argument ${field.to[0]}`);
      const positionals = description.fields.filter((f) => f.positional);
      assert.deepEqual(positionals.filter((f) => f.required), positionals.slice(0, positionals.filter((f) => f.required).length), `${operation}: optional operands come last`);
      for (const field of description.fields) if (field.choices) assert.ok(field.kind === 'enum', `${operation} ${field.name}: choices need the enum kind`);
    }
  });

  it('each verb\'s help lists its operands and options from the description', async () => {
    for (const { operation, noun, verb } of OPERATION_VERBS) {
      const description = OPERATION_INPUTS[operation];
      if (!isGenerated(description)) continue;
      const { status, stdout } = await inProcess([noun, verb.name, '--help']);
      assert.equal(status, 0, `${noun} ${verb.name} --help`);
      for (const field of description.fields) assert.ok(stdout.includes(field.positional ? field.name.toUpperCase() : `--${field.name}`), `${noun} ${verb.name}: ${field.name}`);
    }
    const { stdout } = await inProcess(['--help']);
    for (const noun of new Set(OPERATION_VERBS.map((v) => v.noun))) assert.match(stdout, new RegExp(`^  ${noun} `, 'm'));
  });

  it('a required field that is missing is one line naming it, exit 2, before any desk is opened', async () => {
    for (const { operation, noun, verb } of OPERATION_VERBS) {
      const description = OPERATION_INPUTS[operation];
      if (!isGenerated(description)) continue;
      const first = description.fields.find((f) => f.required);
      if (!first) continue;
      const { status, stderr } = await inProcess([noun, verb.name]);
      assert.equal(status, 2, `${noun} ${verb.name}`);
      assert.equal(stderr.split('\n').length, 2, stderr);
      assert.ok(stderr.includes(first.positional ? first.name.toUpperCase() : `--${first.name}`), stderr);
    }
  });

  describe('a day of work, verb by verb, as processes', function () {
    this.timeout(60000);
    let work: string;
    const env = (): NodeJS.ProcessEnv => cliEnv({ REPRO_DESK_DB: join(work, 'desk.sqlite'), REPRO_DESK_USER: 'anna' });
    const repro = (...args: string[]) => spawnSync(process.execPath, [REPRO, ...args], { cwd: work, env: env(), encoding: 'utf8' });
    const ok = (...args: string[]): string => {
      const done = repro(...args);
      assert.equal(done.status, 0, `repro ${args.join(' ')}:\n${done.stderr}`);
      assert.equal(done.stderr, '', `repro ${args.join(' ')}`);
      return done.stdout;
    };
    before(() => {
      work = mkdtempSync(join(tmpdir(), 'repro-ops-'));
      writeFileSync(join(work, 'crash.repro'), '# Export crashes\nticket SUP-1\n\nstep "Export"\n  run sh -c \'exit 3\'\n  bug exit 3\n');
    });
    after(() => rmSync(work, { recursive: true, force: true }));

    it('performs every generated operation, and the desk holds what each did', () => {
      ok('desk', 'init');
      const steps: [OperationName, string[]][] = [
        ['addStaff', ['staff', 'add', 'anna', '--name', 'Анна Петрова', '--role', 'specialist']],
        ['addStaff', ['staff', 'add', 'ivan', '--name', 'Ivan Sidorov', '--role', 'developer']],
        ['addOrganization', ['org', 'add', 'ООО «Ромашка»', '--phone', '+7 495 000-00-00']],
        ['addContact', ['contact', 'add', 'Зоя Мюллер', '--org', 'ООО «Ромашка»', '--phone', '+7 495 000-00-01']],
        ['addProduct', ['product', 'add', 'Acme Report', '--component', 'export', '--version', '2.9', '--version', '2.10']],
        ['releaseVersion', ['product', 'release', 'Acme Report', '2.9', '--date', '2026-01-10']],
        ['registerCall', ['call', 'register', '--direction', 'in', '--contact-id', '1', '--summary', 'Экспорт падает', '--outcome', 'reached']],
        ['createTicket', ['ticket', 'create', '--call', '1', '--subject', 'Экспорт отчёта падает', '--product', 'Acme Report', '--version', '2.9', '--priority', 'high']],
        ['updateTicket', ['ticket', 'update', 'sup-1', '--environment', 'Debian 12', '--severity', 'critical']],
        ['assignTicket', ['ticket', 'assign', 'SUP-1', 'anna']],
        ['setCallback', ['ticket', 'callback', 'SUP-1', '--due', '2026-12-08T10:00Z']],
        ['changeTicketStatus', ['ticket', 'status', 'SUP-1', 'triaged']],
        ['addNote', ['note', 'add', 'SUP-1', '--body', 'Воспроизведено', '--private']],
        ['linkScript', ['script', 'link', 'crash.repro', '--ticket', 'SUP-1']],
        ['createBug', ['bug', 'create', '--title', 'Crash on export', '--product', 'Acme Report', '--affects', '2.9', '--ticket', 'SUP-1']],
        ['unlinkTicketFromBug', ['bug', 'unlink', 'SUP-1', 'BUG-1']],
        ['linkTicketToBug', ['bug', 'link', 'SUP-1', 'BUG-1']],
        ['updateBug', ['bug', 'update', 'BUG-1', '--severity', 'critical', '--external-key', 'DEV-7']],
        ['setAffectedVersions', ['bug', 'versions', 'BUG-1', '--product', 'Acme Report', '--version', '2.9', '--version', '2.10']],
        ['assignDeveloper', ['bug', 'assign', 'BUG-1', 'ivan']],
        ['setReproducibility', ['bug', 'reproducibility', 'BUG-1', 'always']],
        ['changeBugStatus', ['bug', 'status', 'BUG-1', 'resolved', '--resolution', 'fixed', '--fixed-in', '2.10', '--due', '2026-12-09']],
      ];
      for (const [, args] of steps) ok(...args);
      const generated = OPERATION_VERBS.map((v) => v.operation).sort();
      assert.deepEqual([...new Set(steps.map(([name]) => name))].sort(), generated, 'the day covers every generated operation');

      const ticket = JSON.parse(ok('ticket', 'show', 'SUP-1', '--json'));
      assert.equal(ticket.status, 'fix-ready', 'the fix moved the escalated ticket');
      assert.equal(ticket.assignee, 'anna');
      assert.equal(ticket.environment, 'Debian 12');
      assert.equal(ticket.severity, 'critical');
      assert.equal(ticket.organization, 'ООО «Ромашка»');
      assert.equal(ticket.contact, 'Зоя Мюллер');
      assert.equal(ticket.version, '2.9');
      assert.equal(ticket.callbackDue, '2026-12-09T00:00:00.000Z');
      assert.deepEqual(ticket.bugs.map((b: { key: string; linkType: string }) => `${b.key} ${b.linkType}`), ['BUG-1 caused-by']);
      assert.deepEqual(ticket.scripts.map((s: { path: string }) => s.path), ['crash.repro']);
      assert.ok(ticket.timeline.some((e: { kind: string; what: string; text: string }) => e.kind === 'note' && e.what === 'comment private' && e.text === 'Воспроизведено'));
      const bug = JSON.parse(ok('bug', 'show', 'BUG-1', '--json'));
      assert.deepEqual([bug.status, bug.resolution, bug.fixedIn, bug.developer, bug.severity, bug.externalKey, bug.reproducibility], ['resolved', 'fixed', '2.10', 'ivan', 'critical', 'DEV-7', 'always']);
      assert.deepEqual(bug.affectedVersions, ['2.9', '2.10']);
      const calls = JSON.parse(ok('call', 'list', '--json'));
      assert.deepEqual(calls.callbacks.map((c: { key: string }) => c.key), ['SUP-1']);
      const exported = JSON.parse(ok('desk', 'export'));
      assert.deepEqual(exported.versions.map((v: { name: string; released: number }) => `${v.name}:${v.released}`), ['2.9:1', '2.10:0']);
      assert.deepEqual(exported.staff.map((s: { login: string; role: string }) => `${s.login}:${s.role}`), ['anna:specialist', 'ivan:developer']);
      assert.deepEqual(exported.components.map((c: { name: string }) => c.name), ['export']);
    });

    it('--json prints the operation\'s result', () => {
      const call = JSON.parse(ok('call', 'register', '--direction', 'out', '--ticket', 'SUP-1', '--summary', 'Fix confirmed', '--outcome', 'reached', '--json'));
      assert.deepEqual(Object.keys(call).sort(), ['callId', 'ticketKey']);
      assert.equal(call.ticketKey, 'SUP-1');
      assert.equal(JSON.parse(ok('ticket', 'status', 'SUP-1', 'resolved', '--resolution', 'fixed', '--json')), null);
    });

    it('a workflow refusal is one line and exit 2, and changes nothing', () => {
      const before = ok('desk', 'export');
      const refused = repro('ticket', 'status', 'SUP-1', 'escalated');
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /^repro ticket status: ticket SUP-1 cannot go from resolved to escalated\n$/);
      assert.equal(ok('desk', 'export').replace(/"exportedAt": "[^"]*"/, ''), before.replace(/"exportedAt": "[^"]*"/, ''));
    });

    it('a closing act: refused a second time, issued again only to supersede the first', () => {
      const first = /ACT-\d{4}-\d{4}/.exec(ok('act', 'SUP-1'))![0];
      const again = repro('act', 'SUP-1');
      assert.equal(again.status, 2);
      assert.match(again.stderr, new RegExp(`already in closing act ${first}: a correction supersedes it \\(--supersedes ${first}\\)`));
      const second = /ACT-\d{4}-\d{4}/.exec(ok('act', 'SUP-1', '--supersedes', first))![0];
      assert.notEqual(second, first);
      const documents = JSON.parse(ok('ticket', 'show', 'SUP-1', '--json')).documents.map((d: { number: string; status: string }) => `${d.number} ${d.status}`);
      assert.deepEqual(documents, [`${second} issued`, `${first} void`]);
    });
  });
});
