// The user guide's "day from the command line" runs as written: the ```sh blocks marked `<!-- cli-day -->` (or
// `<!-- cli-day: exit N -->` for a block whose last command is meant to fail) are run in order, each by bash -e,
// as real processes in an empty folder with `repro` (dist/repro.js) on PATH and a desk of their own; then the desk
// holds what the guide says the day did. Both guides, English and Russian, are run.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, REPRO } from './helpers/cli';
import { ROOT } from './helpers/golden';

interface Block {
  script: string;
  exit: number;
}

/** The marked shell blocks of a guide, in order. */
export function cliDayBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^<!-- cli-day(?:: exit (\d+))? -->\n```sh\n([\s\S]*?)^```$/gm)].map((m) => ({ script: m[2], exit: Number(m[1] ?? 0) }));
}

type Row = Record<string, unknown>;

for (const guide of ['docs/user-guide.md', 'docs/user-guide.ru.md']) {
  describe(`${guide}: the day from the command line`, function () {
    this.timeout(120000);
    let work: string;
    before(() => {
      work = mkdtempSync(join(tmpdir(), 'repro-cli-day-'));
      mkdirSync(join(work, 'tools'));
      writeFileSync(join(work, 'tools', 'repro'), `#!/bin/sh\nexec '${process.execPath}' '${REPRO}' "$@"\n`);
      chmodSync(join(work, 'tools', 'repro'), 0o755);
    });
    after(() => rmSync(work, { recursive: true, force: true }));
    const env = (): NodeJS.ProcessEnv =>
      cliEnv({ REPRO_DESK_DB: join(work, 'desk.sqlite'), REPRO_DESK_USER: 'anna', PATH: `${join(work, 'bin')}:${join(work, 'tools')}:${process.env.PATH}` });

    it('every command does what the guide says, in order', () => {
      const blocks = cliDayBlocks(readFileSync(join(ROOT, guide), 'utf8'));
      assert.ok(blocks.length >= 8, `${guide} has ${blocks.length} cli-day blocks`);
      for (const block of blocks) {
        const done = spawnSync('bash', ['-e', '-c', block.script], { cwd: work, env: env(), encoding: 'utf8' });
        assert.equal(done.status, block.exit, `${guide}: this block exited ${done.status}, not ${block.exit}:\n${block.script}\n--- stdout\n${done.stdout}\n--- stderr\n${done.stderr}`);
      }
    });

    it('leaves the desk as the guide says: the ticket closed, the bug verified, the runs, calls and act recorded', () => {
      const exported = spawnSync(process.execPath, [REPRO, 'desk', 'export'], { cwd: work, env: env(), encoding: 'utf8' });
      assert.equal(exported.status, 0, exported.stderr);
      const desk = JSON.parse(exported.stdout) as Record<string, Row[]>;
      const [ticket] = desk.tickets;
      assert.equal(desk.tickets.length, 1);
      assert.deepEqual([ticket.key, ticket.status, ticket.resolution, ticket.priority], ['SUP-1', 'closed', 'fixed', 'high']);
      const organization = desk.organizations.find((o) => o.id === ticket.organization_id);
      assert.ok(organization && desk.contacts.some((c) => c.id === ticket.contact_id), 'the ticket has the caller and the organization of the call');
      const [bug] = desk.bugs;
      const developer = desk.staff.find((s) => s.id === bug.developer_id);
      assert.deepEqual([bug.key, bug.status, bug.resolution, developer?.login], ['BUG-1', 'verified', 'fixed', 'ivan']);
      assert.deepEqual(desk.ticketBugs.map((l) => [l.ticket_id, l.bug_id, l.link_type]), [[ticket.id, bug.id, 'caused-by']]);
      assert.deepEqual(
        desk.runs.map((r) => [r.outcome, r.reproduced_runs, r.conclusive_runs, r.expected]),
        [
          ['reproduced', 5, 5, null],
          ['not-reproduced', 0, 1, 'not-reproduced'],
        ],
        'the recorded run, then the verification',
      );
      assert.deepEqual(desk.calls.map((c) => `${c.direction} ${c.purpose} ${c.ticket_id}`), ['in report 1', 'out reproduction 1', 'out fix-confirmation 1']);
      assert.ok(desk.notes.some((n) => n.kind === 'comment' && n.visibility === 'private' && n.ticket_id === ticket.id), 'the private note');
      const acts = desk.documents.filter((d) => d.kind === 'closing-act');
      assert.deepEqual(acts.map((d) => d.status), ['issued'], 'one act: the second was refused');
      for (const file of ['act.md', 'SUP-1-report.md', 'analysis.md', 'SUP-1.repro']) assert.ok(existsSync(join(work, file)), file);
      assert.match(readFileSync(join(work, 'act.md'), 'utf8'), new RegExp(String(acts[0].number)));
    });
  });
}
