// The `http` command: one request with Node's own client. Loopback only, unless `allow-network` names the host.

import * as l10n from '@vscode/l10n';
import type { IncomingHttpHeaders, RequestOptions } from 'node:http';
import { isLoopbackHost } from '../core/paths';
import { BoundedCapture } from './capture';
import { SandboxError } from './sandbox';

export interface HttpRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: Uint8Array;
  timeoutMs: number;
  /** `allow-network` values: HOST or HOST:PORT. */
  allowed: readonly string[];
}

export interface HttpResult {
  /** 0 when no response came (the reason is in `error`). */
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** Bytes of the body left out between the kept head and tail. */
  bodyOmitted: number;
  error?: string;
  durationMs: number;
}

/** Refuses a host the script may not reach; the check is on the URL, before any connection. */
export function checkHost(url: URL, allowed: readonly string[]): void {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (isLoopbackHost(host) || isLoopbackHost(url.hostname)) return;
  if (allowed.some((a) => a.toLowerCase() === host || a.toLowerCase() === `${host}:${port}` || a.toLowerCase() === `${url.hostname.toLowerCase()}:${port}`)) return;
  throw new SandboxError(l10n.t('http to {0} is refused: only loopback is reached unless allow-network names the host', url.host));
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

export async function sendHttp(req: HttpRequest, signal: AbortSignal): Promise<HttpResult> {
  const started = performance.now();
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new SandboxError(l10n.t('{0} is not a URL', req.url));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SandboxError(l10n.t('{0} is not an http URL', req.url));
  checkHost(url, req.allowed);
  // Loaded when a script first sends a request: most do not, and TLS alone takes milliseconds to load.
  const send = url.protocol === 'https:' ? (await import('node:https')).request : (await import('node:http')).request;
  return new Promise((resolve) => {
    const body = new BoundedCapture();
    const finish = (status: number, headers: Record<string, string>, error?: string): void =>
      resolve({ status, headers, body: body.bytes(), bodyOmitted: body.omitted, error, durationMs: performance.now() - started });
    const request = send(url, {
      method: req.method,
      headers: Object.fromEntries(req.headers),
      signal,
      timeout: req.timeoutMs,
      agent: false,
      // localhost may resolve to ::1 first while the server listens on 127.0.0.1: try both.
      autoSelectFamily: true,
    } as RequestOptions);
    request.on('response', (response) => {
      response.on('data', (chunk: Buffer) => body.write(chunk));
      response.on('end', () => finish(response.statusCode ?? 0, flatten(response.headers)));
      response.on('error', (error) => finish(response.statusCode ?? 0, flatten(response.headers), error.message));
    });
    request.on('timeout', () => request.destroy(new Error(`no response within ${req.timeoutMs} ms`)));
    request.on('error', (error) => finish(0, {}, (error as NodeJS.ErrnoException).code ?? error.message));
    request.end(req.body);
  });
}
