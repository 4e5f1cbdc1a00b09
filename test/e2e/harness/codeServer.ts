// End-to-end harness: a real VS Code (code-server: VS Code's own server + web workbench, installed by
// test/e2e/setup.sh) in Debian's Chromium, driven by playwright-core.
//
// - startCodeServer() runs the server on a free loopback port with a fresh user-data dir;
// - launchBrowser() + openWorkbench() show the workbench for Playwright scenarios and screenshots;
// - runExtensionTests() runs an extension's test module (its `run()`) inside the server's extension host, as
//   @vscode/test-electron does on a desktop: the workbench takes extensionDevelopmentPath/extensionTestsPath from
//   the `payload` URL parameter and calls window.codeAutomationExit(code) when the tests finish.
//
// Nothing here sleeps for a fixed time: it waits on process output, process exit and Playwright's waiting APIs;
// timers are only deadlines.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT } from '../../helpers/golden';
import { freePort } from '../../helpers/processes';

export const REPO_ROOT: string = ROOT;
export const CODE_SERVER_DIR: string = join(REPO_ROOT, '.vscode-test', 'code-server');
const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface CodeServerOptions {
  /** Folder to open. */
  workspace: string;
  /** true: workspace trust disabled (everything allowed); false: trust enabled and the folder stays in Restricted Mode. */
  trusted: boolean;
  /** Merged over the harness's defaults into User/settings.json. */
  settings?: Record<string, unknown>;
  /**
   * Written to Machine/settings.json: the server's own settings, where a remote window (code-server's is one)
   * reads the settings of `machine` and `machine-overridable` scope; it ignores them in the user's.
   */
  machineSettings?: Record<string, unknown>;
  /** Default: a fresh temp dir, removed by stop(). */
  extensionsDir?: string;
  /** Install this .vsix into extensionsDir before starting. */
  installVsix?: string;
  /** Display language, e.g. 'ru' (--locale); needs the matching language pack installed to change the UI. */
  locale?: string;
  /**
   * Language packs by language (`ru`), each the path of its translations of VS Code (`main.i18n.json`), written
   * to the user data's languagepacks.json, where the server looks them up when it starts in that language (VS
   * Code writes that file when a pack is installed from its UI; `--install-extension` does not).
   */
  languagePacks?: Record<string, string>;
  /** Extra environment for the server and so for its extension host (and the extension's tests). */
  env?: Record<string, string>;
}

export interface CodeServer {
  url: string;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  /** Everything the server printed so far (stdout and stderr, line by line). */
  output: string[];
  stop(): Promise<void>;
}

/** Settings every run starts from: no welcome page, no prompts, nothing that reaches the network. */
const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.startupPrompt': 'never',
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.openRepositoryInParentFolders': 'never',
};

const LISTENING = /HTTP server listening on (https?:\/\/\S+)/;

/** The environment for code-server: ours, less what would make it act as a client of another VS Code. */
function serverEnv(root: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // VSCODE_IPC_HOOK_CLI (set in a VS Code terminal) turns code-server into a CLI for that instance; $PORT
    // overrides --bind-addr; ELECTRON_RUN_AS_NODE and the rest of VSCODE_* belong to a surrounding VS Code.
    if (key.startsWith('VSCODE_') || key === 'PORT' || key === 'ELECTRON_RUN_AS_NODE') continue;
    if (key === 'PASSWORD' || key === 'HASHED_PASSWORD' || key === 'GITHUB_TOKEN') continue;
    env[key] = value;
  }
  // No extension gallery (code-server's default is open-vsx.org, out of reach here): the workbench and the server
  // then make no marketplace queries at all.
  env.EXTENSIONS_GALLERY = '{}';
  // code-server keeps logs and a heartbeat in ~/.local/share/code-server and VS Code a device id in ~/.cache
  // whatever --user-data-dir says: keep them (and anything the extension host writes there) in the temp dir.
  Object.assign(env, xdgDirs(root));
  return { ...env, ...extra };
}

/** XDG base directories under `root`, so that a program leaves nothing in the home folder. */
function xdgDirs(root: string): Record<string, string> {
  return {
    XDG_CONFIG_HOME: join(root, 'xdg', 'config'),
    XDG_DATA_HOME: join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: join(root, 'xdg', 'cache'),
    XDG_STATE_HOME: join(root, 'xdg', 'state'),
  };
}

function collectLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) onLine(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
    rest = '';
  });
}

function assertInstalled(): void {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed in ${CODE_SERVER_DIR}: run \`bash test/e2e/setup.sh\` first`);
  }
}

