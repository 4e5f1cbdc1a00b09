// The hermetic sandbox of spec §5, tested with real processes: environment, process trees, memory, paths,
// clean-up, normalization.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_VARIABLES } from '../../shared/core/commands';
import { ROOT } from '../helpers/golden';
import { processesWith } from '../helpers/processes';
import { runText, script } from '../helpers/runner';

describe('sandbox: environment', function () {
  this.timeout(30000);
  it('rebuilds the environment: nothing of the caller gets in, secrets included', async () => {
    process.env.REPRO_TEST_SECRET = 'hunter2';
    try {
      const { details } = await runText(script('run env\nbug exit 0'));
      const names = details[0].steps[0].commands[0].stdout!.trim().split('\n').map((l) => l.split('=')[0]).sort();
      assert.deepEqual(names, ['HOME', 'LANG', 'LC_ALL', 'NO_COLOR', 'PATH', 'REPRO_SEED', 'SOURCE_DATE_EPOCH', 'TERM', 'TMPDIR', 'TZ', 'WORK']);
      // The checker (and hover) know the same list: a script may use exactly these without defining them.
      assert.deepEqual([...SANDBOX_VARIABLES].sort(), names);
      assert.doesNotMatch(JSON.stringify(details), /hunter2/);
    } finally {
      delete process.env.REPRO_TEST_SECRET;
    }
  });
  it('--env is the one way in, on purpose', async () => {
    const { result } = await runText(script("run sh -c 'echo $TOKEN'\nbug stdout == abc"), { env: { TOKEN: 'abc' } });
    assert.equal(result.outcome, 'reproduced', result.reason);
  });
  it('HOME and TMPDIR are inside WORK, and WORK is where programs start', async () => {
    const { result } = await runText(script("run sh -c 'echo $HOME $TMPDIR; pwd'\nbug stdout == \"$WORK/.home $WORK/.tmp\\n$WORK\""));
    assert.equal(result.outcome, 'reproduced', result.reason);
  });
});

describe('sandbox: process trees', function () {
  this.timeout(30000);
  it('a timeout ends the whole tree: children, a grandchild that ignores TERM, and a daemon that left the group', async () => {
    const marker = `probe-${process.pid}-${Date.now()}`;
    const body = [
      // A grandchild that ignores TERM, a daemon in its own session, and a parent that waits forever.
      `run --timeout 300ms sh -c 'sh -c "trap \\"\\" TERM; while :; do sleep 1; done" & setsid sh -c "trap \\"\\" TERM; sleep 600" & wait'`,
      'bug exit timeout',
    ].join('\n');
    const { result } = await runText(script(body), { env: { MARKER: marker } });
    assert.equal(result.outcome, 'reproduced', result.reason);
    assert.deepEqual(processesWith('MARKER', marker), []);
  });
  it('background processes end with the run, their children too', async () => {
    const marker = `probe-bg-${process.pid}-${Date.now()}`;
    const { result } = await runText(script(`run --bg server sh -c 'sleep 600 & sleep 600'\nrun true\nbug exit 0`), { env: { MARKER: marker } });
    assert.equal(result.outcome, 'reproduced', result.reason);
    assert.deepEqual(processesWith('MARKER', marker), []);
  });
  it('a program that writes 1 GiB leaves the runner\'s memory bounded', function () {
    this.timeout(120000);
    // The runner in a process of its own, so that its peak memory is its own.
    const probe = `
      const { prepareScript } = require(${JSON.stringify(join(ROOT, 'out/shared/runner/prepare.js'))});
      const { runScript } = require(${JSON.stringify(join(ROOT, 'out/shared/runner/repeat.js'))});
      const text = 'step "big"\\n  run --timeout 60s sh -c "head -c 1073741824 /dev/zero"\\n  bug stdout !empty\\n';
      runScript(prepareScript('big.repro', Buffer.from(text)), { path: process.env.PATH }).then(({ result, details }) => {
        console.log(JSON.stringify({ outcome: result.outcome, reason: result.reason, kept: details[0].steps[0].commands[0].stdout.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
      });`;
    const child = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    const report = JSON.parse(child.stdout);
    assert.equal(report.outcome, 'reproduced', report.reason);
    assert.ok(report.kept < 1.1 * 1024 * 1024, `kept ${report.kept} characters of output`);
    assert.ok(report.maxRssMb < 250, `peak memory ${report.maxRssMb} MB`);
  });
});

