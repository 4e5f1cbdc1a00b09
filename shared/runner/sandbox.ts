// The hermetic sandbox (spec §5): a fresh WORK with the archive extracted, an environment rebuilt from a
// fixed list, and paths that stay inside WORK at run time, symlinks included.

import * as l10n from '@vscode/l10n';
import { accessSync, chmodSync, constants, lstatSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** 2000-01-01T00:00:00Z: tools that stamp builds read this instead of the clock. */
const SOURCE_DATE_EPOCH = '946684800';

export interface SandboxOptions {
  seed: number;
  /** `repro run --env NAME=VALUE`: given on purpose by the caller, set after the fixed list. */
  extraEnv?: Readonly<Record<string, string>>;
  /** The caller's PATH, the one variable inherited (spec §5). */
  path?: string;
}

export class Sandbox {
  /** The run's private folder: WORK, and beside it the runner's own files (never seen by the script). */
  readonly root: string;
  readonly work: string;
  /** Where the runner keeps its named pipes (in memory where the system offers a place). */
  readonly io: string;
  /** WORK as created and as resolved through symlinks (/tmp may be a link): both are replaced by $WORK. */
  readonly workPaths: string[];
  private readonly realWork: string;
  readonly env: Record<string, string>;

  constructor(options: SandboxOptions) {
    this.root = mkdtempSync(join(tmpdir(), 'repro-'));
    this.work = join(this.root, 'work');
    this.io = mkdtempSync(join(pipeFolder() ?? this.root, 'repro-io-'));
    for (const dir of [this.work, join(this.work, '.home'), join(this.work, '.tmp')]) mkdirSync(dir, { recursive: true });
    this.realWork = realpathSync(this.work);
    this.workPaths = [...new Set([this.work, this.realWork])].sort((a, b) => b.length - a.length);
    // Rebuilt, not inherited: nothing else of the caller's environment (secrets included) gets in.
    this.env = {
      PATH: options.path ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: join(this.work, '.home'),
      TMPDIR: join(this.work, '.tmp'),
      TZ: 'UTC',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      SOURCE_DATE_EPOCH,
      REPRO_SEED: String(options.seed),
      WORK: this.work,
      NO_COLOR: '1',
      TERM: 'dumb',
      ...options.extraEnv,
    };
  }

  /** Writes an archive file into WORK (its name was checked before the run: relative, inside WORK). */
  writeFile(name: string, content: Uint8Array): void {
    const path = resolve(this.work, name);
    if (!this.contains(path)) throw new SandboxError(l10n.t('archive file {0} would leave WORK', name));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }

  /**
   * `path` (relative to `cwd`, a folder inside WORK) as an absolute path that stays inside WORK once every
   * symlink on the way is followed. The last part need not exist yet (`wait file`, a file a check expects).
   */
  resolve(cwd: string, path: string): string {
    if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) throw new SandboxError(l10n.t('{0} is absolute: paths stay inside WORK', path));
    const absolute = resolve(cwd, path);
    if (!this.contains(this.realOf(absolute))) throw new SandboxError(l10n.t('{0} leads out of WORK', path));
    return absolute;
  }

  /** The path with symlinks resolved as far as it exists. */
  private realOf(path: string): string {
    let existing = path;
    const rest: string[] = [];
    for (;;) {
      try {
        return join(realpathSync(existing), ...rest);
      } catch {
        const parent = dirname(existing);
        if (parent === existing) return path;
        rest.unshift(existing.slice(parent.length + 1));
        existing = parent;
      }
    }
  }

  private contains(path: string): boolean {
    for (const base of [this.work, this.realWork]) {
      const rel = relative(base, path);
      if (rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel))) return true;
    }
    return false;
  }

  /** Removes the whole folder, even where a program took its own permissions away. */
  remove(): void {
    rmSync(this.io, { recursive: true, force: true });
    try {
      rmSync(this.root, { recursive: true, force: true });
    } catch {
      restorePermissions(this.root);
      rmSync(this.root, { recursive: true, force: true });
    }
  }
}

/**
 * A memory-backed folder for the runner's named pipes, where making one costs microseconds (on a journaling
 * disk it can cost most of a millisecond, more than running a small program). None: beside WORK.
 */
function pipeFolder(): string | undefined {
  for (const dir of [process.env.XDG_RUNTIME_DIR, '/dev/shm']) {
    if (!dir) continue;
    try {
      accessSync(dir, constants.W_OK);
      if (statSync(dir).isDirectory()) return dir;
    } catch {
      // Not there, or not ours to write.
    }
  }
  return undefined;
}

function restorePermissions(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (lstatSync(path).isDirectory()) restorePermissions(path);
    }
  } catch {
    // What cannot be fixed is left to rmSync to report.
  }
}

/** The sandbox refused something or could not be set up: the run is inconclusive, and says why. */
export class SandboxError extends Error {
  override name = 'SandboxError';
}
