// A real, throwaway PostgreSQL 15 for tests (Debian's postgresql-15; test/setup.sh installs it): `initdb` into a
// fresh temporary folder, the server listening on a Unix socket in that folder only, stopped and removed after.
//
// - Who runs it: the server refuses to run as root, so under root (CI) every server program runs as the `postgres`
//   system user the Debian package creates (`setpriv`, no PAM session), and the temporary folder is made its own;
//   otherwise everything runs as the current user.
// - Where it listens: `listen_addresses = ''` and `unix_socket_directories = <temp>/socket`. No TCP port is
//   taken, so servers never clash with each other, with a parallel test run or with the machine's own cluster
//   (the Debian package's 15/main on 5432 and /var/run/postgresql is never used, running or not); `port` only
//   names the socket file (`.s.PGSQL.<port>`).
// - Authentication (pg_hba.conf): the superuser `postgres` connects over the socket by `peer` through an ident
//   map that admits exactly the OS user running the tests (and the server's own user), which is how `psql()`,
//   `createRole()` and the handle's `url` set things up without a password; every other role must present its
//   password by `scram-sha-256`, so a wrong password is refused for real (SQLSTATE 28P01). There are no `host`
//   lines: nothing listens on TCP. The temporary folder is mode 0700, so only its owner (and root) reach the socket.
// - Durability: fsync, full_page_writes and synchronous_commit keep their defaults, so a committed row survives
//   `crash()` (pg_ctl stop -m immediate) and the recovery that `restart()` runs. (Only initdb's own final sync of
//   the fresh folder is skipped; nothing is committed yet then, and the folder does not outlive the machine.)
// - Waiting: `pg_ctl -w` (start waits until the postmaster reports it accepts connections, recovery included;
//   stop until it is gone), and a bounded poll for the postmaster's pid to disappear; no fixed sleeps.
// - Leftovers: servers still running when the process exits (or gets SIGINT/SIGTERM/SIGHUP) are stopped
//   immediately and their folders removed; a run killed outright (SIGKILL) leaves an `owner` file naming its dead
//   process, and the next `startPostgres()` on the machine stops and removes those servers.

import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { cleanUpOnExit, processStart, serverUser, traversableByOthers, type ServerUser } from './processes';

export interface PostgresOptions {
  /** Names the socket file `.s.PGSQL.<port>` (nothing listens on TCP); default 5432. */
  port?: number;
  /** More postgresql.conf settings, e.g. `{ max_connections: 20 }`; strings are quoted for you. */
  settings?: Record<string, string | number | boolean>;
}

export interface PostgresServer {
  /** The superuser's connection string: postgresql://postgres@/postgres?host=SOCKETDIR (peer authentication). */
  url: string;
  /** The folder holding the server's Unix socket. */
  socketDir: string;
  port: number;
  dataDir: string;
  /** The superuser role (`postgres`). */
  superuser: string;
  /** The temporary folder holding the data, the socket and `server.log`; stop() removes it. */
  folder: string;
  logFile: string;
  /** A connection string for USER (with PASSWORD, if given) to DATABASE (default `postgres`). */
  urlFor(user: string, password?: string, database?: string): string;
  /** The postmaster's pid, from postmaster.pid; undefined when it is not running. */
  pid(): number | undefined;
  /** Stops the server (fast shutdown) and removes its folder. Safe to call twice, or after crash(). */
  stop(): Promise<void>;
  /** `pg_ctl stop -m immediate`: the processes quit at once, with no checkpoint; restart() runs crash recovery. */
  crash(): Promise<void>;
  /** Starts the server again on the same data and socket, resolving once it accepts connections. */
  restart(): Promise<void>;
  createDatabase(name: string, owner?: string): Promise<void>;
  /** A role that can log in (unless ATTRIBUTES hold NOLOGIN), with PASSWORD (SCRAM-SHA-256) if given. */
  createRole(name: string, password?: string, attributes?: string[]): Promise<void>;
  /** Runs SQL (one or more statements) as the superuser through psql; resolves with its stdout (unaligned,
   *  tuples only) and rejects with its stderr when a statement fails. */
  psql(sql: string, database?: string): Promise<string>;
}

const SUPERUSER = 'postgres';
const PREFIX = 'repro-pg-';
const START_TIMEOUT_S = 60;

/** SQL identifier and literal quoting (standard_conforming_strings is on). */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
export const quoteLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

// --- the binaries -------------------------------------------------------------------------------------------------

let binDirFound: string | undefined;

/** The folder holding PostgreSQL 15's initdb, pg_ctl, postgres and psql: $REPRO_PG_BINDIR, Debian's
 *  /usr/lib/postgresql/15/bin, `pg_config --bindir`, or wherever `initdb` on the PATH really lives. */