/** Runs code-server to completion (for --install-extension); resolves with its output, rejects on failure. */
function runCodeServerCommand(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CODE_SERVER_ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    collectLines(child.stdout, (l) => output.push(l));
    collectLines(child.stderr, (l) => output.push(l));
    const deadline = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(deadline);
      if (code === 0) resolveRun(output.join('\n'));
      else reject(new Error(`code-server ${args.join(' ')} failed (${signal ?? code}):\n${output.join('\n')}`));
    });
  });
}

/** A live process: its pid and its start time (field 22 of /proc/PID/stat), so that a reused pid is never hit. */
interface Proc {
  pid: number;
  start: string;
}

function readStat(pid: number): { ppid: number; start: string; zombie: boolean } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    return { ppid: Number(fields[1]), start: fields[19], zombie: fields[0] === 'Z' };
  } catch {
    return undefined;
  }
}

/** `pid` and all its descendants (Linux /proc), parents first. */
function processTree(pid: number): Proc[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && !stat.zombie) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const tree: Proc[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const stat = readStat(next);
    if (stat && !stat.zombie) tree.push({ pid: next, start: stat.start });
    queue.push(...(children.get(next) ?? []));
  }
  return tree;
}

/** Signals each process of a tree taken earlier that is still the same process and alive. */
function signalProcs(procs: Proc[], signal: NodeJS.Signals): void {
  for (const proc of procs) {
    const stat = readStat(proc.pid);
    if (!stat || stat.zombie || stat.start !== proc.start) continue;
    try {
      process.kill(proc.pid, signal);
    } catch {
      // Gone meanwhile.
    }
  }
}

/** Every process of the tree under `pid`, now and as taken before (reparented ones stay reachable): SIGKILL. */
function killTree(pid: number, seen: Proc[]): void {
  signalProcs([...seen, ...processTree(pid)], 'SIGKILL');
}

/** Starts code-server on a free port with a fresh user-data dir; resolves once it is listening. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  assertInstalled();
  const root = await mkdtemp(join(tmpdir(), 'repro-desk-code-server-'));
  try {
    const userDataDir = join(root, 'user-data');
    const extensionsDir = options.extensionsDir ? resolve(options.extensionsDir) : join(root, 'extensions');
    // An explicit config file: without one code-server writes ~/.config/code-server/config.yaml (and reads it).
    const configFile = join(root, 'config.yaml');
    await mkdir(join(userDataDir, 'User'), { recursive: true });
    await mkdir(extensionsDir, { recursive: true });
    await writeFile(configFile, 'auth: none\n');
    const settings: Record<string, unknown> = {
      ...DEFAULT_SETTINGS,
      'security.workspace.trust.enabled': !options.trusted,
      ...options.settings,
    };
    await writeFile(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
    if (options.machineSettings) {
      await mkdir(join(userDataDir, 'Machine'), { recursive: true });
      await writeFile(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(options.machineSettings, null, 2));
    }

    if (options.languagePacks) {
      const packs = Object.entries(options.languagePacks).map(([language, translations]) => [
        language,
        { hash: `test-${language}`, label: language, extensions: [{ extensionIdentifier: { id: `repro-desk-tests.language-pack-${language}` }, version: '0.0.1' }], translations: { vscode: resolve(translations) } },
      ]);
      await writeFile(join(userDataDir, 'languagepacks.json'), JSON.stringify(Object.fromEntries(packs)));
    }

    const env = serverEnv(root, options.env);
    const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    if (options.installVsix) {
      await runCodeServerCommand([...common, '--force', '--install-extension', resolve(options.installVsix)], env, 120_000);
    }

    const args = [
      ...common,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    if (options.trusted) args.push('--disable-workspace-trust');
    if (options.locale) args.push('--locale', options.locale);

    // Another process may take the port between freePort() and the bind: try again on EADDRINUSE.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        return await spawnServer([...args, '--bind-addr', `127.0.0.1:${port}`, resolve(options.workspace)], env, {
          port,
          root,
          userDataDir,
          extensionsDir,
        });
      } catch (error) {
        if (attempt < 3 && /EADDRINUSE/.test(String(error))) continue;
        throw error;
      }
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  where: { port: number; root: string; userDataDir: string; extensionsDir: string },
): Promise<CodeServer> {
  const output: string[] = [];
  // Not detached: Ctrl-C in a terminal reaches the server and its children too. stop() ends the process tree
  // (server, extension hosts, pty host, file watcher) by pid.
  const child: ChildProcess = spawn(process.execPath, [CODE_SERVER_ENTRY, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw await new Promise<Error>((r) => child.once('error', (e) => r(new Error(`could not start code-server: ${e.message}`))));
  }
  const pid: number = child.pid;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // If this Node process ends without stop(), don't leave the server behind.
  const onExit = () => killTree(pid, []);
  process.once('exit', onExit);

  const url = await new Promise<string>((resolveUrl, reject) => {
    const deadline = setTimeout(() => fail(new Error('code-server did not start listening within 60 s')), 60_000);
    function fail(error: Error) {
      clearTimeout(deadline);
      killTree(pid, []);
      process.removeListener('exit', onExit);
      reject(new Error(`${error.message}\n${output.join('\n')}`));
    }
    const onLine = (line: string) => {
      output.push(line);
      const match = LISTENING.exec(line);
      if (match) {
        clearTimeout(deadline);
        resolveUrl(match[1]);
      }
    };
    collectLines(child.stdout, onLine);
    collectLines(child.stderr, onLine);
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`code-server exited (${signal ?? code}) before listening`)));
  });

  let stopping: Promise<void> | undefined;
  return {
    url,
    port: where.port,
    userDataDir: where.userDataDir,
    extensionsDir: where.extensionsDir,
    output,
    stop() {
      stopping ??= (async () => {
        // Taken before the server goes: its children would then be reparented and out of reach of a new walk.
        const tree = processTree(pid);
        if (child.exitCode === null && child.signalCode === null) {
          signalProcs(tree, 'SIGTERM');
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 10_000)))]);
          clearTimeout(timer);
        }
        // Whatever outlived the server (an extension host, the pty host, a process a test started) goes too.
        killTree(pid, tree);
        process.removeListener('exit', onExit);
        await rm(where.root, { recursive: true, force: true, maxRetries: 3 });
      })();
      return stopping;
    },
  };
}

/** Debian's Chromium, headless, with a fresh profile (Playwright's launch() makes a temp one) and a 1400x900 page. */
export async function launchBrowser(): Promise<{ browser: Browser; page: Page }> {
  // Chromium writes "Crash Reports" to ~/.config/chromium and dconf to ~/.cache whatever the profile: give it
  // XDG dirs of its own, removed when the browser goes.
  const home = await mkdtemp(join(tmpdir(), 'repro-desk-chromium-'));
  const cleanup = () => rmSync(home, { recursive: true, force: true, maxRetries: 3 });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      env: { ...process.env, ...xdgDirs(home) },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-dev-shm-usage',
        '--disable-features=Translate,MediaRouter,OptimizationHints',
      ],
    });
  } catch (error) {
    cleanup();
    throw error;
  }
  browser.once('disconnected', cleanup);
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** vscode-remote://127.0.0.1:PORT/abs/path for a local path (the server is this machine). */
function remoteUri(server: CodeServer, path: string): string {
  return `vscode-remote://127.0.0.1:${server.port}${pathToFileURL(resolve(path)).pathname}`;
}

