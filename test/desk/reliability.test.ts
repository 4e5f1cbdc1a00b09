// Reliability with real processes (spec §5): kill -9 at random moments of writes and compactions never leaves
// a desk that fails integrity_check nor loses a change that was reported done; two processes writing at once
// lose nothing.

import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Desk } from '../../shared/desk/store';
import { ROOT } from '../helpers/golden';

const WRITER = join(ROOT, 'out', 'test', 'desk', 'writer.js');

function writer(path: string, prefix: string, count: number, compactBytes?: number): { child: ChildProcess; committed: string[]; lines: (n: number) => Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [WRITER, path, prefix, String(count), ...(compactBytes ? [String(compactBytes)] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const committed: string[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  let rest = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    rest += chunk;
    const lines = rest.split('\n');
    rest = lines.pop()!;
    committed.push(...lines);
    for (const w of waiting.filter((w) => committed.length >= w.n)) w.resolve();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    for (const w of waiting) w.resolve();
    if (code !== 0 && code !== null) process.stderr.write(stderr);
    resolve(code);
  }));
  return { child, committed, exited, lines: (n) => (committed.length >= n ? Promise.resolve() : new Promise((resolve) => waiting.push({ n, resolve }))) };
}

/** Every name reported committed is in the desk, and the snapshot passes integrity_check. */
async function assertKept(path: string, committed: readonly string[]): Promise<number> {
  assert.equal(execFileSync('sqlite3', [path, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
  const desk = await Desk.open(path, { create: false });
  try {
    const names = new Set(desk.all<{ name: string }>('SELECT name FROM organization').map((r) => r.name));
    const lost = committed.filter((name) => !names.has(name));
    assert.deepEqual(lost, [], `${lost.length} committed changes lost`);
    return names.size;
  } finally {
    desk.close();
  }
}

describe('desk reliability (real processes)', function () {
  this.timeout(300_000);
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'repro-desk-reliability-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('kill -9 at 100 random moments of writes and compactions: integrity holds, nothing committed is lost', async () => {
    const path = join(folder, 'desk.sqlite');
    const committed: string[] = [];
    let total = 0;
    for (let round = 0; round < 100; round++) {
      // A small compaction threshold: about one change in ten ends in a compaction, and kills land in those too.
      const w = writer(path, `r${round}`, 1000, 4096);
      await w.lines(1 + Math.floor(Math.random() * 20));
      // A random moment after the n-th change: somewhere in the next change, its fsync, or a compaction.
      await new Promise((resolve) => setImmediate(resolve));
      if (Math.random() < 0.5) await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      w.child.kill('SIGKILL');
      assert.equal(await w.exited, null, 'the writer was running until killed');
      committed.push(...w.committed);
      total = await assertKept(path, committed);
    }
    assert.ok(total >= committed.length);
  });

  it('two processes writing 500 changes each at the same time lose none', async () => {
    const path = join(folder, 'desk.sqlite');
    // The desk exists first, so that both open the same one.
    (await Desk.open(path)).close();
    const [a, b] = [writer(path, 'a', 500), writer(path, 'b', 500)];
    assert.deepEqual(await Promise.all([a.exited, b.exited]), [0, 0]);
    assert.equal(a.committed.length + b.committed.length, 1000);
    assert.equal(await assertKept(path, [...a.committed, ...b.committed]), 1000);
  });
});
