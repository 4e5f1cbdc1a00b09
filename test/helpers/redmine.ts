// A real, throwaway Redmine 5.0 for tests (Debian 12's redmine, redmine-sqlite and ruby-webrick; test/setup.sh
// installs them): its own temporary folder with an SQLite database, served by WEBrick on 127.0.0.1 and a free
// port, stopped and removed after. Nothing is written into the package's own instance (/etc/redmine/default,
// /var/lib/redmine/default), which the tests never use, configured or not.
//
// - The instance: Debian's Redmine runs from /usr/share/redmine and takes everything an instance owns (config/
//   with database.yml and secret_key.txt, log/, files/, tmp/, public/plugin_assets/) from
//   `/usr/share/redmine/instances/$REDMINE_INSTANCE` (config/multitenancy_environment.rb, lib/redmine/
//   multi_tenancy.rb; `instances` is a symlink to /var/lib/redmine). The variable is meant to hold a name, but
//   Redmine only joins it onto that path, so it is given enough `../` to climb to / whether the path is read as
//   written (Ruby's File.expand_path) or through the symlink (the kernel), then the temporary folder: no copy or
//   overlay of /usr/share/redmine, and nothing created under /var/lib/redmine.
// - Gems: the package's Gemfile adds the database gem only for the adapters it finds in the package's own
//   instances' database.yml, and has no web server. Each instance has its own Gemfile (BUNDLE_GEMFILE) that
//   evaluates the package's and adds sqlite3 and webrick; Bundler resolves it against Debian's installed gems,
//   offline, into the instance's own Gemfile.lock (the package's /var/lib/redmine/Gemfile.lock is not touched).
// - The server: `rackup -s webrick` (README.Debian's quick launch). `rails server` cannot be used: it creates
//   tmp/{cache,pids,sockets} under Rails.root (/usr/share/redmine) itself, whatever the instance says.
// - Who runs it: Redmine runs as root, but README.Debian says its commands are for `www-data`; under root (CI)
//   every Ruby program runs as `www-data` (the user the package's files are made for; `setpriv`, no PAM session)
//   and the temporary folder is made its own (mode 0700); otherwise everything runs as the current user.
// - Set-up: `rake db:migrate` (SCHEMA=/dev/null, as the package's postinst does: db/schema.rb would go under
//   /usr/share/redmine), then one `rails runner` script that loads the default data (what `rake
//   redmine:load_default_data` does with REDMINE_LANG=en: roles, trackers, statuses, workflows, priorities),
//   enables the REST API, requires a login, sets the text formatting, gives `admin` a known password and an API
//   key, creates the plain user `developer` (with a key) and the private project `repro` (issue tracking, every
//   tracker, versions 2.4.1 and 2.5.0, `developer` a member with the Developer role). Both are pure output into
//   the SQLite file, so both are cached in $REPRO_REDMINE_CACHE or <tmpdir>/repro-redmine-cache-<package
//   version>: `migrated-<hash>/` (database and Gemfile.lock) after the rake, `configured-<hash>/` (database, ids
//   and keys) for each set of options and version of the set-up script. A fresh instance copies the configured
//   database (so instances from one cache share their API keys) and only starts the server. Measured on the
//   2-core test machine, with a benchmark running: the first set-up of a machine 20–60 s (rake 10–25 s, runner
//   5–15 s, server start 5–15 s, by the benchmark's load), a cached start 6–8 s (WEBrick loading Rails); each
//   `runner()` call 5–14 s (one Rails boot).
// - Waiting: a poll of GET /users/current.json with the admin's key, 50 ms growing to 500 ms, that ends at the
//   first 200; it fails at once with the server's log tail if the process exits, or after 180 s.
// - Leftovers: servers (and runner processes) still running when the process exits (or gets SIGINT/SIGTERM/SIGHUP)
//   are killed and their folders removed; a run killed outright (SIGKILL) leaves an `owner` file naming its dead
//   process, and the next `startRedmine()` on the machine kills those servers and removes their folders. Every
//   Ruby process of an instance is found by its REDMINE_INSTANCE in /proc (test/helpers/processes.ts).

