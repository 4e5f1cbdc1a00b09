// The runner's speed: 200 × `run /bin/true` as whole processes against bash, cram, bats and shelltestrunner
// running the same 200 commands, side by side in one run; and `--repeat 20` with one job against two.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fixed, table } from './measure';

const COMMANDS = 200;
const ROUNDS = 7;

interface Contender {
  name: string;
  argv: string[];
}

function has(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/** Median wall time of `argv` over the rounds; the contenders take turns, so all see the same machine. */
function race(contenders: readonly Contender[], cwd: string): Map<string, number> {
  const times = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < ROUNDS + 1; round++) {
    for (const c of contenders) {
      const t0 = performance.now();
      const result = spawnSync(c.argv[0], c.argv.slice(1), { cwd, stdio: 'ignore' });
      const ms = performance.now() - t0;
      if (result.status !== 0) throw new Error(`${c.name} failed (${result.status})`);
      if (round > 0) times.get(c.name)!.push(ms); // the first round warms caches
    }
  }
  return new Map([...times].map(([name, list]) => [name, list.sort((a, b) => a - b)[list.length >> 1]]));
}

export function runRunnerBenchmark(repro: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'repro-bench-'));
  try {
    const lines = Array.from({ length: COMMANDS }, () => '/bin/true');
    writeFileSync(join(dir, 'true.repro'), `step "${COMMANDS} programs"\n${lines.map((l) => `  run ${l}`).join('\n')}\n  bug exit 0\n`);
    writeFileSync(join(dir, 'true.sh'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'true.t'), lines.map((l) => `  $ ${l}\n`).join(''));
    writeFileSync(join(dir, 'true.bats'), `@test "${COMMANDS} programs" {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`);
    writeFileSync(join(dir, 'true.test'), lines.map((l) => `${l}\n>>>= 0\n`).join(''));
    const contenders: Contender[] = [
      { name: 'bash', argv: ['bash', 'true.sh'] },
      { name: 'repro run', argv: [process.execPath, repro, 'run', 'true.repro'] },
    ];
    if (has('cram3')) contenders.push({ name: 'cram3', argv: ['cram3', '-q', 'true.t'] });
    if (has('bats')) contenders.push({ name: 'bats', argv: ['bats', 'true.bats'] });
    if (has('shelltest')) contenders.push({ name: 'shelltestrunner', argv: ['shelltest', 'true.test'] });
    contenders.push({ name: 'node -e 0 (start-up alone)', argv: [process.execPath, '-e', '0'] });
    const times = race(contenders, dir);
    const bash = times.get('bash')!;
    const rows: (string | number)[][] = [['', 'ms', 'x bash']];
    for (const [name, ms] of [...times].sort((a, b) => a[1] - b[1])) rows.push([name, fixed(ms, 0), fixed(ms / bash, 2)]);
    const reproMs = times.get('repro run')!;
    const peers = [...times].filter(([name]) => !['bash', 'repro run', 'node -e 0 (start-up alone)'].includes(name));
    const ahead = peers.every(([, ms]) => reproMs < ms);
    const missing = ['cram3', 'bats', 'shelltest'].filter((p) => !has(p));

    // --repeat 20: each run does some work of its own (a shell loop), so that two jobs can share it out.
    writeFileSync(join(dir, 'work.repro'), `step "Work"\n  run sh -c 'i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done'\n  bug exit 0\n`);
    const repeat = race(
      [
        { name: '--jobs 1', argv: [process.execPath, repro, 'run', '--repeat', '20', '--jobs', '1', 'work.repro'] },
        { name: '--jobs 2', argv: [process.execPath, repro, 'run', '--repeat', '20', '--jobs', '2', 'work.repro'] },
      ],
      dir,
    );
    const one = repeat.get('--jobs 1')!;
    const two = repeat.get('--jobs 2')!;
    return [
      `${COMMANDS} x run /bin/true, whole process (median of ${ROUNDS}, taking turns)`,
      table(rows),
      missing.length ? `(not installed: ${missing.join(', ')}; bench/setup.sh installs them from Debian as root)` : '',
      `goal: ahead of every peer: ${ahead ? 'MET' : 'MISSED'}; within 1.5x of bash: ${fixed(reproMs / bash, 2)}x ${reproMs / bash <= 1.5 ? 'MET' : 'MISSED'}`,
      '',
      `--repeat 20 (median of ${ROUNDS}; ${availableParallelism()} cores)`,
      table([
        ['', 'ms'],
        ['--jobs 1', fixed(one, 0)],
        ['--jobs 2', fixed(two, 0)],
      ]),
      `goal: --jobs 2 within 0.6x of --jobs 1: ${fixed(two / one, 2)}x ${two / one <= 0.6 ? 'MET' : 'MISSED'}`,
    ]
      .filter((line) => line !== '')
      .join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
