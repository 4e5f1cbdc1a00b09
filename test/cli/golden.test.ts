// The CLI as a process, against golden cases: every subcommand, output format and exit status.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXPECTED, parseCase, printCase } from '../helpers/cases';
import { cliEnv, REPRO } from '../helpers/cli';
import { ROOT, UPDATE_GOLDEN } from '../helpers/golden';

const DIR = join(ROOT, 'test', 'golden', 'cli');

/** Timings and temporary paths change from run to run; everything else in the output must not. */
function scrub(text: string): string {
  return text
    .replace(/"durationMs": ?\d+/g, '"durationMs": 0')
    .replace(/time="[\d.]+"/g, 'time="0"')
    .replace(/\/[\w/.-]*\/repro-\w+\/work/g, '/tmp/repro-…/work');
}

describe('cli: golden cases', function () {
  this.timeout(30000);
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.case')).sort()) {
    it(file, () => {
      const path = join(DIR, file);
      const c = parseCase(readFileSync(path, 'utf8'));
      assert.equal(c.command[0], 'repro', `${file}: the command must start with repro`);
      const work = mkdtempSync(join(tmpdir(), 'repro-cli-'));
      try {
        let stdin: string | undefined;
        for (const s of c.sections) {
          if (s.name === 'stdin') stdin = s.content;
          else if (!EXPECTED(s.name)) {
            mkdirSync(dirname(join(work, s.name)), { recursive: true });
            writeFileSync(join(work, s.name), s.content);
          }
        }
        const result = spawnSync(process.execPath, [REPRO, ...c.command.slice(1)], { cwd: work, env: cliEnv(), input: stdin ?? '', encoding: 'utf8' });
        const actual = (name: string): string => {
          if (name === 'stdout') return scrub(result.stdout);
          if (name === 'stderr') return scrub(result.stderr);
          if (name === 'exit') return `${result.status}\n`;
          return scrub(readFileSync(join(work, name.slice('after '.length)), 'utf8'));
        };
        const expected = c.sections.filter((s) => EXPECTED(s.name));
        for (const name of ['stdout', 'stderr', 'exit']) if (!expected.some((s) => s.name === name)) c.sections.push({ name, content: '' });
        if (UPDATE_GOLDEN) {
          for (const s of c.sections) if (EXPECTED(s.name)) s.content = actual(s.name);
          writeFileSync(path, printCase(c));
          return;
        }
        for (const s of c.sections.filter((x) => EXPECTED(x.name))) assert.equal(actual(s.name), s.content, `${file}: ${s.name}`);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  }
});