import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync, chownSync, closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync,
  readFileSync, realpathSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cleanUpOnExit, freePort, processesWith, processStart, serverUser, traversableByOthers, type ServerUser } from './processes';

export interface RedmineOptions {
  /** Setting.text_formatting: Textile (Redmine's default) or CommonMark Markdown. */
  textFormatting?: 'textile' | 'common_mark';
}

export interface ApiResponse {
  status: number;
  /** The parsed body; undefined when it is empty or not JSON. */
  json: any;
  text: string;
}

export interface RedmineServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  url: string;
  port: number;
  adminLogin: string;
  adminPassword: string;
  adminKey: string;
  adminId: number;
  developerLogin: string;
  developerPassword: string;
  developerKey: string;
  developerId: number;
  /** The project's identifier (`repro`) and id. */
  project: string;
  projectId: number;
  /** The project's versions by name (2.4.1, 2.5.0) → id. */
  versions: Record<string, number>;
  /** The temporary folder (the instance: config/, db/, log/, files/, tmp/); stop() removes it. */
  folder: string;
  /** Rails' log (requests, errors): <folder>/log/production.log. */
  logFile: string;
  /** rackup's and WEBrick's output: <folder>/server.log. */
  serverLogFile: string;
  /** The server process's pid; undefined when it is not running. */
  pid(): number | undefined;
  /** Calls the REST API: PATH like `/issues.json?…`; BODY an object (sent as JSON) or bytes (sent as
   *  application/octet-stream, for /uploads.json); KEY the X-Redmine-API-Key, the admin's unless given, none if
   *  null. */
  api(method: string, path: string, body?: unknown, key?: string | null): Promise<ApiResponse>;
  /** Runs Ruby inside the instance (`rails runner`, one Rails boot, about 10 s); resolves with its stdout and
   *  rejects with its stderr when it fails. */
  runner(ruby: string): Promise<string>;
  /** An issue custom field for every project and tracker (through runner()); resolves with its id. */
  createCustomField(name: string, options?: { format?: 'string' | 'text' | 'list' | 'int' | 'bool'; possibleValues?: string[] }): Promise<number>;
  /** Stops the server and removes its folder. Safe to call twice, or after crash(). */
  stop(): Promise<void>;
  /** SIGKILL to the server: it is gone at once, mid-request if need be; restart() brings it back. */
  crash(): Promise<void>;
  /** Starts the server again on the same data and port (stopping it first if it runs), resolving once it answers. */
  restart(): Promise<void>;
}

const REDMINE_ROOT = '/usr/share/redmine';
const PREFIX = 'repro-redmine-';
const START_TIMEOUT_MS = 180_000;
const RUBY_TIMEOUT_MS = 600_000;
const ADMIN_PASSWORD = 'admin-secret-1';
const DEVELOPER_PASSWORD = 'developer-secret-1';
const VERSIONS = ['2.4.1', '2.5.0'];

/** The instance's Gemfile: the package's, plus the database gem and the web server. */
const GEMFILE = `# test/helpers/redmine.ts: the package's Gemfile, with SQLite and WEBrick whatever its own instances use.
eval_gemfile '${REDMINE_ROOT}/Gemfile'
gem 'sqlite3', '~> 1.4.0' unless dependencies.any? { |d| d.name == 'sqlite3' }
gem 'webrick' unless dependencies.any? { |d| d.name == 'webrick' }
`;

