// Paths inside WORK and hosts of URLs, decided on text alone (the runner re-checks on the real file system).

import type { Word } from './ast';

export interface WorkPath {
  /** Absolute: `/…`, `\…` or `C:\…`. */
  absolute: boolean;
  /** A `..` climbs above WORK. */
  escapes: boolean;
  /** Segments from WORK after resolving `.` and `..`; null when unknown (the base was unknown). */
  segments: string[] | null;
}

/**
 * Resolves `path` against `base` (segments from WORK; null when unknown), as a shell would. Both `/` and `\`
 * separate segments, so that a Windows-style `..\..` is caught too.
 */
export function normalizeWorkPath(base: readonly string[] | null, path: string): WorkPath {
  if (/^([/\\]|[A-Za-z]:[/\\]?)/.test(path)) return { absolute: true, escapes: false, segments: null };
  let segments = base ? [...base] : null;
  // With an unknown base, count how far up the path alone climbs: any climb might leave WORK, but only a
  // climb known to pass the top is reported.
  let depth = 0;
  for (const part of path.split(/[/\\]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments) {
        if (segments.length === 0) return { absolute: false, escapes: true, segments: null };
        segments.pop();
      } else depth--;
    } else {
      segments?.push(part);
      depth++;
    }
  }
  return { absolute: false, escapes: false, segments };
}

/** The host and port of an `http` URL, when its text shows them (not hidden behind `${NAME}`). */
export function urlHost(url: Word): { name: string; port: string } | undefined {
  const first = url.parts ? url.parts[0] : url.value;
  const head = typeof first === 'string' ? first : '';
  const match = /^https?:\/\/(\[[^\]/]*\]|[^/:?#[\]@]+)(?::(\d*))?([/?#]|$)/i.exec(head);
  if (!match) return undefined;
  // The host is known only when the literal text runs past it (or the URL has no references at all).
  if (match[3] === '' && match[2] === undefined && url.value === undefined) return undefined;
  const name = match[1].toLowerCase();
  const port = match[2] ?? (head.toLowerCase().startsWith('https') ? '443' : '80');
  return { name, port };
}

/** 127.0.0.0/8, ::1 and localhost (with its subdomains): the only hosts `http` reaches unless allowed. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return (
    name === 'localhost' ||
    name.endsWith('.localhost') ||
    name === '[::1]' ||
    name === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}