/**
 * The workbench URL for `folder`, with the development options the web workbench reads from its `payload`
 * parameter (a URL-encoded JSON list of [name, value] pairs; skipWelcome and skipReleaseNotes go there too).
 */
export function workbenchUrl(
  server: CodeServer,
  folder: string,
  payload?: { extensionDevelopmentPath?: string; extensionTestsPath?: string },
): string {
  const entries: [string, string][] = [];
  if (payload?.extensionDevelopmentPath) {
    entries.push(['extensionDevelopmentPath', remoteUri(server, payload.extensionDevelopmentPath)]);
  }
  if (payload?.extensionTestsPath) entries.push(['extensionTestsPath', remoteUri(server, payload.extensionTestsPath)]);
  entries.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const base = `http://127.0.0.1:${server.port}/`;
  const folderParam = encodeURIComponent(resolve(folder)).replace(/%2F/g, '/');
  return `${base}?folder=${folderParam}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

/** The workbench logs this (level info, the default) once its socket to the server's extension host is open. */
const EXTENSION_HOST_CONNECTED = /Creating a socket \(renderer-ExtensionHost-[^)]*\) was successful/;

/**
 * Opens the workbench and waits until it is usable: the workbench and its status bar are rendered, the page's
 * connection to the server's extension host is open, and the workbench is restored (Problems in the status bar,
 * no progress bar in the side bar).
 * Extensions activate shortly after that: a scenario that needs one active waits for something it shows
 * (`readySelector`, e.g. its status bar item), as nothing else in the page tells.
 */
export async function openWorkbench(
  page: Page,
  url: string,
  options: { timeoutMs?: number; readySelector?: string } = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  await workbenchLoaded(page, () => page.goto(url, { waitUntil: 'domcontentloaded', timeout }), options);
}

/**
 * Resolves once the workbench that `load` brings (a navigation, a reload) is usable; see openWorkbench. The
 * extension host's message is waited for from before `load` starts, so that it cannot pass unseen.
 */
export async function workbenchLoaded(
  page: Page,
  load: () => Promise<unknown>,
  options: { timeoutMs?: number; readySelector?: string } = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? 60_000;
  const extensionHost = page.waitForEvent('console', { predicate: (m) => EXTENSION_HOST_CONNECTED.test(m.text()), timeout });
  extensionHost.catch(() => undefined); // Awaited below; this only covers a load that fails first.
  await load();
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('[id="workbench.parts.statusbar"]').waitFor({ state: 'visible', timeout });
  await extensionHost;
  // The workbench is restored: its Problems entry is in the status bar (seen to appear after the Explorer has
  // listed the folder), and no view shows a progress bar any more.
  await page.locator('[id="status.problems"]').waitFor({ state: 'visible', timeout });
  // (A string: this project's TypeScript has no DOM types; it runs in the page.)
  await page.waitForFunction(`!document.querySelector('.part.sidebar .monaco-progress-container.active')`, undefined, {
    timeout,
  });
  if (options.readySelector) await page.locator(options.readySelector).first().waitFor({ state: 'visible', timeout });
}

export interface ExtensionTestRun {
  /** The code the workbench reported when the tests' run() finished (0: passed); 124 when the run timed out. */
  exitCode: number;
  timedOut: boolean;
  /** The page's console: the extension host's console output is forwarded here in extension development. */
  consoleLog: string[];
  /** code-server's own output. */
  serverOutput: string[];
  /** The workbench's log files, as handed to codeAutomationExit (relative path and contents). */
  logs: { relativePath: string; contents: string }[];
}

export interface ExtensionTestOptions extends CodeServerOptions {
  /** The extension's folder (its package.json). */
  extensionDevelopmentPath: string;
  /** The tests module (a .js file whose exports include run()); loaded with require() in the extension host. */
  extensionTestsPath: string;
  /** Default 5 minutes. */
  timeoutMs?: number;
  /** Saves a screenshot of the workbench here when the run fails or times out. */
  screenshotOnFailure?: string;
  /** Called with each console line as it arrives (e.g. to stream the tests' output). */
  onConsole?: (line: string) => void;
}

/** Runs an extension's tests inside code-server's extension host, like @vscode/test-electron's runTests(). */
export async function runExtensionTests(options: ExtensionTestOptions): Promise<ExtensionTestRun> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const consoleLog: string[] = [];
  const log = (line: string) => {
    consoleLog.push(line);
    options.onConsole?.(line);
  };
  const server = await startCodeServer(options);
  let browser: Browser | undefined;
  try {
    const launched = await launchBrowser();
    browser = launched.browser;
    const page = launched.page;
    page.on('console', (message) => {
      // The workbench's logger styles its lines: "%c INFO color: #33f text" reads "INFO text".
      const text = message.text().replace(/^%c\s*(\w+)\s+color:\s*\S+\s/, '$1 ');
      log(message.type() === 'log' ? text : `[${message.type()}] ${text}`);
    });
    page.on('pageerror', (error) => log(`[pageerror] ${error.stack ?? error.message}`));

    type Logs = ExtensionTestRun['logs'];
    const finished = new Promise<{ code: number; logs: Logs }>((resolveExit, reject) => {
      page.on('crash', () => reject(new Error('the workbench page crashed')));
      // Exposed before navigation, so that the workbench finds it whenever the tests end.
      void page
        .exposeFunction('codeAutomationExit', (code: number, logs?: Logs) => {
          resolveExit({ code: Number(code), logs: Array.isArray(logs) ? logs : [] });
        })
        .catch(reject);
    });
    finished.catch(() => undefined); // Still raced below; this only keeps a late crash from going unhandled.
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));

    const url = workbenchUrl(server, options.workspace, {
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionTestsPath: options.extensionTestsPath,
    });
    let outcome: { code: number; logs: Logs } | 'timeout';
    try {
      outcome = await Promise.race([
        page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs }).then(() => Promise.race([finished, timedOut])),
        finished,
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }

    const result: ExtensionTestRun =
      outcome === 'timeout'
        ? { exitCode: 124, timedOut: true, consoleLog, serverOutput: server.output, logs: [] }
        : { exitCode: outcome.code, timedOut: false, consoleLog, serverOutput: server.output, logs: outcome.logs };
    if (result.exitCode !== 0 && options.screenshotOnFailure) {
      await mkdir(dirname(resolve(options.screenshotOnFailure)), { recursive: true });
      await page.screenshot({ path: options.screenshotOnFailure }).catch((e: unknown) => log(`[harness] screenshot failed: ${String(e)}`));
    }
    if (result.timedOut) log(`[harness] extension tests did not finish within ${timeoutMs} ms`);
    return result;
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
  }
}
