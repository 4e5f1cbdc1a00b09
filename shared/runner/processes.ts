// Ending process trees. A timeout or the end of a run must leave no process behind: not the program, not its
// children, not a grandchild that ignores TERM, not a daemon that left the process group. On Linux every
// process of a run is found by its ancestry and by the WORK variable it inherited (no other run has the same
// one); elsewhere `ps` gives the ancestry.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** TERM first, then KILL after this long (spec §5). */
export const GRACE_MS = 2000;
const POLL_MS = 20;

const HAS_PROC = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

interface ProcessInfo {
  ppid: number;
  /** Start time, in clock ticks since boot (Linux); 0 where unknown. */
  start: number;
}

/** The start time of a process (Linux), to tell the processes a run started from those it found running. */
export function startTime(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return 0;
  }
}

/** Every process we can see, with its parent. */
function processes(): Map<number, ProcessInfo> {
  const map = new Map<number, ProcessInfo>();
  if (HAS_PROC) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // The command name (field 2) may hold blanks and parentheses: the fields after its last ')' are safe.
        const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        map.set(Number(entry), { ppid: Number(fields[1]), start: Number(fields[19]) });
      } catch {
        // Gone while we looked.
      }
    }
    return map;
  }
  try {
    for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid) map.set(pid, { ppid, start: 0 });
    }
  } catch {
    // No ps: only the roots themselves can be ended.
  }
  return map;
}

/**
 * The processes that carry `WORK=<work>` in their environment (Linux), however they were started. Only those
 * started since `since` (clock ticks since boot) can be the run's, so only their environments are read.
 */
function marked(all: ReadonlyMap<number, ProcessInfo>, work: string, since: number): number[] {
  if (!HAS_PROC) return [];
  const needle = Buffer.from(`\0WORK=${work}\0`);
  const found: number[] = [];
  for (const [pid, info] of all) {
    if (pid === process.pid || info.start < since) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`);
      if (Buffer.concat([Buffer.from([0]), environ]).includes(needle)) found.push(pid);
    } catch {
      // Not ours, or gone.
    }
  }
  return found;
}

/** Where to look for a run's processes besides the roots: its WORK, and when it began (see `startTime`). */
export interface RunMark {
  work: string;
  since: number;
}

/** The roots, their descendants, and (with a mark) every process of that run. */
export function processTree(roots: readonly number[], mark?: RunMark): number[] {
  const all = processes();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of all) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const found = new Set<number>();
  const visit = (pid: number): void => {
    if (found.has(pid) || pid === process.pid || pid <= 1) return;
    found.add(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  for (const root of roots) visit(root);
  if (mark) for (const pid of marked(all, mark.work, mark.since)) visit(pid);
  return [...found].filter((pid) => alive(pid));
}

/** Running (a zombie has ended: it only waits for its parent to read its status). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (!HAS_PROC) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Ends the trees under `roots` (and every process marked with `work`): TERM, then KILL to whatever is left after
 * the grace period, including what was forked meanwhile. Resolves when none is left (or nothing more can be done).
 */
export async function endProcesses(roots: readonly number[], mark?: RunMark, graceMs = GRACE_MS): Promise<void> {
  let targets = processTree(roots, mark);
  if (targets.length === 0) return;
  signalAll(targets, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  // Grandchildren are not our children, so nothing announces their end: look again until they are gone.
  while (targets.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  for (let round = 0; round < 5; round++) {
    targets = [...new Set([...targets.filter(alive), ...processTree(roots, mark)])];
    if (targets.length === 0) return;
    signalAll(targets, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
