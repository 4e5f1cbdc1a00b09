// The CLI as a process, for what golden cases cannot hold: a real terminal, invalid bytes, atomic writes.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, REPRO } from '../helpers/cli';

function withWork(run: (work: string) => void): void {
  const work = mkdtempSync(join(tmpdir(), 'repro-cli-'));
  try {
    run(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function repro(work: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [REPRO, ...args], { cwd: work, env: cliEnv(env), encoding: 'utf8' });
}

/** Runs a command under a pseudo-terminal (util-linux `script`), so that stdout is a real TTY. */
function inTerminal(work: string, args: string[], env: NodeJS.ProcessEnv): string {
  const command = [process.execPath, REPRO, ...args].map((a) => `'${a}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: work, env: cliEnv(env), encoding: 'utf8' });
  assert.equal(result.error, undefined, 'util-linux script is needed for terminal tests');
  return result.stdout.replace(/\r\n/g, '\n');
}

describe('cli: on a terminal', () => {
  it('shows the source line with a caret under the range, and a count', () => {
    withWork((work) => {
      writeFileSync(join(work, 'bad.repro'), 'step "Export"\n\trnu acme export\n  sleep 1s\n  bug exit 1\n');
      const out = inTerminal(work, ['check', 'bad.repro'], { NO_COLOR: '1' });
      assert.equal(
        out,
        [
          'bad.repro:2:2: error RS001 unknown command `rnu`; did you mean `run`?',
          ' 2 |  rnu acme export',
          '   |  ^^^',
          'bad.repro:3:3: warning RS101 `sleep` makes the run timing-dependent: wait for a port, a file or output instead',
          ' 3 |   sleep 1s',
          '   |   ^^^^^',
          'errors: 1, warnings: 1; files checked: 1',
          '',
        ].join('\n'),
      );
    });
  });
  it('colors severities unless NO_COLOR is set', () => {
    withWork((work) => {
      writeFileSync(join(work, 'bad.repro'), 'rnu\n');
      const env = { TERM: 'xterm', NO_COLOR: undefined };
      assert.match(inTerminal(work, ['check', 'bad.repro'], env), /\x1b\[31;1merror\x1b\[0m/);
    });
  });
  it('a pipe gets plain lines even from a terminal session', () => {
    withWork((work) => {
      writeFileSync(join(work, 'bad.repro'), 'rnu\n');
      assert.equal(repro(work, ['check', 'bad.repro']).stdout.split('\n').filter(Boolean).length, 2);
    });
  });
});

describe('cli: bytes and files', () => {
  it('check reports invalid UTF-8 at its line and column', () => {
    withWork((work) => {
      writeFileSync(join(work, 'latin1.repro'), Buffer.from('step "s"\n  run echo caf\xe9\n  bug exit 1\n', 'latin1'));
      const result = repro(work, ['check', 'latin1.repro']);
      assert.equal(result.status, 1);
      assert.match(result.stdout, /^latin1\.repro:2:15: error RS002 invalid UTF-8/);
    });
  });
  it('fmt leaves a script with invalid UTF-8 untouched and says why', () => {
    withWork((work) => {
      const bytes = Buffer.from('step "s"\nrun echo caf\xe9\n  bug exit 1\n', 'latin1');
      writeFileSync(join(work, 'latin1.repro'), bytes);
      const result = repro(work, ['fmt', 'latin1.repro']);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^latin1\.repro:2:13: not formatted/);
      assert.deepEqual(readFileSync(join(work, 'latin1.repro')), bytes);
    });
  });
  it('fmt formats the script and copies archive bytes that are not UTF-8 as they are', () => {
    withWork((work) => {
      const archive = Buffer.from('-- data.csv --\nname;city\nZo\xeb;M\xfcnchen  \n', 'latin1');
      writeFileSync(join(work, 's.repro'), Buffer.concat([Buffer.from('\uFEFFstep "s"\nrun cat data.csv\n  bug exit 1\n'), archive]));
      assert.equal(repro(work, ['fmt', 's.repro']).status, 0);
      const expected = Buffer.concat([Buffer.from('\uFEFFstep "s"\n  run cat data.csv\n  bug exit 1\n\n'), archive]);
      assert.deepEqual(readFileSync(join(work, 's.repro')), expected);
    });
  });
  it('fmt rewrites atomically: same permissions, no temporary file left', () => {
    withWork((work) => {
      const path = join(work, 's.repro');
      writeFileSync(path, 'step "s"\nrun acme\n  bug exit 1\n');
      chmodSync(path, 0o640);
      assert.equal(repro(work, ['fmt', 's.repro']).status, 0);
      assert.equal(statSync(path).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(work), ['s.repro']);
    });
  });
  it('an unreadable file is one line on stderr and exit 2', () => {
    // /proc/self/mem is a file that even root cannot read from its start (EIO), so the case is real under CI.
    withWork((work) => {
      const result = repro(work, ['check', '/proc/self/mem']);
      assert.equal(result.status, 2);
      assert.equal(result.stderr, 'repro check: /proc/self/mem: cannot read: EIO\n');
    });
  });
});

describe('cli: language', () => {
  it('LANG=ru_RU.UTF-8 speaks Russian; LC_ALL wins over LANG, as POSIX says', () => {
    withWork((work) => {
      writeFileSync(join(work, 'bad.repro'), 'rnu\n');
      assert.match(repro(work, ['check', 'bad.repro'], { LANG: 'ru_RU.UTF-8' }).stdout, /неизвестная команда `rnu`/);
      assert.match(repro(work, ['check', 'bad.repro'], { LANG: 'ru_RU.UTF-8', LC_ALL: 'C' }).stdout, /unknown command `rnu`/);
      assert.match(repro(work, ['check', '--lang', 'en', 'bad.repro'], { LANG: 'ru_RU.UTF-8' }).stdout, /unknown command `rnu`/);
    });
  });
  it('a usage error is in the chosen language too', () => {
    withWork((work) => {
      const result = repro(work, ['--lang', 'ru', 'check', '--fromat', 'json']);
      assert.equal(result.stderr, 'repro check: неизвестный параметр --fromat; может быть, --format?\n');
      assert.equal(result.status, 2);
    });
  });
});
