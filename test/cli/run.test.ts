// `repro run` as a process: Ctrl-C, and the example scripts of examples/ against real programs.

import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../helpers/golden';
import { processesWith } from '../helpers/processes';
import { cliEnv, REPRO } from '../helpers/cli';

describe('cli: repro run, interrupted', function () {
  this.timeout(30000);
  it('Ctrl-C ends every program the run started and removes WORK', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'repro-cancel-'));
    const marker = `cancel-${process.pid}-${Date.now()}`;
    try {
      writeFileSync(
        join(dir, 'long.repro'),
        [
          'step "Long"',
          `  run sh -c 'echo "$WORK" > ${dir}/work'`,
          "  run --bg server sh -c 'sleep 600'",
          "  run --timeout 60s sh -c 'sleep 600 & sleep 600'",
          '  bug exit 0',
          '',
        ].join('\n'),
      );
      const child = spawn(process.execPath, [REPRO, 'run', '--events', '--env', `MARKER=${marker}`, 'long.repro'], { cwd: dir, env: cliEnv() });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Interrupt as soon as the long program has started: the event says when.
      for await (const line of createInterface({ input: child.stdout })) {
        const event = JSON.parse(line);
        if (event.event === 'command-started' && event.line === 4) {
          child.kill('SIGINT');
          break;
        }
      }
      assert.equal(await exited, 130);
      assert.deepEqual(processesWith('MARKER', marker), []);
      assert.equal(existsSync(readFileSync(join(dir, 'work'), 'utf8').trim()), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('examples: real defects in real programs', function () {
  this.timeout(60000);
  const run = (args: string[]) => spawnSync(process.execPath, [REPRO, 'run', '--json', ...args], { cwd: join(ROOT, 'examples'), env: cliEnv(), encoding: 'utf8' });
  const outcome = (args: string[]) => {
    const result = run(args);
    assert.equal(result.stderr, '');
    return JSON.parse(result.stdout).scripts[0];
  };
  it('mawk counts bytes, not letters', () => assert.equal(outcome(['mawk-utf8-length.repro']).outcome, 'reproduced'));
  it('jq before 1.7 rounds big integers (inconclusive where jq is newer: `requires jq <1.7`)', () => {
    const version = spawnSync('jq', ['--version'], { encoding: 'utf8' }).stdout;
    const expected = /jq-1\.[0-6]\b/.test(version) ? 'reproduced' : 'inconclusive';
    assert.equal(outcome(['jq-big-integers.repro']).outcome, expected, version);
  });
  it('a local HTTP service started with --bg and checked with http', () => assert.equal(outcome(['http-content-type.repro']).outcome, 'reproduced'));
  it('an intermittent failure is intermittent over 20 runs, diverging at the flaky line', () => {
    const result = outcome(['--repeat', '20', 'intermittent-exit.repro']);
    assert.equal(result.reproducibility, 'intermittent');
    assert.equal(result.fingerprints, 2);
    assert.equal(result.divergesAt, 6);
  });
});
