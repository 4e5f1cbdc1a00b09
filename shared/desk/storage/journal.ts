// The journal: the changes committed since the last snapshot, one record per transaction, appended and made
// durable (fdatasync) before the change is reported done. Other processes read it to catch up.
//
//   REPRO-DESK-JOURNAL 1 <epoch> <schema> <base>\n   the header: the desk it belongs to, its schema version,
//                                                    and the last change the snapshot beside it holds
//   <seq> <length> <crc32>\n<payload: length bytes>\n  a record (payload: JSON of the change's statements)
//
// Invariant: records are written whole by one `write` under the lock, so a reader sees a prefix of complete
// records, possibly followed by a torn tail (a writer killed mid-write); a torn tail is ignored by readers and
// cut off by the next writer. A bad record followed by good ones is damage, and the desk refuses the file.

import { closeSync, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const MAGIC = 'REPRO-DESK-JOURNAL';
const FORMAT = 1;

export class JournalError extends Error {}

export interface JournalHeader {
  epoch: string;
  schema: number;
  /** The sequence number of the last change the snapshot holds; the records continue from there. */
  base: number;
  /** Where the first record starts. */
  size: number;
}

/** A committed change, as written by whoever made it. */
export interface ChangePayload {
  /** The schema version the statements were written for. */
  v: number;
  /** What the change was (for people reading the journal). */
  label: string;
  by: string;
  at: string;
  ops: [sql: string, params: (string | number | null)[]][];
}

export interface JournalRecord {
  seq: number;
  payload: ChangePayload;
  /** The offset just after the record. */
  end: number;
}

export function headerText(epoch: string, schema: number, base: number): string {
  return `${MAGIC} ${FORMAT} ${epoch} ${schema} ${base}\n`;
}

export function encodeRecord(seq: number, payload: ChangePayload): Buffer {
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  return Buffer.concat([Buffer.from(`${seq} ${body.length} ${crc32(body).toString(16).padStart(8, '0')}\n`), body, Buffer.from('\n')]);
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

export function readHeader(fd: number): JournalHeader {
  const head = readAt(fd, 0, 256);
  const newline = head.indexOf(10);
  const fields = head.subarray(0, newline < 0 ? 0 : newline).toString('latin1').split(' ');
  if (newline < 0 || fields[0] !== MAGIC || fields.length !== 5) throw new JournalError('not a Repro Desk journal');
  if (Number(fields[1]) !== FORMAT) throw new JournalError(`journal format ${fields[1]} is not one this version reads`);
  return { epoch: fields[2], schema: Number(fields[3]), base: Number(fields[4]), size: newline + 1 };
}

/**
 * The complete records from `offset` to the end of the file. `end` is where the complete records stop: the
 * file's size, or the start of a torn tail.
 */
export function readRecords(fd: number, offset: number): { records: JournalRecord[]; end: number; size: number } {
  const size = fstatSync(fd).size;
  const data = readAt(fd, offset, Math.max(0, size - offset));
  const records: JournalRecord[] = [];
  let at = 0;
  while (at < data.length) {
    const newline = data.indexOf(10, at);
    if (newline < 0) break; // a torn header
    const [seqText, lengthText, crcText] = data.subarray(at, newline).toString('latin1').split(' ');
    const seq = Number(seqText);
    const length = Number(lengthText);
    const bodyEnd = newline + 1 + length;
    if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(length) || crcText?.length !== 8) {
      throw new JournalError(`damaged journal record at byte ${offset + at}`);
    }
    if (bodyEnd + 1 > data.length) break; // a torn body
    const body = data.subarray(newline + 1, bodyEnd);
    if (crc32(body).toString(16).padStart(8, '0') !== crcText || data[bodyEnd] !== 10) {
      // The last record may be torn; damage anywhere else is not something to skip over.
      if (bodyEnd + 1 >= data.length) break;
      throw new JournalError(`damaged journal record ${seq} at byte ${offset + at}`);
    }
    records.push({ seq, payload: JSON.parse(body.toString('utf8')) as ChangePayload, end: offset + bodyEnd + 1 });
    at = bodyEnd + 1;
  }
  return { records, end: offset + at, size };
}

/** Appends a record at `offset` (cutting off a torn tail first) and makes it durable. */
export function appendRecord(fd: number, offset: number, record: Buffer): number {
  if (fstatSync(fd).size !== offset) ftruncateSync(fd, offset);
  let done = 0;
  while (done < record.length) done += writeSync(fd, record, done, record.length - done, offset + done);
  fdatasyncSync(fd);
  return offset + record.length;
}

export function openJournal(path: string, flags: 'r' | 'r+'): number {
  return openSync(path, flags);
}

export function closeJournal(fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}
