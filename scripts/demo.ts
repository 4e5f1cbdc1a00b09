// `npm start`: the product's main job as a new user first meets it. It makes a demo workspace (the example
// scripts in repro/, a settings file naming the demo desk), fills the desk with what a support line's morning
// looks like (calls from customers, tickets, a callback overdue), then does the job with the real `repro`
// command: checks the scripts and their format, runs each five times and records the runs, links a bug, writes a reproduction
// report. Last it opens the workspace in VS Code: the desktop `code` when it is on PATH, otherwise code-server
// from the project's test harness (installed on first use), printing the URL and running until Ctrl-C.
//
//   node out/scripts/demo.js [--dir DIR] [--no-open]
//
// DIR (default .demo/ in the checkout, git-ignored) is made afresh each time: a demo starts from its beginning.

import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { perform } from '../shared/desk/operations';
import { Desk } from '../shared/desk/store';
import { CODE_SERVER_DIR, startCodeServer, workbenchUrl } from '../test/e2e/harness/codeServer';

const ROOT = resolve(__dirname, '..', '..');
const REPRO = join(ROOT, 'dist', 'repro.js');
const USAGE = 'usage: node out/scripts/demo.js [--dir DIR] [--no-open]';

export interface Demo {
  workspace: string;
  desk: string;
}

/** Hours from now, as the desk stores times. */
const hoursFromNow = (hours: number): string => new Date(Date.now() + hours * 3_600_000).toISOString();

/** The calls that opened the example scripts' tickets (their keys are the scripts' `ticket` lines). */
const CALLS = [
  { key: 'SUP-1001', org: 'Acme Logistics', contact: 'Zoë Müller', subject: 'awk counts bytes, not letters, in a customer\'s name', priority: 'high' },
  { key: 'SUP-1002', org: 'Acme Logistics', contact: 'Ivan Petrov', subject: 'jq rounds an order number bigger than 2^53', priority: 'urgent' },
  { key: 'SUP-1003', org: 'ООО «Ромашка»', contact: 'Анна Смирнова', subject: 'The report server sends TOML files as a download', priority: 'normal' },
  { key: 'SUP-1004', org: 'ООО «Ромашка»', contact: 'Олег Кузнецов', subject: 'The nightly import fails about every other night', priority: 'normal' },
] as const;

/** The desk as the morning starts: people, a product, the calls and their tickets, one callback overdue. */
async function seedDesk(path: string): Promise<void> {
  const desk = await Desk.open(path, { user: 'anna' });
  try {
    await perform(desk, 'addStaff', { login: 'anna', name: 'Anna Specialist', role: 'specialist' });
    await perform(desk, 'addStaff', { login: 'daria', name: 'Daria Developer', role: 'developer' });
    await perform(desk, 'addProduct', { name: 'Acme', versions: [{ name: '2.9', released: '2026-09-01' }, { name: '3.0' }] });
    for (const [i, call] of CALLS.entries()) {
      await perform(desk, 'registerCall', {
        direction: 'in',
        channel: 'phone',
        organization: call.org,
        contact: { name: call.contact },
        summary: call.subject,
        outcome: 'reached',
        // The first ticket's callback is overdue: the Calls view shows it first, marked.
        callbackDue: hoursFromNow(i === 0 ? -2 : 24 + i),
        newTicket: { key: call.key, subject: call.subject, product: 'Acme', reportedVersion: '2.9', priority: call.priority },
      });
    }
  } finally {
    desk.close();
  }
}

/** Runs `repro` in the workspace as a user would, its output on this terminal; returns its exit status. */
function repro(workspace: string, args: string[]): number {
  console.log(`\n$ repro ${args.join(' ')}`);
  const run = spawnSync(process.execPath, [REPRO, ...args], { cwd: workspace, stdio: 'inherit', env: { ...process.env, REPRO_DESK_USER: 'anna' } });
  // 0, 1 and 3 are outcomes (a script that does not reproduce on this machine is part of the demo); 2 is misuse.
  if (run.status === 2 || run.status === null) throw new Error(`repro ${args[0]} failed (${run.status ?? run.signal})`);
  return run.status;
}

