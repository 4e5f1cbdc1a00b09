// What is defined where: variables (`set`, `capture`, `port`, `env`, the sandbox's) and background processes.

import type { Script, Word } from '../ast';
import { SANDBOX_VARIABLES } from '../commands';

/** Where a variable is defined: the word that names it, on its statement's line. */
export interface Definition {
  name: string;
  word: Word;
  line: number;
}

/** Every definition of a variable, in order. */
export function definitions(script: Script): Definition[] {
  const found: Definition[] = [];
  for (const s of script.statements) {
    const node = s.node;
    if ((node.kind === 'set' || node.kind === 'port' || node.kind === 'capture') && node.name?.value) found.push({ name: node.name.value, word: node.name, line: s.line });
    if (node.kind === 'env' && node.name && node.assignment) found.push({ name: node.name, word: node.assignment, line: s.line });
  }
  return found;
}

/** Variables usable on `line`: name → the line that defines it (undefined: the sandbox sets it). */
export function variablesBefore(script: Script, line: number): Map<string, number | undefined> {
  const vars = new Map<string, number | undefined>(SANDBOX_VARIABLES.map((v) => [v, undefined]));
  for (const d of definitions(script)) if (d.line < line) vars.set(d.name, d.line);
  return vars;
}

/** The definition a `${NAME}` on `line` reads: the last one before the line (or else the first one after). */
export function definitionOf(script: Script, name: string, line: number): Definition | undefined {
  const all = definitions(script).filter((d) => d.name === name);
  return all.filter((d) => d.line < line).pop() ?? all[0];
}

/** Background processes started before `line`. */
export function backgroundNames(script: Script, line: number): string[] {
  const names = new Set<string>();
  for (const s of script.statements) {
    if (s.line >= line) break;
    if (s.node.kind === 'run' && s.node.background?.value) names.add(s.node.background.value);
  }
  return [...names];
}
