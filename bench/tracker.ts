// Handing bugs to a real Redmine 5.0 (test/helpers/redmine.ts, Debian's package): the tracker's set-up (the
// first one on this machine builds the migrated database; later ones copy it), then push and pull for one bug
// and for 100 linked bugs, on the embedded desk, with the same code the CLI runs.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { perform } from '../shared/desk/operations';
import { TRACKERS } from '../shared/tracker';
import { adapterFor, direct, pullBugs, pushBug } from '../shared/tracker/handoff';
import { testDesk } from '../test/helpers/desk';
import { startRedmine } from '../test/helpers/redmine';
import { fixed, table } from './measure';

const BUGS = 100;
const LINK = (key: string): string => `vscode://repro-desk.repro-desk/bug/${key}`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

export async function runTrackerBenchmark(): Promise<string> {
  // A fresh machine's set-up (an empty cache: migrate, seed, configure), then a start from that cache.
  const cache = mkdtempSync(join(tmpdir(), 'repro-redmine-bench-cache-'));
  const before = process.env.REPRO_REDMINE_CACHE;
  process.env.REPRO_REDMINE_CACHE = cache;
  const [first, freshMs] = await timed(() => startRedmine());
  await first.stop();
  const [server, cachedMs] = await timed(() => startRedmine());
  if (before === undefined) delete process.env.REPRO_REDMINE_CACHE;
  else process.env.REPRO_REDMINE_CACHE = before;
  const t = await testDesk();
  try {
    const desk = t.desk;
    const config = await perform(desk, 'configureTracker', { kind: 'redmine', url: server.url, project: server.project }, `bench${Date.now()}`);
    const adapter = adapterFor(TRACKERS, config, server.adminKey);
    for (let i = 1; i <= BUGS + 1; i++) await perform(desk, 'createBug', { title: `Bench bug ${i}`, description: 'Export fails on a long name' });
    const [, pushOneMs] = await timed(() => pushBug(direct(desk), adapter, 'BUG-1', { lang: 'en', link: LINK('BUG-1') }));
    const [, pullOneMs] = await timed(() => pullBugs(direct(desk), adapter, ['BUG-1']));
    const keys = Array.from({ length: BUGS }, (_, i) => `BUG-${i + 2}`);
    const [, pushManyMs] = await timed(async () => {
      for (const key of keys) await pushBug(direct(desk), adapter, key, { lang: 'en', link: LINK(key) });
    });
    const [first, pullFirstMs] = await timed(() => pullBugs(direct(desk), adapter));
    const [quiet, pullQuietMs] = await timed(() => pullBugs(direct(desk), adapter));
    // Every issue changed in Redmine (a comment each), so the next pull reads and applies all of them.
    for (const key of keys) {
      const external = desk.get<{ key: string }>('SELECT tracker_issue.key FROM tracker_issue JOIN bug ON bug.id = tracker_issue.bug_id WHERE bug.key = ?', [key])!.key;
      await server.api('PUT', `/issues/${external.slice(1)}.json`, { issue: { notes: `Looked at ${key}` } }, server.developerKey);
    }
    const [busy, pullChangedMs] = await timed(() => pullBugs(direct(desk), adapter));
    return [
      `a real Redmine 5.0 (Debian's package, WEBrick on 127.0.0.1) and the embedded desk; ${BUGS} bugs pushed one after another, each with its HTML report attached`,
      table([
        ['what', 'ms'],
        ['Redmine set-up on a fresh machine (migrate, seed, configure, start; the package installed)', fixed(freshMs, 0)],
        ['Redmine set-up from its cache (what every later test run does)', fixed(cachedMs, 0)],
        ['push one bug', fixed(pushOneMs, 0)],
        ['pull one bug (unchanged)', fixed(pullOneMs, 0)],
        [`push ${BUGS} bugs`, fixed(pushManyMs, 0)],
        [`pull ${first.checked} linked bugs, the first time (each issue read once)`, fixed(pullFirstMs, 0)],
        [`pull ${quiet.checked} linked bugs again, none changed (a list request a 100 issues)`, fixed(pullQuietMs, 0)],
        [`pull ${busy.checked} linked bugs, ${BUGS} with a new comment each (${busy.comments} comments read)`, fixed(pullChangedMs, 0)],
      ]),
    ].join('\n');
  } finally {
    t.dispose();
    await server.stop();
    rmSync(cache, { recursive: true, force: true });
  }
}
