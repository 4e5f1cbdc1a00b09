// Which scripts a command works on: FILE, DIR (every *.repro under it) or `-` (standard input).

import * as l10n from '@vscode/l10n';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Input {
  /** As shown in output: the path as the user gave it (joined for files found in a directory), or `<stdin>`. */
  display: string;
  /** The file to read, or undefined for standard input. */
  path?: string;
}

export const STDIN_NAME = '<stdin>';
export const SCRIPT_EXTENSION = '.repro';

/** Folders a directory walk never enters: dependencies and hidden folders (.git, .vscode, …). */
function skipFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/**
 * Expands the arguments into inputs, in order, each file once. A missing path or a directory without
 * scripts is an error: a typo in CI must not pass silently as "nothing to check".
 */
export function expandInputs(args: readonly string[], cwd: string): { inputs: Input[] } | { error: string } {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = (display: string, path: string): void => {
    const key = resolve(cwd, path);
    if (!seen.has(key)) {
      seen.add(key);
      inputs.push({ display, path: key });
    }
  };
  for (const arg of args) {
    if (arg === '-') {
      if (!seen.has('-')) inputs.push({ display: STDIN_NAME });
      seen.add('-');
      continue;
    }
    let stat;
    try {
      stat = statSync(resolve(cwd, arg));
    } catch {
      return { error: l10n.t('{0}: no such file or directory', arg) };
    }
    if (stat.isDirectory()) {
      const found = walk(resolve(cwd, arg)).map((rel) => join(arg, rel));
      if (found.length === 0) return { error: l10n.t('{0}: no {1} files in this directory', arg, SCRIPT_EXTENSION) };
      for (const file of found) add(file, file);
    } else add(arg, arg);
  }
  return { inputs };
}

/** Relative paths of the scripts under `root`, sorted; symlinked folders are not followed (no cycles). */
function walk(root: string, rel = ''): string[] {
  const files: string[] = [];
  const entries = readdirSync(join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = rel ? join(rel, entry.name) : entry.name;
    if (entry.isDirectory()) {
      if (!skipFolder(entry.name)) files.push(...walk(root, path));
    } else if (entry.name.endsWith(SCRIPT_EXTENSION) && (entry.isFile() || (entry.isSymbolicLink() && isFile(join(root, path))))) {
      files.push(path);
    }
  }
  return files;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The bytes of an input; standard input is read to its end. */
export function readInput(input: Input): Uint8Array {
  return readFileSync(input.path ?? 0);
}

