// The language core's speed: parse+check and format of generated scripts of 1k, 10k and 100k lines, against
// merely splitting the same text into lines, and `repro check` of a small file against `node -e 0`.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validate, validateText } from '../shared/core/check';
import { formatText } from '../shared/core/format';
import { parse } from '../shared/core/parse';
import { fixed, measure, table } from './measure';

/** A step of a realistic script: runs, checks with regexes, captures, comments, quoting, a continuation. */
function step(i: number): string[] {
  return [
    `step "Reproduce case ${i}: export with a non-ASCII customer name"`,
    `  # the customer reported this on call ${i}`,
    `  run acme customer add --db data.db "Zoë Müller ${i}" --tag 'vip ${i}'`,
    `  capture ID${i} stdout /id: (\\d+)/`,
    `  run acme report export --db data.db --customer \${ID${i}} \\`,
    `      --format pdf --config report.toml`,
    `  expect stdout contains "exported"`,
    `  bug stderr ~ /UnicodeEncodeError: 'ascii' codec #\\d+/i`,
    `  bug exit != 0`,
    '',
  ];
}

export function generateScript(lines: number): string {
  const out = ['# Export crashes when the customer name is not ASCII', 'ticket  SUP-1042', 'requires acme >=2.3 <3', 'timeout 30s', 'seed    7', 'mask    /\\d{4}-\\d\\d-\\d\\d/ "<date>"', ''];
  for (let i = 1; out.length < lines - 3; i++) out.push(...step(i));
  out.length = lines - 3;
  out.push('-- report.toml --', '[report]', 'period = "2026-10"');
  return out.join('\n') + '\n';
}

export function runCoreBenchmark(repro: string): string {
  const rows: (string | number)[][] = [
    ['lines', 'MB', 'split ms', 'check ms', 'check MB/s', 'check/split', 'fmt ms', 'fmt MB/s', 'fmt/split', 'tree ms', 'tree/split'],
  ];
  const checkMs: Record<number, number> = {};
  for (const lines of [1_000, 10_000, 100_000]) {
    const text = generateScript(lines);
    const mb = Buffer.byteLength(text) / 1e6;
    const split = measure(() => text.split(/\r?\n/)).medianMs;
    // What `repro check` and `repro fmt` do: one pass, no tree kept.
    const check = measure(() => validateText(text)).medianMs;
    const fmt = measure(() => formatText(text)).medianMs;
    // The whole tree, as the language server keeps it for hover and completion.
    const tree = measure(() => validate(parse(text))).medianMs;
    checkMs[lines] = check;
    rows.push([lines, fixed(mb), fixed(split, 3), fixed(check), fixed(mb / (check / 1000), 1), fixed(check / split, 1), fixed(fmt), fixed(mb / (fmt / 1000), 1), fixed(fmt / split, 1), fixed(tree), fixed(tree / split, 1)]);
  }
  const linear = checkMs[100_000] / checkMs[10_000];
  const out = [
    'Parse+check and format (median of repeated runs, in this process)',
    table(rows),
    '',
    `goal: 10k lines checked in <= 20 ms: ${fixed(checkMs[10_000])} ms ${checkMs[10_000] <= 20 ? 'MET' : 'MISSED'}`,
    `goal: 100k lines within 12x the 10k time: ${fixed(linear, 1)}x ${linear <= 12 ? 'MET' : 'MISSED'}`,
    '',
    cliStartup(repro),
  ];
  return out.join('\n');
}

/** Whole-process `repro check small.repro` against `node -e 0`, interleaved so that both see the same machine. */
function cliStartup(repro: string): string {
  const work = mkdtempSync(join(tmpdir(), 'repro-bench-'));
  try {
    const file = join(work, 'small.repro');
    writeFileSync(file, generateScript(40));
    const time = (args: string[]): number => {
      const t0 = performance.now();
      const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
      if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
      return performance.now() - t0;
    };
    const node: number[] = [];
    const check: number[] = [];
    for (let i = 0; i < 3; i++) (time(['-e', '0']), time([repro, 'check', file]));
    for (let i = 0; i < 40; i++) {
      node.push(time(['-e', '0']));
      check.push(time([repro, 'check', file]));
    }
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1];
    const ratio = median(check) / median(node);
    return [
      'Whole process (median of 40, interleaved)',
      table([
        ['command', 'ms'],
        ['node -e 0', fixed(median(node), 1)],
        ['repro check small.repro (40 lines)', fixed(median(check), 1)],
      ]),
      `goal: repro check within 1.5x of node -e 0: ${fixed(ratio)}x ${ratio <= 1.5 ? 'MET' : 'MISSED'}`,
    ].join('\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