/** Makes the demo workspace and desk in `dir` (afresh) and does the day's work on them with `repro`. */
export async function prepareDemo(dir: string): Promise<Demo> {
  rmSync(dir, { recursive: true, force: true });
  const workspace = join(dir, 'workspace');
  const desk = join(dir, 'desk.sqlite');
  mkdirSync(join(workspace, 'repro'), { recursive: true });
  mkdirSync(join(workspace, '.vscode'));
  for (const name of readdirSync(join(ROOT, 'examples')).filter((n) => n.endsWith('.repro'))) {
    copyFileSync(join(ROOT, 'examples', name), join(workspace, 'repro', name));
  }
  writeFileSync(join(workspace, '.vscode', 'settings.json'), `${JSON.stringify({ 'repro.desk.path': desk }, null, 2)}\n`);
  await seedDesk(desk);
  repro(workspace, ['check', 'repro']);
  repro(workspace, ['fmt', '--check', 'repro']);
  repro(workspace, ['run', '--repeat', '5', '--record', '--db', desk, 'repro']);
  const opened = await Desk.open(desk, { user: 'anna' });
  try {
    await perform(opened, 'createBug', { key: 'BUG-1', title: 'Text functions count bytes of UTF-8 names', product: 'Acme', tickets: ['SUP-1001'] });
  } finally {
    opened.close();
  }
  mkdirSync(join(workspace, 'documents'));
  repro(workspace, ['report', 'SUP-1001', '--format', 'html', '--output', join('documents', 'SUP-1001-report.html'), '--save', '--db', desk]);
  return { workspace, desk };
}

/** The first `name` on PATH, if any. */
function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name)).find((p) => existsSync(p));
}

/** Opens the workspace in the desktop VS Code, this checkout's extension loaded, and returns at once. */
function openInCode(code: string, workspace: string): void {
  spawn(code, ['--new-window', `--extensionDevelopmentPath=${ROOT}`, workspace], { detached: true, stdio: 'ignore' }).unref();
  console.log(`\nOpened ${workspace} in VS Code (this checkout's extension loaded).`);
}

/** Serves the workspace in code-server until Ctrl-C; installs it first if this machine has none. */
async function openInCodeServer(workspace: string): Promise<void> {
  if (!existsSync(join(CODE_SERVER_DIR, '.repro-desk-install-complete'))) {
    console.log('\nNo VS Code on PATH: installing code-server (once, about a minute)…');
    const setup = spawnSync('bash', [join(ROOT, 'test', 'e2e', 'setup.sh')], { stdio: 'inherit' });
    if (setup.status !== 0) throw new Error('test/e2e/setup.sh failed');
  }
  const server = await startCodeServer({ workspace, trusted: true });
  console.log(`\nVS Code (code-server) on the demo workspace, this checkout's extension loaded.`);
  console.log(`open: ${workbenchUrl(server, workspace, { extensionDevelopmentPath: ROOT })}`);
  console.log('Ctrl-C to stop.');
  await new Promise<void>((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await server.stop();
}

async function main(argv: string[]): Promise<number> {
  let dir = join(ROOT, '.demo');
  let open = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--no-open') open = false;
    else if (argv[i] === '--dir' && argv[i + 1]) dir = resolve(argv[++i]);
    else {
      console.error(`${argv[i]}: not an option of the demo (${USAGE})`);
      return 2;
    }
  }
  const demo = await prepareDemo(dir);
  console.log(`\nThe demo workspace: ${demo.workspace}\nIts desk: ${demo.desk}`);
  if (!open) return 0;
  const code = onPath('code');
  if (code) openInCode(code, demo.workspace);
  else await openInCodeServer(demo.workspace);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
