// `npm run bench`: every capability's benchmark, printing its figures (and ratios to baselines measured in the
// same run). Timings live here, never in pass/fail tests.

import { join } from 'node:path';
import { runCoreBenchmark } from './core';
import { deskWorker, runDeskBenchmark } from './desk';
import { runDeskUiBenchmark } from './deskUi';
import { runExtensionBenchmark } from './extension';
import { runLspBenchmark } from './lsp';
import { runRunnerBenchmark } from './runner';
import { runTeamDeskBenchmark, teamDeskWorker } from './teamDesk';
import { runTrackerBenchmark } from './tracker';

const ROOT = join(__dirname, '..');
const REPRO = join(ROOT, 'dist', 'repro.js');
const sections: [string, () => string | Promise<string>][] = [
  ['Language core', () => runCoreBenchmark(REPRO)],
  ['Language server', runLspBenchmark],
  ['Runner', () => runRunnerBenchmark(REPRO)],
  ['Desk', runDeskBenchmark],
  ['Team desk', runTeamDeskBenchmark],
  ['Tracker', runTrackerBenchmark],
  ['Extension', runExtensionBenchmark],
  ['Desk in VS Code', runDeskUiBenchmark],
];

async function main(only: string | undefined): Promise<void> {
  for (const [name, run] of sections) {
    if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
    console.log(`== ${name} ==`);
    console.log(await run());
    console.log('');
  }
}

if (process.argv[2] === '--desk-worker') void deskWorker(process.argv[3]);
else if (process.argv[2] === '--team-desk') void teamDeskWorker(process.argv.slice(3));
else void main(process.argv[2]);