export function postgresBinDir(): string {
  if (binDirFound) return binDirFound;
  const candidates: string[] = [];
  if (process.env.REPRO_PG_BINDIR) candidates.push(process.env.REPRO_PG_BINDIR);
  candidates.push('/usr/lib/postgresql/15/bin');
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // No pg_config (it comes with libpq-dev).
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb'))) candidates.push(dirname(realpathSync(join(dir, 'initdb'))));
  }
  const seen: string[] = [];
  for (const dir of candidates) {
    if (!['initdb', 'pg_ctl', 'postgres', 'psql'].every((p) => existsSync(join(dir, p)))) continue;
    const version = spawnSync(join(dir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '';
    seen.push(`${dir}: ${version.trim() || 'no version'}`);
    if (/\(PostgreSQL\) 15\./.test(version)) return (binDirFound = dir);
  }
  throw new Error(
    `PostgreSQL 15's server programs not found (${seen.length ? seen.join('; ') : 'looked in ' + candidates.join(', ')}). ` +
      'Install them with: sudo bash test/setup.sh (Debian packages postgresql-15, postgresql-client-15), or set REPRO_PG_BINDIR.',
  );
}

// --- running as the server's user (processes.ts serverUser) -----------------------------------------------------

/** The environment for PostgreSQL's programs: no PG* variables of the machine (PGHOST, PGPASSWORD, …). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PG')) env[k] = v;
  return env;
}

interface Ran {
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], options: { cwd: string; input?: string; asServer?: ServerUser }): Promise<Ran> {
  const argv = [...(options.asServer?.prefix ?? []), file, ...args];
  return new Promise((resolve, reject) => {
    const child = execFile(argv[0], argv.slice(1), { cwd: options.cwd, env: cleanEnv(), maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${[file, ...args].join(' ')} failed (${error.code ?? error.signal}): ${stderr.trim() || stdout.trim()}`));
      else resolve({ stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
  });
}

// --- temporary folders and leftovers ------------------------------------------------------------------------------

/** A parent for the temporary folders that the server's user can reach and where a socket path stays under the
 *  kernel's 107 bytes. */
function tempParent(asRoot: boolean): string {
  const t = tmpdir();
  const fits = t.length + PREFIX.length + 6 + '/socket/.s.PGSQL.65535'.length < 100;
  if (fits && (!asRoot || traversableByOthers(t))) return t;
  return '/tmp';
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Stops a server at once and removes its folder, synchronously (for exit handlers and the sweep). */
function killSync(folder: string, asServer: ServerUser): void {
  const dataDir = join(folder, 'data');
  if (postmasterPid(dataDir) !== undefined) {
    const argv = [...asServer.prefix, join(postgresBinDir(), 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'];
    spawnSync(argv[0], argv.slice(1), { cwd: folder, env: cleanEnv(), stdio: 'ignore', timeout: START_TIMEOUT_S * 1000 });
  }
  rmSync(folder, { recursive: true, force: true });
}

/** Servers left by test processes that died without stopping them (killed outright). */
function sweepAbandoned(parent: string, asServer: ServerUser): void {
  let entries: string[];
  try {
    entries = readdirSync(parent).filter((e) => e.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const entry of entries) {
    const folder = join(parent, entry);
    try {
      const owner = JSON.parse(readFileSync(join(folder, 'owner'), 'utf8')) as { pid: number; start: string };
      if (processStart(owner.pid) === owner.start) continue; // Its test run is still going.
      killSync(folder, asServer);
    } catch {
      // Not ours to judge: no owner file yet (being set up), or someone else's.
    }
  }
}

const running = new Map<string, ServerUser>();
let swept = false;

function cleanUpAll(): void {
  for (const [folder, asServer] of running) {
    try {
      killSync(folder, asServer);
    } catch {
      // Best effort, on the way out.
    }
  }
  running.clear();
}


/** Resolves once PID is gone (or a zombie), polling with a deadline. */
async function waitGone(pid: number, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`postgres (pid ${pid}) still running ${deadlineMs} ms after pg_ctl stop`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// --- the server ---------------------------------------------------------------------------------------------------

function confValue(value: string | number | boolean): string {
  return typeof value === 'string' ? quoteLiteral(value) : String(value);
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const asServer = serverUser('postgres', 'running as root, PostgreSQL needs the `postgres` system user, which the Debian package creates: run bash test/setup.sh');
  const asRoot = asServer.prefix.length > 0;
  const port = options.port ?? 5432;
  const parent = tempParent(asRoot);
  if (!swept) {
    swept = true;
    sweepAbandoned(parent, asServer);
  }
  cleanUpOnExit(cleanUpAll);

  const folder = mkdtempSync(join(parent, PREFIX));
  running.set(folder, asServer);
  const dataDir = join(folder, 'data');
  const socketDir = join(folder, 'socket');
  const logFile = join(folder, 'server.log');
  const pgCtl = join(bin, 'pg_ctl');
  const setUp = async (): Promise<PostgresServer> => {
    writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: process.pid, start: processStart(process.pid) }));
    mkdirSync(socketDir);
    chmodSync(folder, 0o700);
    chownSync(folder, asServer.uid, asServer.gid);
    chownSync(socketDir, asServer.uid, asServer.gid);

    await run(join(bin, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'], { cwd: folder, asServer });

    // The OS user running the tests (root, or the current user) and the server's own user may be the superuser.
    const me = userInfo().username;
    const ident = [...new Set([me, asRoot ? 'postgres' : me])].map((u) => `setup ${u} ${SUPERUSER}`);
    writeFileSync(join(dataDir, 'pg_ident.conf'), ['# MAPNAME SYSTEM-USERNAME PG-USERNAME', ...ident, ''].join('\n'));
    writeFileSync(
      join(dataDir, 'pg_hba.conf'),
      [
        '# TYPE DATABASE USER METHOD: the superuser by peer (the test process sets up), everyone else by password.',
        `local all ${SUPERUSER} peer map=setup`,
        'local all all scram-sha-256',
        '',
      ].join('\n'),
    );
    const settings: Record<string, string | number | boolean> = {
      listen_addresses: '',
      unix_socket_directories: socketDir,
      port,
      password_encryption: 'scram-sha-256',
      timezone: 'UTC',
      log_timezone: 'UTC',
      ...options.settings,
    };
    const conf = readFileSync(join(dataDir, 'postgresql.conf'), 'utf8');
    writeFileSync(
      join(dataDir, 'postgresql.conf'),
      conf + '\n# test/helpers/postgres.ts\n' + Object.entries(settings).map(([k, v]) => `${k} = ${confValue(v)}`).join('\n') + '\n',
    );
    if (asRoot) for (const f of ['pg_ident.conf', 'pg_hba.conf', 'postgresql.conf']) chownSync(join(dataDir, f), asServer.uid, asServer.gid);

    const start = async (): Promise<void> => {
      await run(pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', String(START_TIMEOUT_S), 'start'], { cwd: folder, asServer }).catch((e: Error) => {
        throw new Error(`${e.message}\n--- ${logFile} ---\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '(none)'}`);
      });
    };
    const stopWith = async (mode: 'fast' | 'immediate'): Promise<void> => {
      const pid = postmasterPid(dataDir);
      if (pid === undefined) return;
      await run(pgCtl, ['-D', dataDir, '-m', mode, '-w', '-t', String(START_TIMEOUT_S), 'stop'], { cwd: folder, asServer });
      await waitGone(pid, 10_000);
    };
    const urlFor = (user: string, password?: string, database = 'postgres'): string => {
      const auth = encodeURIComponent(user) + (password === undefined ? '' : ':' + encodeURIComponent(password));
      return `postgresql://${auth}@/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}` + (port === 5432 ? '' : `&port=${port}`);
    };
    const psql = async (sql: string, database = 'postgres'): Promise<string> => {
      const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', socketDir, '-p', String(port), '-U', SUPERUSER, '-d', database, '-f', '-'];
      return (await run(join(bin, 'psql'), args, { cwd: folder, input: sql })).stdout;
    };

    await start();
    let stopped = false;
    return {
      url: urlFor(SUPERUSER),
      socketDir,
      port,
      dataDir,
      superuser: SUPERUSER,
      folder,
      logFile,
      urlFor,
      pid: () => postmasterPid(dataDir),
      psql,
      crash: () => stopWith('immediate'),
      restart: start,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await stopWith('fast');
        } finally {
          running.delete(folder);
          killSync(folder, asServer);
        }
      },
      createDatabase: async (name, owner) => {
        await psql(`CREATE DATABASE ${quoteIdent(name)}${owner ? ` OWNER ${quoteIdent(owner)}` : ''};`);
      },
      createRole: async (name, password, attributes = []) => {
        for (const a of attributes) if (!/^[A-Za-z ]+$/.test(a)) throw new Error(`not a role attribute: ${a}`);
        const all = attributes.some((a) => /^nologin$/i.test(a.trim())) ? attributes : ['LOGIN', ...attributes];
        await psql(`CREATE ROLE ${quoteIdent(name)} ${all.join(' ')}${password === undefined ? '' : ` PASSWORD ${quoteLiteral(password)}`};`);
      },
    };
  };
  try {
    return await setUp();
  } catch (error) {
    running.delete(folder);
    killSync(folder, asServer);
    throw error;
  }
}

/** One server for a describe block: started in `before`, stopped in `after`. Call the result inside tests. */
export function usePostgres(options: PostgresOptions = {}): () => PostgresServer {
  let server: PostgresServer | undefined;
  before(async function () {
    this.timeout(START_TIMEOUT_S * 1000 * 2);
    server = await startPostgres(options);
  });
  after(async function () {
    this.timeout(START_TIMEOUT_S * 1000);
    await server?.stop();
    server = undefined;
  });
  return () => {
    if (!server) throw new Error('usePostgres(): the server is only there inside the describe block’s tests');
    return server;
  };
}
