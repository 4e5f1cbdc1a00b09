// The lock that serializes writers of one desk across processes (two VS Code windows, a CLI in a terminal).
// On Linux it is a listening socket in the abstract namespace, on Windows a named pipe: only one process can
// hold the name, and the kernel lets go of it when that process ends, however it ends (kill -9 included), so
// a lock is never left stale. Elsewhere (macOS) it is a socket file in the temporary folder, broken when
// nobody answers on it.
// Waiting is an event, not a poll: a waiter connects to the holder and is woken when the connection closes,
// which happens when the holder releases (or dies).

import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class DeskBusyError extends Error {}

/** The lock's address for a desk file (its real path, so that two spellings of one file share it). */
export function lockAddress(realPath: string): string {
  const id = createHash('sha256').update(realPath).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0repro-desk-${id}`;
  if (process.platform === 'win32') return `\\\\?\\pipe\\repro-desk-${id}`;
  return join(tmpdir(), `repro-desk-${id}.sock`);
}

export interface HeldLock {
  release(): Promise<void>;
}

/** Takes the lock, waiting up to `timeoutMs` for its holder to let go. */
export async function acquireLock(address: string, timeoutMs: number): Promise<HeldLock> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const held = await tryListen(address);
    if (held) return held;
    const left = deadline - Date.now();
    if (left <= 0) throw new DeskBusyError(`the desk is busy: another process has held it for over ${timeoutMs} ms`);
    await waitForRelease(address, left);
  }
}

function tryListen(address: string): Promise<HeldLock | undefined> {
  return new Promise((resolve, reject) => {
    const waiters = new Set<Socket>();
    const server: Server = createServer((socket) => {
      waiters.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => waiters.delete(socket));
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(undefined);
      else reject(error);
    });
    server.listen({ path: address, exclusive: true }, () => {
      server.removeAllListeners('error');
      server.on('error', () => undefined);
      resolve({
        release: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Closing the waiters' connections is what wakes them.
            for (const socket of waiters) socket.destroy();
          }),
      });
    });
  });
}

/** Resolves when the holder lets go (the connection to it closes, or nobody is there any more). */
function waitForRelease(address: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: address });
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A socket file nobody listens on (macOS, after a crash): stale, remove it.
      if (error.code === 'ECONNREFUSED' && !address.startsWith('\0') && !address.startsWith('\\\\')) {
        try {
          unlinkSync(address);
        } catch {
          // Someone else removed it first.
        }
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
