// Whether a program can be started, decided by the runner itself just before it starts it (spec §4): a program
// that is not there, not executable, a folder, or a script whose interpreter is missing is the runner's failure
// to start it, which makes the run inconclusive. The shell that runs programs (spawner.ts) would answer all of
// these with status 126 or 127, which a program may just as well return itself; so the lookup is done here, as
// `exec` does it (PATH for a bare name, the current folder for a name with a slash), and the shell re-checks the
// path found just before it launches (see spawner.ts), so a file that an earlier program removed is caught too.

import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

/** Why a program could not be started. The code goes into the transcript, the text into the reason. */
export type StartFailure = 'not-on-path' | 'no-such-file' | 'folder' | 'not-a-file' | 'not-executable' | 'no-interpreter' | 'gone';

/** How each failure reads (passed through l10n when shown). No path in them: a reason reads the same anywhere. */
export const START_FAILURES: Record<StartFailure, string> = {
  'not-on-path': 'not found on PATH',
  'no-such-file': 'no such file',
  folder: 'it is a folder, not a program',
  'not-a-file': 'it is not a regular file',
  'not-executable': 'it is not executable',
  'no-interpreter': 'the interpreter on its #! line is not there',
  gone: 'it was no longer there when its turn came',
};

export type Resolved = { path: string } | { failure: StartFailure };

/** The first bytes of a file read for its `#!` line: the kernel itself reads no more than this. */
const SHEBANG_BYTES = 256;

/** What is at `candidate`: an executable regular file, or why not. */
function inspect(candidate: string): Resolved {
  let stats;
  try {
    stats = statSync(candidate);
  } catch {
    return { failure: 'no-such-file' };
  }
  if (stats.isDirectory()) return { failure: 'folder' };
  if (!stats.isFile()) return { failure: 'not-a-file' };
  try {
    accessSync(candidate, constants.X_OK);
  } catch {
    return { failure: 'not-executable' };
  }
  return interpreterThere(candidate) ? { path: candidate } : { failure: 'no-interpreter' };
}

/** A `#!` script's interpreter is an executable file (a missing one makes exec fail as if the script were). */
function interpreterThere(path: string): boolean {
  let head: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(SHEBANG_BYTES);
      head = buffer.subarray(0, readSync(fd, buffer, 0, SHEBANG_BYTES, 0)).toString('latin1');
    } finally {
      closeSync(fd);
    }
  } catch {
    return true; // Executable but unreadable: exec may still run it; only a clear answer counts.
  }
  if (!head.startsWith('#!')) return true;
  const interpreter = head.slice(2).split('\n')[0].trim().split(/[ \t]/)[0];
  if (!interpreter) return true;
  // The kernel takes a relative interpreter from the process's folder; the script's is the nearest we know.
  const found = inspect(resolve(dirname(path), interpreter));
  return 'path' in found || found.failure === 'no-interpreter';
}

/**
 * Where `name` is, as `exec` would find it from `cwd` with `path` (the sandbox's PATH), or why it cannot start.
 * On PATH, folders and non-executable files are passed over as a shell does; the failure is then the most
 * telling one met (a file that is there but not executable says more than "not found").
 */
export function resolveProgram(name: string, cwd: string, path: string): Resolved {
  if (name.includes('/')) return inspect(isAbsolute(name) ? name : resolve(cwd, name));
  let failure: StartFailure = 'not-on-path';
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const found = inspect(join(resolve(cwd, dir), name));
    if ('path' in found) return found;
    if (found.failure === 'not-executable' || found.failure === 'no-interpreter') failure = found.failure;
  }
  return { failure };
}
