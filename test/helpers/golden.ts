// Golden files: expected output kept beside the input. UPDATE_GOLDEN=1 rewrites them; a missing one is
// written and the test fails, so that a new golden is always looked at before it is committed.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/**
 * The repository root: the folder of the package.json named "repro-desk" above this file (tests run from
 * out/test/…, benchmarks from the out/bench.js bundle).
 */
export const ROOT = findRoot(__dirname);

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'repro-desk') return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json named "repro-desk" above ${start}`);
  }
}

export function assertGolden(file: string, actual: string): void {
  if (UPDATE_GOLDEN || !existsSync(file)) {
    const created = !existsSync(file);
    writeFileSync(file, actual);
    if (created && !UPDATE_GOLDEN) assert.fail(`golden file created: ${file}; review it and commit`);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from ${file} (UPDATE_GOLDEN=1 rewrites it)`);
}
