// The snapshot file. A desk's snapshot is a plain SQLite database (it opens in the `sqlite3` shell); it is only
// ever replaced whole (shared/durable.ts), so a crash leaves the old file or the new one, never a mix.

import { readFileSync } from 'node:fs';
import { writeFileDurably } from '../../durable';

export class DeskFileError extends Error {}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Reads a snapshot and checks that it is a whole SQLite file: the header's page count times its page size must
 * be the file's size (a torn or truncated copy fails here, before anything reads it).
 */
export function readSnapshot(path: string): Uint8Array {
  const bytes = readFileSync(path);
  if (bytes.length < 100 || bytes.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new DeskFileError(`${path} is not a SQLite database, so not a Repro Desk desk; it was left as it is`);
  }
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  const pages = bytes.readUInt32BE(28);
  // The in-header size is valid when the "version-valid-for" number matches the change counter.
  if (bytes.readUInt32BE(92) === bytes.readUInt32BE(24) && pages * pageSize !== bytes.length) {
    throw new DeskFileError(`${path} is damaged (${bytes.length} bytes where the header says ${pages * pageSize}); it was left as it is`);
  }
  return bytes;
}

/** The desk's own files are private to the user who made them. */
export function writeDeskFile(path: string, data: Uint8Array | string): void {
  writeFileDurably(path, data, { newFileMode: 0o600 });
}