describe('sandbox: paths stay inside WORK', function () {
  this.timeout(30000);
  const refused = async (body: string): Promise<string> => {
    const { result } = await runText(script(`run ln -s / outside\n${body}\nbug exit 0`));
    assert.equal(result.outcome, 'inconclusive', result.reason);
    return result.reason;
  };
  it('cd through a symlink that leads out', async () => assert.match(await refused('cd outside/etc'), /^line 3: outside\/etc leads out of WORK$/));
  it('file PATH through a symlink', async () => assert.match(await refused('run true\nbug file outside/etc/hostname exists'), /leads out of WORK/));
  it('--stdin through an archive file replaced by a symlink', async () => {
    const text = script("run sh -c 'rm in.txt; ln -s /etc/hostname in.txt'\nrun --stdin in.txt cat\nbug exit 0") + '\n-- in.txt --\nx\n';
    const { result } = await runText(text);
    assert.equal(result.outcome, 'inconclusive', result.reason);
    assert.match(result.reason, /^line 3: in\.txt leads out of WORK$/);
  });
  it('wait file through a symlink', async () => assert.match(await refused('wait file outside/tmp/x'), /leads out of WORK/));
  it('an archive or cd that points out is refused before anything runs', async () => {
    for (const text of [script('run true\nbug exit 0') + '\n-- ../escape.txt --\nx\n', script('cd /etc\nrun true\nbug exit 0')]) {
      const { result } = await runText(text);
      assert.equal(result.outcome, 'error');
      assert.match(result.reason, /RS008/);
    }
  });
});

describe('sandbox: WORK', function () {
  this.timeout(30000);
  it('is removed after the run, and kept with keepWork', async () => {
    const probe = mkdtempSync(join(tmpdir(), 'repro-probe-'));
    try {
      const text = script(`run sh -c 'echo "$WORK" > ${probe}/work; echo x > file.txt'\nbug exit 0`) + '\n-- a/b.txt --\narchive\n';
      await runText(text);
      const work = readFileSync(join(probe, 'work'), 'utf8').trim();
      assert.equal(existsSync(work), false, `${work} is still there`);
      const { details } = await runText(text, { keepWork: true });
      assert.equal(readFileSync(join(details[0].work!, 'a', 'b.txt'), 'utf8'), 'archive\n');
      rmSync(join(details[0].work!, '..'), { recursive: true, force: true });
    } finally {
      rmSync(probe, { recursive: true, force: true });
    }
  });
});

describe('sandbox: output normalization, in order', function () {
  this.timeout(30000);
  const stdout = async (body: string, header = ''): Promise<string> => {
    const { details } = await runText(script(`${body}\nbug exit 0`, header));
    return details[0].steps[0].commands[details[0].steps[0].commands.length - 1].stdout!;
  };
  it('decodes UTF-8, bad bytes becoming U+FFFD', async () => assert.equal(await stdout("run printf 'a\\377b'"), 'a\uFFFDb'));
  it('turns CRLF into LF', async () => assert.equal(await stdout("run printf 'a\\r\\nb\\r\\n'"), 'a\nb\n'));
  it('strips ANSI escapes', async () => assert.equal(await stdout("run printf '\\033[31mred\\033[0m \\033]0;title\\007ok'"), 'red ok'));
  it('writes the real WORK path as $WORK', async () => assert.equal(await stdout('run pwd'), '$WORK\n'));
  it('writes each port value as ${NAME}, as a whole number only', async () => {
    const out = await stdout('port P\nrun echo ${P} :${P}/ 1${P}');
    assert.match(out, /^\$\{P\} :\$\{P\}\/ 1\d+\n$/);
  });
  it('applies mask rules in order, from where they stand, with $ groups', async () => {
    const out = await stdout("run echo 2026-11-25 12:00\nmask /(\\d{4})-\\d\\d-\\d\\d/ \"$1-MM-DD\"\nmask /\\d{4}-MM/ \"YEAR-MM\"\nrun echo 2026-11-25 12:00");
    assert.equal(out, 'YEAR-MM-DD 12:00\n');
  });
  it('keeps 1 MiB of a stream: the head and the tail, with a marker', async () => {
    const out = await stdout("run sh -c 'printf head; head -c 3000000 /dev/zero | tr \"\\\\0\" x; printf tail'");
    const marker = '\n[… 1951432 bytes omitted …]\n';
    assert.ok(out.startsWith('headxxx') && out.endsWith('xxxtail'), 'head and tail kept');
    assert.ok(out.includes(marker), `the marker ${JSON.stringify(marker)} is there`);
    assert.equal(out.length, 1024 * 1024 + marker.length);
  });
});