/** The configuration, one `rails runner` script; writes the ids and keys as JSON to the file it is given. */
function setupScript(options: Required<RedmineOptions>, out: string): string {
  const input = JSON.stringify({ ...options, out, adminPassword: ADMIN_PASSWORD, developerPassword: DEVELOPER_PASSWORD, versions: VERSIONS });
  return `# test/helpers/redmine.ts: the test instance's configuration.
require 'json'
opts = JSON.parse(<<~'JSON')
  ${input}
JSON
# What \`rake redmine:load_default_data\` does with REDMINE_LANG=en (in the same process as the migration, it
# works on a stale schema and only prints an error): roles, trackers, statuses, workflows, priorities.
Redmine::DefaultData::Loader.load('en')
result = nil
ActiveRecord::Base.transaction do
  Setting.rest_api_enabled = '1'
  Setting.login_required = '1'
  Setting.text_formatting = opts['textFormatting']
  Setting.default_language = 'en'
  Setting.mail_from = 'redmine@example.invalid'
  Setting.notified_events = []

  admin = User.find_by_login!('admin')
  admin.password = admin.password_confirmation = opts['adminPassword']
  admin.must_change_passwd = false
  admin.mail = 'admin@example.invalid'
  admin.save!

  developer = User.new(firstname: 'Dana', lastname: 'Developer', mail: 'developer@example.invalid', language: 'en')
  developer.login = 'developer'
  developer.password = developer.password_confirmation = opts['developerPassword']
  developer.admin = false
  developer.status = User::STATUS_ACTIVE
  developer.save!

  project = Project.new(name: 'Repro', identifier: 'repro', description: 'Bugs handed over by Repro Desk', is_public: false)
  project.enabled_module_names = ['issue_tracking']
  project.trackers = Tracker.sorted.to_a
  project.save!
  member = Member.new(project: project, principal: developer)
  member.role_ids = [Role.givable.find_by!(name: 'Developer').id]
  member.save!
  versions = opts['versions'].to_h { |name| [name, project.versions.create!(name: name, status: 'open').id] }

  raise 'no default issue status' unless Tracker.all.all?(&:default_status)
  raise 'no default priority' unless IssuePriority.default
  result = {
    adminId: admin.id, adminKey: admin.api_key,
    developerId: developer.id, developerKey: developer.api_key,
    projectId: project.id, versions: versions,
  }
end
File.write(opts['out'], JSON.generate(result))
`;
}

/** Bumped (or the script changed) → the configured cache is rebuilt. */
const RECIPE = 'redmine-test-instance-1';

interface Setup {
  adminId: number;
  adminKey: string;
  developerId: number;
  developerKey: string;
  projectId: number;
  versions: Record<string, number>;
}

// --- the package --------------------------------------------------------------------------------------------------

let versionFound: string | undefined;

