// The CLI as a process, against golden cases: every subcommand, output format and exit status.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXPECTED, parseCase, printCase } from '../helpers/cases';
import { cliEnv, REPRO } from '../helpers/cli';
import { ROOT, UPDATE_GOLDEN } from '../helpers/golden';

const DIR = join(ROOT, 'test', 'golden', 'cli');
const SHARED = join(DIR, 'files');

/**
 * Timings, temporary paths and the clock change from run to run; everything else in the output must not. (A
 * desk stamps what it records with the time: documents made from it are full of today's date.)
 */
function scrub(text: string, work: string): string {
  return text
    .replaceAll(work, '$WORK')
    .replace(/"durationMs": ?\d+/g, '"durationMs": 0')
    .replace(/time="[\d.]+"/g, 'time="0"')
    .replace(/\/[\w/.-]*\/repro-\w+\/work/g, '/tmp/repro-…/work')
    .replace(/\d{4}-\d\d-\d\d(?:[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?: UTC|Z)?)?/g, '<date>')
    .replace(/(ACT|REP|ANL)-\d{4}-/g, '$1-<year>-')
    .replace(/\d+(?:[.,]\d+)? (?:ms|s|мс|с)(?![\p{L}\d])/gu, '<duration>');
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
        // Inputs every case may use (a desk export to start from) are in files/.
        cpSync(SHARED, work, { recursive: true });
        let stdin: string | undefined;
        for (const s of c.sections) {
          if (s.name === 'stdin') stdin = s.content;
          else if (!EXPECTED(s.name)) {
            mkdirSync(dirname(join(work, s.name)), { recursive: true });
            writeFileSync(join(work, s.name), s.content);
          }
        }
        // The desk of a case is its own (never the user's).
        const env = { ...cliEnv(), REPRO_DESK_DB: join(work, 'desk.sqlite'), REPRO_DESK_USER: 'anna' };
        for (const setup of c.setup) {
          const done = spawnSync(process.execPath, [REPRO, ...setup.slice(1)], { cwd: work, env, encoding: 'utf8' });
          assert.equal(done.status, 0, `${file}: set-up ${setup.join(' ')} failed:\n${done.stderr}`);
        }
        const result = spawnSync(process.execPath, [REPRO, ...c.command.slice(1)], { cwd: work, env, input: stdin ?? '', encoding: 'utf8' });
        const actual = (name: string): string => {
          if (name === 'stdout') return scrub(result.stdout, work);
          if (name === 'stderr') return scrub(result.stderr, work);
          if (name === 'exit') return `${result.status}\n`;
          return scrub(readFileSync(join(work, name.slice('after '.length)), 'utf8'), work);
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
