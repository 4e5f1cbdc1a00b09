// Writing a file so that a crash leaves the old content or the new, never a mix: a temporary file beside it,
// synced, renamed over it, and the folder synced so that the rename itself survives. A file that exists keeps
// its permissions. (`repro fmt` rewrites scripts this way; the desk writes its files this way.)

import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function writeFileDurably(path: string, data: Uint8Array | string, options: { newFileMode?: number } = {}): void {
  let mode = options.newFileMode ?? 0o666;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    // A new file: the mode asked for (less the umask).
  }
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = openSync(temporary, 'w', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dirname(path));
}

/** Makes a rename in `folder` durable (not possible, nor needed, on Windows). */
export function syncFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
