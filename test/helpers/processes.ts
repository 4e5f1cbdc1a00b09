// Looking for processes a test started, by a marker variable in their environment (Linux /proc).

import { readdirSync, readFileSync } from 'node:fs';

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
