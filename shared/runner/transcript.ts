// The transcript: a canonical text of everything a run did and saw, normalized, with no timings, so that the
// same behaviour gives the same fingerprint on any machine and different behaviour a different one.
// Script line numbers travel with the entries (to say where runs diverge) but are not hashed: adding a comment
// to a script does not change what its runs did.

import { createHash } from 'node:crypto';
import type { TranscriptEntry } from './results';

export class Transcript {
  readonly entries: TranscriptEntry[] = [];

  add(line: number, text: string): void {
    this.entries.push({ line, text });
  }

  fingerprint(): string {
    const hash = createHash('sha256');
    for (const entry of this.entries) hash.update(entry.text).update('\n');
    return hash.digest('hex');
  }
}

/** The script line of the first entry where the transcripts are not all the same, or null. */
export function divergence(transcripts: readonly (readonly TranscriptEntry[])[]): number | null {
  if (transcripts.length < 2) return null;
  const longest = Math.max(...transcripts.map((t) => t.length));
  for (let i = 0; i < longest; i++) {
    const texts = new Set(transcripts.map((t) => t[i]?.text));
    if (texts.size > 1) return transcripts.find((t) => t[i] !== undefined)![i].line;
  }
  return null;
}

/** A value as the transcript and messages show it: one line, quoted, escapes visible. */
export function shown(text: string, limit = Infinity): string {
  const cut = text.length > limit ? text.slice(0, limit) + '…' : text;
  return JSON.stringify(cut);
}
