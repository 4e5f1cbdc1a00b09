// The extension's log with every password this window holds taken out. Everything written to it goes through
// here: the extension's own lines, the language server's, and the language client's protocol trace (which, at
// `repro.trace.server: verbose`, would print the answer that hands the server the team desk's password).
// Invariant: no text a secret is part of reaches the log as it is, in its JSON-escaped form neither.

import type * as vscode from 'vscode';

const REDACTED = '••••••';

/** The methods of a log channel that take text to write. */
const WRITERS = new Set<string | symbol>(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);

/** `text` with each secret (as it is, and as JSON would write it) replaced. */
export function redact(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) result = result.split(form).join(REDACTED);
  }
  return result;
}

/** A channel that writes to `channel`, with `secrets()` taken out of every string it is given. */
export function redacting(channel: vscode.LogOutputChannel, secrets: () => Iterable<string>): vscode.LogOutputChannel {
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value, secrets());
    if (value instanceof Error) return redact(value.stack ?? value.message, secrets());
    return value;
  };
  return new Proxy(channel, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!WRITERS.has(property)) return value.bind(target);
      return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(target, args.map(clean));
    },
  });
}
