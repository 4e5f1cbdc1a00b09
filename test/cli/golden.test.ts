// The CLI as a process, against golden cases: every subcommand, output format and exit status.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EXPECTED, parseCase, printCase } from '../helpers/cases';
import { ROOT, UPDATE_GOLDEN } from '../helpers/golden';

export const REPRO = join(ROOT, 'dist', 'repro.js');
const DIR = join(ROOT, 'test', 'golden', 'cli');

/** The environment of every CLI test: nothing of the caller's locale or colors. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', NO_COLOR: '1', ...extra };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

describe('cli: golden cases', () => {
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
          if (name === 'stdout') return result.stdout;
          if (name === 'stderr') return result.stderr;
          if (name === 'exit') return `${result.status}\n`;
          return readFileSync(join(work, name.slice('after '.length)), 'utf8');
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
