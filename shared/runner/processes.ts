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

/** pid → parent pid, for every process we can see. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  if (HAS_PROC) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // The command name (field 2) may hold blanks and parentheses: the ppid comes after its last ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        map.set(Number(entry), Number(fields[1]));
      } catch {
        // Gone while we looked.
      }
    }
    return map;
  }
  try {
    for (const line of execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' }).split('\n')) {
      const [pid, ppid] = line.trim().split(/\s+/).map(Number);
      if (pid) map.set(pid, ppid);
    }
  } catch {
    // No ps: only the roots themselves can be ended.
  }
  return map;
}

/** The processes that carry `WORK=<work>` in their environment (Linux), however they were started. */
function marked(work: string): number[] {
  if (!HAS_PROC) return [];
  const needle = Buffer.from(`\0WORK=${work}\0`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      if (Buffer.concat([Buffer.from([0]), environ]).includes(needle)) found.push(Number(entry));
    } catch {
      // Not ours, or gone.
    }
  }
  return found;
}

/** The roots, their descendants, and (with `work`) every process marked with that WORK. */
export function processTree(roots: readonly number[], work?: string): number[] {
  const ppids = parents();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of ppids) {
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
  if (work !== undefined) for (const pid of marked(work)) visit(pid);
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
export async function endProcesses(roots: readonly number[], work?: string, graceMs = GRACE_MS): Promise<void> {
  let targets = processTree(roots, work);
  if (targets.length === 0) return;
  signalAll(targets, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  // Grandchildren are not our children, so nothing announces their end: look again until they are gone.
  while (targets.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  for (let round = 0; round < 5; round++) {
    targets = [...new Set([...targets.filter(alive), ...processTree(roots, work)])];
    if (targets.length === 0) return;
    signalAll(targets, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
