// `wait`: a condition instead of a sleep. A port or a file has nothing to announce itself with, so they are
// looked at every few milliseconds; a background process's output is checked whenever it grows.

import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import type { BackgroundProcess } from './background';

const POLL_MS = 25;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function poll(test: () => Promise<boolean> | boolean, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await test()) return true;
    if (signal.aborted || performance.now() >= deadline) return false;
    await pause(Math.min(POLL_MS, deadline - performance.now()), signal);
  }
}

/** A TCP port on 127.0.0.1 accepts connections. */
export function waitForPort(port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  return poll(() => accepts(port), timeoutMs, signal);
}

export function waitForFile(path: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  return poll(() => existsSync(path), timeoutMs, signal);
}

/** The process's output satisfies `test` (checked at once and on every change); false if it ends first. */
export function waitForOutput(process: BackgroundProcess, test: () => boolean, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let unsubscribe = (): void => undefined;
    const finish = (result: boolean): void => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const onAbort = (): void => finish(false);
    const timer = setTimeout(() => finish(test()), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    const look = (): void => {
      if (test()) finish(true);
      else if (process.ended) finish(false);
    };
    unsubscribe = process.onChange(look);
    look();
  });
}
