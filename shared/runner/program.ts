// Whether a program can be started, decided by the runner itself just before it starts it (spec §4): a program
// that is not there, not executable, a folder, or a script whose interpreter (or the program its
// `#!/usr/bin/env` line names) is missing is the runner's failure to start it, which makes the run
// inconclusive. The shell that runs programs (spawner.ts) would answer all of these with status 126 or 127,
// which a program may just as well return itself; so the lookup is done here, as `exec` does it (PATH for a
// bare name, the current folder for a name with a slash), and the shell re-checks the path found just before
// it launches (see spawner.ts), so a file that an earlier program removed is caught too.

import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';

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

/** Where and how a name is looked up: the run's folder and the sandbox's PATH (what `env` on a #! line uses). */
interface Lookup {
  cwd: string;
  path: string;
  /** How many #! lines deep this is; past the kernel's own limit nothing more is judged (no endless loop). */
  depth: number;
}

const MAX_INTERPRETER_DEPTH = 4;

/** What is at `candidate`: an executable regular file, or why not. */
function inspect(candidate: string, lookup: Lookup): Resolved {
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
  return interpreterThere(candidate, lookup) ? { path: candidate } : { failure: 'no-interpreter' };
}

/**
 * A `#!` script's interpreter is an executable file (a missing one makes exec fail as if the script were), and
 * for `#!/usr/bin/env NAME` NAME is on PATH too: env answers a missing NAME with 127 just as exec would.
 */
function interpreterThere(path: string, lookup: Lookup): boolean {
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
  if (!head.startsWith('#!') || lookup.depth >= MAX_INTERPRETER_DEPTH) return true;
  const deeper = { ...lookup, depth: lookup.depth + 1 };
  const line = head.slice(2).split('\n')[0].trim();
  const interpreter = line.split(/[ \t]/)[0];
  if (!interpreter) return true;
  // The kernel takes a relative interpreter from the process's folder; the script's is the nearest we know.
  const found = inspect(resolve(dirname(path), interpreter), deeper);
  if (!('path' in found)) return found.failure === 'no-interpreter';
  const program = basename(interpreter) === 'env' ? envProgram(line.slice(interpreter.length).trim()) : undefined;
  return program === undefined || 'path' in lookUp(program, deeper);
}

/**
 * The program `env` is asked to start by the rest of a #! line, or undefined when that is not clear. Linux passes
 * the rest as one argument, so `env python3 -u` looks for a program named "python3 -u" (and fails, as here);
 * `env -S …` splits it, and then options and NAME=VALUE words come before the program.
 */
function envProgram(rest: string): string | undefined {
  if (rest === '') return undefined; // env alone prints the environment
  if (!rest.startsWith('-')) return rest;
  const split = /^-S\s*(.*)$/.exec(rest);
  if (!split) return undefined; // another option: env's own parsing, not second-guessed here
  const words = split[1].split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-u' || words[i] === '-C') i++;
    else if (!words[i].startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) return words[i];
  }
  return undefined;
}

/**
 * Where `name` is, as `exec` would find it from `cwd` with `path` (the sandbox's PATH), or why it cannot start.
 * On PATH, folders and non-executable files are passed over as a shell does; the failure is then the most
 * telling one met (a file that is there but not executable says more than "not found").
 */
export function resolveProgram(name: string, cwd: string, path: string): Resolved {
  return lookUp(name, { cwd, path, depth: 0 });
}

function lookUp(name: string, lookup: Lookup): Resolved {
  const { cwd, path } = lookup;
  if (name.includes('/')) return inspect(isAbsolute(name) ? name : resolve(cwd, name), lookup);
  let failure: StartFailure = 'not-on-path';
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const found = inspect(join(resolve(cwd, dir), name), lookup);
    if ('path' in found) return found;
    if (found.failure === 'not-executable' || found.failure === 'no-interpreter') failure = found.failure;
  }
  return { failure };
}
