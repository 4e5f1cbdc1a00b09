// Processes a test started: found by a marker variable in their environment (Linux /proc), and cleaned up when the
// test process exits.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

/** Pids of live processes whose environment holds NAME=VALUE. */
export function processesWith(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (stat[stat.lastIndexOf(')') + 2] === 'Z') continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) found.push(Number(entry));
    } catch {
      // Gone, or not ours.
    }
  }
  return found;
}

/**
 * Runs CLEAN_UP once when the process exits or gets SIGINT, SIGTERM or SIGHUP (the throwaway servers' helpers:
 * nothing of theirs outlives the tests). Hooked once per CLEAN_UP, however often it is asked.
 */
export function cleanUpOnExit(cleanUp: () => void): void {
  if (hooked.has(cleanUp)) return;
  hooked.add(cleanUp);
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      cleanUp();
      // Alone, this listener replaced Node's default of dying of the signal: restore that and die of it.
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

const hooked = new Set<() => void>();

/** A system user a throwaway server runs as, and how to run a program as it. */
export interface ServerUser {
  uid: number;
  gid: number;
  /** How to run a program as that user: a prefix to the command line. */
  prefix: string[];
}

/**
 * Under root (CI), the system user LOGIN (servers that refuse root, or whose package's files are that user's),
 * through `setpriv` with no PAM session; otherwise the current user, as it is. MISSING says what to do when
 * LOGIN does not exist.
 */
export function serverUser(login: string, missing: string): ServerUser {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) return { uid, gid: process.getgid?.() ?? 0, prefix: [] };
  let entry: string;
  try {
    entry = execFileSync('getent', ['passwd', login], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(missing);
  }
  const [, , u, g] = entry.split(':');
  return { uid: Number(u), gid: Number(g), prefix: ['setpriv', `--reuid=${u}`, `--regid=${g}`, '--init-groups', '--'] };
}

/**
 * A process as an `owner` file names it: its start time (a reused pid has another); undefined when it is gone
 * or a zombie (killed, and not yet reaped by whatever adopted it).
 */
export function processStart(pid: number): string | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const [state, ...rest] = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
    return state === 'Z' ? undefined : rest[18];
  } catch {
    return undefined;
  }
}

/** Whether every folder from / down to DIR lets others through (a server's user, when we are root). */
export function traversableByOthers(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

/** A loopback port that was free a moment ago (nothing listens on it; a server told it binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}
