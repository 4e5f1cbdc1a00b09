// Desks for tests: a fresh file in a temporary folder (the embedded desk) or a fresh database on a throwaway
// PostgreSQL server (the team desk), a clock the test moves, and run results to record. Suites that hold for
// both engines run once per engine (`forEachEngine`).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREATE_ROLES_SQL } from '../../shared/desk/engines/postgres/access';
import { TeamDesk } from '../../shared/desk/engines/postgres/teamDesk';
import { Desk, type DeskStore, type OpenOptions } from '../../shared/desk/store';
import { startPostgres, type PostgresServer } from './postgres';
import type { RunDetail, ScriptResult } from '../../shared/runner/results';
import { reproducibilityOf, wilsonInterval } from '../../shared/runner/stats';

export class TestClock {
  constructor(public time = Date.parse('2026-03-02T09:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.time);
  advance(hours: number): void {
    this.time += hours * 3600_000;
  }
}

export type TestEngine = 'embedded' | 'team';
export const ENGINES: readonly TestEngine[] = ['embedded', 'team'];

/** Runs `suite` once per engine, in a describe block named for it. */
export function forEachEngine(name: string, suite: (engine: TestEngine) => void): void {
  for (const engine of ENGINES) describe(`${name} (${engine === 'team' ? 'team desk, PostgreSQL' : 'embedded desk'})`, () => suite(engine));
}

/** One PostgreSQL server for every team desk of this test process: started on first use, stopped at its exit. */
let server: Promise<PostgresServer> | undefined;
const roles = new Set<string>();
let databases = 0;

/** The password of every test role: the server checks it (SCRAM), so a wrong one is refused for real. */
export const TEST_PASSWORD = 'test-secret-42';

export function teamServer(): Promise<PostgresServer> {
  server ??= ownTeamServer();
  return server;
}

/**
 * A server of the caller's own (one a test may stop or crash), with the desk's group roles that its
 * administrator makes once (the README's set-up).
 */
export async function ownTeamServer(): Promise<PostgresServer> {
  const pg = await startPostgres();
  await pg.psql(CREATE_ROLES_SQL);
  return pg;
}

/** A login role (made once), a member of `owner`: a desk's owner role, or one of its DESK_ROLES. */
export async function teamRole(name: string, owner?: string): Promise<void> {
  if (roles.has(name)) return;
  const pg = await teamServer();
  await pg.createRole(name, TEST_PASSWORD);
  if (owner && owner !== name) await pg.psql(`GRANT "${owner}" TO "${name}"`);
  roles.add(name);
}

/** A new, empty database owned by `owner`, and the URL that logs in to it as `user`. */
export async function teamDatabase(owner = 'anna'): Promise<{ url: (user?: string) => string; name: string }> {
  const pg = await teamServer();
  await teamRole(owner);
  const name = `desk_${process.pid}_${++databases}`;
  await pg.createDatabase(name, owner);
  return { name, url: (user = owner) => pg.urlFor(user, TEST_PASSWORD, name) };
}

export interface TestDesk<D extends DeskStore = DeskStore> {
  desk: D;
  clock: TestClock;
  folder: string;
  path: string;
  /** Opens another handle on the same desk (as another window would); on the team desk `user` is the login. */
  reopen(options?: OpenOptions): Promise<D>;
  dispose(): void;
}

/** Without an engine, the embedded desk (a Desk, with its file and journal); with one, either. */
export async function testDesk(options?: OpenOptions & { engine?: undefined }): Promise<TestDesk<Desk>>;
export async function testDesk(options: OpenOptions & { engine: TestEngine }): Promise<TestDesk>;
export async function testDesk(options: OpenOptions & { engine?: TestEngine } = {}): Promise<TestDesk> {
  const folder = mkdtempSync(join(tmpdir(), 'repro-desk-test-'));
  const team = options.engine === 'team' ? await teamDatabase() : undefined;
  const path = team ? team.url() : join(folder, 'desk.sqlite');
  const clock = new TestClock();
  const opened: DeskStore[] = [];
  const open = async (more: OpenOptions = {}): Promise<DeskStore> => {
    const { engine: _engine, ...given } = options;
    const all = { user: 'anna', clock: clock.now, ...given, ...more };
    let desk: DeskStore;
    if (team) {
      await teamRole(all.user, 'anna');
      desk = await TeamDesk.open(team.url(all.user), { create: true, readOnly: all.readOnly, clock: all.clock });
    } else desk = await Desk.open(path, all);
    opened.push(desk);
    return desk;
  };
  const desk = await open();
  return {
    desk,
    clock,
    folder,
    path,
    reopen: open,
    dispose: () => {
      for (const d of opened) d.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A `repro run` result with k of n runs reproduced (and their fingerprints). */
export function scriptResult(k: number, n: number, fingerprint = 'f'.repeat(64)): { result: ScriptResult; details: RunDetail[] } {
  const details: RunDetail[] = Array.from({ length: n }, (_, i) => {
    const reproduced = i < k;
    return {
      outcome: reproduced ? 'reproduced' : 'not-reproduced',
      reason: reproduced ? 'line 9: bug exit 3 matched: exit 3' : 'line 9: bug exit 3 did not match: exit 0',
      fingerprint: reproduced ? fingerprint : '0'.repeat(64),
      durationMs: 40,
      steps: [
        { title: 'Run the report', line: 7, outcome: reproduced ? 'bug' : 'passed', commands: [], checks: [{ line: 9, role: 'bug', check: 'exit 3', passed: reproduced, actual: reproduced ? 'exit 3' : 'exit 0' }] },
      ],
      transcript: [{ line: 8, text: 'run acme report' }, { line: 8, text: reproduced ? 'exit 3' : 'exit 0' }],
    };
  });
  const outcome = k > 0 ? 'reproduced' : 'not-reproduced';
  return {
    details,
    result: {
      file: 'crash.repro',
      outcome,
      reason: details.find((d) => d.outcome === outcome)!.reason,
      reproducedRuns: k,
      conclusiveRuns: n,
      runs: n,
      reproducibility: reproducibilityOf(k, n),
      reproducibilityInterval: wilsonInterval(k, n),
      fingerprints: new Set(details.map((d) => d.fingerprint)).size,
      divergesAt: k > 0 && k < n ? 8 : null,
      results: details.map(({ outcome: o, reason, fingerprint: f, durationMs, steps }) => ({ outcome: o, reason, fingerprint: f, durationMs, steps })),
    },
  };
}

export const SCRIPT = '# The report tool crashes on an empty name\nticket SUP-7\n\nstep "Make the input"\n  run sh -c \'printf "" > name.txt\'\n\nstep "Run the report"\n  run sh -c \'exit 3\'\n  bug exit 3\n';

/** Reads a desk file as another process would (read-only, closed after `read`): what a test's VS Code wrote. */
export async function readDesk<T>(path: string, read: (desk: Desk) => T): Promise<T> {
  const desk = await Desk.open(path, { readOnly: true });
  try {
    return read(desk);
  } finally {
    desk.close();
  }
}
