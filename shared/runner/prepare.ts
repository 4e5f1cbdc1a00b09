// A script made ready to run: parsed and checked once, its archive files cut out of the original bytes, its
// header values read. Repeated runs share it.

import type { Script, Statement } from '../core/ast';
import { validate, type CheckOptions } from '../core/check';
import type { Diagnostic } from '../core/diagnostics';
import { parseDuration, parseInteger } from '../core/grammar';
import { normalizeWorkPath } from '../core/paths';
import { parse } from '../core/parse';
import { scriptTitle } from '../core/outline';
import { byteOffset, decodeUtf8 } from '../core/utf8';

export const DEFAULT_RUN_TIMEOUT_MS = 60_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;

export interface ArchiveEntry {
  /** The name as a path from WORK (`./a/../b.txt` is `b.txt`). */
  path: string;
  content: Uint8Array;
}

export interface PreparedScript {
  file: string;
  script: Script;
  diagnostics: Diagnostic[];
  archive: ArchiveEntry[];
  title: string | undefined;
  seed: number;
  timeoutMs: number;
  /** Foreground runs with no exit check after them: they get the implicit `expect exit 0` (spec §4). */
  implicitExit: ReadonlySet<Statement>;
}

export interface PrepareOptions extends CheckOptions {
  /** The whole-run timeout for a script without a `timeout` directive (default 60 s). */
  defaultTimeoutMs?: number;
}

export function prepareScript(file: string, bytes: Uint8Array, options: PrepareOptions = {}): PreparedScript {
  const decoded = decodeUtf8(bytes);
  const script = parse(decoded.text, { invalidUtf8: decoded.invalid });
  const diagnostics = validate(script, options);
  const archive: ArchiveEntry[] = (script.archive?.files ?? []).map((f) => ({
    path: normalizeWorkPath([], f.name).segments?.join('/') ?? f.name,
    // Byte for byte, as the file holds them (an archive file need not be UTF-8).
    content: bytes.subarray(byteOffset(decoded, f.content.start), byteOffset(decoded, f.content.end)),
  }));
  let seed = 1;
  let timeoutMs = options.defaultTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  for (const s of script.statements) {
    if (s.node.kind === 'seed' && s.node.seed?.value) seed = parseInteger(s.node.seed.value) ?? seed;
    if (s.node.kind === 'timeout' && s.node.duration?.value) timeoutMs = parseDuration(s.node.duration.value) ?? timeoutMs;
  }
  return { file, script, diagnostics, archive, title: scriptTitle(script), seed, timeoutMs, implicitExit: implicitExitChecks(script) };
}

/** A foreground `run` whose checks (up to the next `run` or `http`) include no `exit` check. */
function implicitExitChecks(script: Script): Set<Statement> {
  const implicit = new Set<Statement>();
  let pending: Statement | undefined;
  for (const s of script.statements) {
    const node = s.node;
    if (node.kind === 'run' || node.kind === 'http') {
      if (pending) implicit.add(pending);
      pending = node.kind === 'run' && !node.background ? s : undefined;
    } else if (node.kind === 'check' && node.subject?.name === 'exit') pending = undefined;
  }
  if (pending) implicit.add(pending);
  return implicit;
}