/** The installed redmine package's version, after checking that everything this helper runs is there. */
function redmineVersion(): string {
  if (versionFound) return versionFound;
  let version = '';
  try {
    version = execFileSync('dpkg-query', ['-W', '-f=${Status} ${Version}', 'redmine'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    // Not installed (or no dpkg).
  }
  const m = /^install ok installed (\S+)$/.exec(version.trim());
  const missing = [
    !m && 'redmine',
    !existsSync('/usr/lib/ruby/vendor_ruby/sqlite3.rb') && !existsSync('/usr/lib/x86_64-linux-gnu/ruby/vendor_ruby/sqlite3.rb') && 'redmine-sqlite (ruby-sqlite3)',
    readdirSafe('/usr/share/rubygems-integration/all/specifications').every((f) => !f.startsWith('webrick-')) && 'ruby-webrick',
    !existsSync('/usr/bin/rackup') && 'ruby-rack (rackup)',
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(`Redmine for the tests is not installed (missing: ${missing.join(', ')}). Install it with: sudo bash test/setup.sh (Debian packages redmine, redmine-sqlite, ruby-webrick).`);
  }
  return (versionFound = m![1]);
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

// --- running as the server's user (processes.ts serverUser) -----------------------------------------------------

/** REDMINE_INSTANCE for FOLDER: `../` enough to reach / from /usr/share/redmine/instances both as written and
 *  through its symlink (`..` at / stays at /), then the folder. */
function instanceName(folder: string): string {
  const written = join(REDMINE_ROOT, 'instances');
  let resolved = written;
  try {
    resolved = realpathSync(written);
  } catch {
    // No symlink (a package without /var/lib/redmine): the written path is all there is.
  }
  const depth = Math.max(...[written, resolved].map((p) => p.split('/').filter(Boolean).length));
  return '../'.repeat(depth) + folder.replace(/^\/+/, '');
}

/** The environment for Redmine's programs: none of the machine's Ruby, Bundler, Rails or Redmine variables. */
function rubyEnv(folder: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(BUNDLE_|BUNDLER_|GEM_|RUBY|RAILS_|RACK_|REDMINE_|X_DEBIAN_SITEID$|DATABASE_URL$|SECRET_KEY_BASE$)/.test(k)) env[k] = v;
  }
  return {
    ...env,
    HOME: folder,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    RAILS_ENV: 'production',
    BUNDLE_GEMFILE: join(folder, 'Gemfile'),
    REDMINE_INSTANCE: instanceName(folder),
    ...extra,
  };
}

/** Runs one of Redmine's programs (from /usr/share/redmine) as the server's user. */
function ruby(folder: string, asServer: ServerUser, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const argv = [...asServer.prefix, ...args];
  return new Promise((resolve, reject) => {
    execFile(
      argv[0], argv.slice(1),
      { cwd: REDMINE_ROOT, env: rubyEnv(folder, extraEnv), maxBuffer: 64 << 20, timeout: RUBY_TIMEOUT_MS, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${args.join(' ')} failed (${error.code ?? error.signal}): ${(stderr.trim() || stdout.trim()).slice(-6000)}`));
        else resolve(stdout);
      },
    );
  });
}

// --- temporary folders, the cache and leftovers -------------------------------------------------------------------

function tempParent(asRoot: boolean): string {
  const t = tmpdir();
  return !asRoot || traversableByOthers(t) ? t : '/tmp';
}

function cacheDir(): string {
  return process.env.REPRO_REDMINE_CACHE || join(tmpdir(), `repro-redmine-cache-${redmineVersion()}`);
}

/** SIGKILL to every Ruby process of the instance in FOLDER (server and runners). */
function killAll(folder: string): void {
  for (const pid of processesWith('REDMINE_INSTANCE', instanceName(folder))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Kills an instance's processes and removes its folder, synchronously (for exit handlers and the sweep). */
function killSync(folder: string): void {
  killAll(folder);
  rmSync(folder, { recursive: true, force: true });
}

/** Instances left by test processes that died without stopping them (killed outright). */
function sweepAbandoned(parent: string): void {
  for (const entry of readdirSafe(parent).filter((e) => e.startsWith(PREFIX) && !e.startsWith(`${PREFIX}cache-`))) {
    const folder = join(parent, entry);
    try {
      const owner = JSON.parse(readFileSync(join(folder, 'owner'), 'utf8')) as { pid: number; start: string };
      if (processStart(owner.pid) === owner.start) continue; // Its test run is still going.
      killSync(folder);
    } catch {
      // Not ours to judge: no owner file yet (being set up), or someone else's.
    }
  }
}

const running = new Set<string>();
let swept = false;

function cleanUpAll(): void {
  for (const folder of running) {
    try {
      killSync(folder);
    } catch {
      // Best effort, on the way out.
    }
  }
  running.clear();
}


/** Gives the tree at PATH to the server's user (symlinks left alone). */
function chownTree(path: string, asServer: ServerUser): void {
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return;
  chownSync(path, asServer.uid, asServer.gid);
  if (st.isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), asServer);
}

/** Puts FILES (name → source path) into the cache as DIR, all at once: a half-written entry is never seen, and
 *  when two runs build the same entry the first one's stays. */
function publish(dir: string, files: Record<string, string>): void {
  mkdirSync(dirname(dir), { recursive: true });
  const stage = mkdtempSync(`${dir}.partial-`);
  try {
    for (const [name, source] of Object.entries(files)) copyFileSync(source, join(stage, name));
    renameSync(stage, dir);
  } catch (error) {
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
}

function hashOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}

/** Resolves once CHILD has exited (at once if it has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

function tail(file: string, chars: number): string {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '(none)';
  }
}

// --- the server ---------------------------------------------------------------------------------------------------

export async function startRedmine(options: RedmineOptions = {}): Promise<RedmineServer> {
  const version = redmineVersion();
  const settings: Required<RedmineOptions> = { textFormatting: options.textFormatting ?? 'textile' };
  const asServer = serverUser('www-data', 'running as root, Redmine runs as the `www-data` system user, which is missing (Debian base-passwd creates it)');
  const asRoot = asServer.prefix.length > 0;
  const parent = tempParent(asRoot);
  if (!swept) {
    swept = true;
    sweepAbandoned(parent);
  }
  cleanUpOnExit(cleanUpAll);

  const folder = mkdtempSync(join(parent, PREFIX));
  running.add(folder);
  const database = join(folder, 'db', 'redmine.sqlite3');
  const logFile = join(folder, 'log', 'production.log');
  const serverLogFile = join(folder, 'server.log');
  const cache = cacheDir();
  const migratedHash = hashOf(version, GEMFILE);
  const migratedDir = join(cache, `migrated-${migratedHash}`);
  const setupOut = join(folder, 'setup.json');
  const script = setupScript(settings, setupOut);
  const configuredDir = join(cache, `configured-${hashOf(migratedHash, RECIPE, script.replace(setupOut, ''))}`);
  let runs = 0;

  const runner = async (code: string): Promise<string> => {
    const file = join(folder, 'tmp', `runner-${++runs}.rb`);
    writeFileSync(file, code);
    chmodSync(file, 0o644);
    return ruby(folder, asServer, [join(REDMINE_ROOT, 'bin', 'rails'), 'runner', file]);
  };

  const setUp = async (): Promise<RedmineServer> => {
    writeFileSync(join(folder, 'owner'), JSON.stringify({ pid: process.pid, start: processStart(process.pid) }));
    for (const d of ['config', 'db', 'log', 'files', 'tmp', 'public/plugin_assets']) mkdirSync(join(folder, d), { recursive: true });
    writeFileSync(join(folder, 'config', 'database.yml'), `production:\n  adapter: sqlite3\n  database: ${JSON.stringify(database)}\n  timeout: 10000\n`);
    writeFileSync(join(folder, 'config', 'secret_key.txt'), randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
    writeFileSync(join(folder, 'Gemfile'), GEMFILE);
    const cached = (dir: string, name: string): boolean => existsSync(join(dir, name));
    if (cached(migratedDir, 'Gemfile.lock')) copyFileSync(join(migratedDir, 'Gemfile.lock'), join(folder, 'Gemfile.lock'));
    chmodSync(folder, 0o700);
    chownTree(folder, asServer);

    let setup: Setup;
    if (cached(configuredDir, 'setup.json')) {
      copyFileSync(join(configuredDir, 'redmine.sqlite3'), database);
      setup = JSON.parse(readFileSync(join(configuredDir, 'setup.json'), 'utf8')) as Setup;
    } else {
      if (cached(migratedDir, 'redmine.sqlite3')) {
        copyFileSync(join(migratedDir, 'redmine.sqlite3'), database);
      } else {
        await ruby(folder, asServer, ['rake', 'db:migrate'], { SCHEMA: '/dev/null' });
        publish(migratedDir, { 'redmine.sqlite3': database, 'Gemfile.lock': join(folder, 'Gemfile.lock') });
      }
      chownTree(folder, asServer);
      await runner(script);
      publish(configuredDir, { 'redmine.sqlite3': database, 'setup.json': setupOut });
      setup = JSON.parse(readFileSync(setupOut, 'utf8')) as Setup;
    }
    chownTree(folder, asServer);

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child: ChildProcess | undefined;

    const api = async (method: string, path: string, body?: unknown, key: string | null = setup.adminKey): Promise<ApiResponse> => {
      const headers: Record<string, string> = {};
      if (key !== null) headers['X-Redmine-API-Key'] = key;
      let payload: string | Uint8Array | undefined;
      if (body instanceof Uint8Array) {
        headers['Content-Type'] = 'application/octet-stream';
        payload = body;
      } else if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      const response = await fetch(url + path, { method, headers, body: payload, redirect: 'manual' });
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, json, text };
    };

    const start = async (): Promise<void> => {
      const log = openSync(serverLogFile, 'a');
      const argv = [...asServer.prefix, 'rackup', '-E', 'production', '-s', 'webrick', '-o', '127.0.0.1', '-p', String(port), join(REDMINE_ROOT, 'config.ru')];
      try {
        child = spawn(argv[0], argv.slice(1), { cwd: REDMINE_ROOT, env: rubyEnv(folder), detached: true, stdio: ['ignore', log, log] });
      } finally {
        closeSync(log);
      }
      const proc = child;
      let gone = false;
      void exited(proc).then(() => (gone = true));
      const failure = (why: string): Error =>
        new Error(`Redmine ${why}\n--- ${serverLogFile} ---\n${tail(serverLogFile, 4000)}\n--- ${logFile} ---\n${tail(logFile, 3000)}`);
      const deadline = Date.now() + START_TIMEOUT_MS;
      for (let pause = 50; ; pause = Math.min(pause * 1.5, 500)) {
        if (gone) throw failure(`exited (${proc.exitCode ?? proc.signalCode}) before answering on ${url}`);
        try {
          const { status } = await api('GET', '/users/current.json');
          if (status === 200) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) {
          await kill('SIGKILL');
          throw failure(`did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s`);
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    };
    /** Signals the server's process group and waits for the server to exit (SIGKILL after 10 s). */
    const kill = async (signal: NodeJS.Signals): Promise<void> => {
      const proc = child;
      if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
      const send = (s: NodeJS.Signals): void => {
        try {
          process.kill(-proc.pid!, s);
        } catch {
          // Already gone.
        }
      };
      send(signal);
      const timer = setTimeout(() => send('SIGKILL'), 10_000);
      await exited(proc);
      clearTimeout(timer);
    };

    await start();
    let stopped = false;
    return {
      url,
      port,
      adminLogin: 'admin',
      adminPassword: ADMIN_PASSWORD,
      adminKey: setup.adminKey,
      adminId: setup.adminId,
      developerLogin: 'developer',
      developerPassword: DEVELOPER_PASSWORD,
      developerKey: setup.developerKey,
      developerId: setup.developerId,
      project: 'repro',
      projectId: setup.projectId,
      versions: setup.versions,
      folder,
      logFile,
      serverLogFile,
      pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
      api,
      runner,
      createCustomField: async (name, { format = 'string', possibleValues } = {}) => {
        const input = JSON.stringify({ name, format, possibleValues: possibleValues ?? null });
        const out = await runner(`require 'json'
opts = JSON.parse(<<~'JSON')
  ${input}
JSON
field = IssueCustomField.new(name: opts['name'], field_format: opts['format'], is_for_all: true, is_filter: true, searchable: true, visible: true)
field.possible_values = opts['possibleValues'] if opts['possibleValues']
field.trackers = Tracker.all.to_a
field.save!
puts field.id
`);
        return Number(out.trim().split('\n').pop());
      },
      crash: () => kill('SIGKILL'),
      restart: async () => {
        await kill('SIGTERM');
        await start();
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await kill('SIGTERM');
        } finally {
          running.delete(folder);
          killSync(folder);
        }
      },
    };
  };
  try {
    return await setUp();
  } catch (error) {
    running.delete(folder);
    killSync(folder);
    throw error;
  }
}

/** One server for a describe block: started in `before`, stopped in `after`. Call the result inside tests. */
export function useRedmine(options: RedmineOptions = {}): () => RedmineServer {
  let server: RedmineServer | undefined;
  before(async function () {
    this.timeout(START_TIMEOUT_MS + RUBY_TIMEOUT_MS);
    server = await startRedmine(options);
  });
  after(async function () {
    this.timeout(30_000);
    await server?.stop();
    server = undefined;
  });
  return () => {
    if (!server) throw new Error('useRedmine(): the server is only there inside the describe block’s tests');
    return server;
  };
}
