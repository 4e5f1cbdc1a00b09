// `npm run bench`: every capability's benchmark, printing its figures (and ratios to baselines measured in the
// same run). Timings live here, never in pass/fail tests.

import { join } from 'node:path';
import { runCoreBenchmark } from './core';
import { runRunnerBenchmark } from './runner';

const ROOT = join(__dirname, '..');
const REPRO = join(ROOT, 'dist', 'repro.js');
const sections: [string, () => string][] = [
  ['Language core', () => runCoreBenchmark(REPRO)],
  ['Runner', () => runRunnerBenchmark(REPRO)],
];

const only = process.argv[2];
for (const [name, run] of sections) {
  if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
  console.log(`== ${name} ==`);
  console.log(run());
  console.log('');
}
