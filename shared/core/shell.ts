// Shell syntax in `run` (RS013): `run` starts its program directly, with no shell (spec §3), so a `|`, a
// redirection, a substitution or a leading NAME=VALUE is handed to the program as an argument (or is taken as
// the program's name) instead of doing what it does in a shell. The checker reports the first such word of a
// line (one cause: the line needs a shell); the quick fixes rewrite it with `sh -c` or an `env` line.
// Invariant: only what is unquoted at the start of a word counts: a quoted word is literal text (spec §2),
// and `${NAME}` is the script's own reference, not shell syntax.

import type { Word } from './ast';

/** What kind of shell syntax a word is; each kind has its message in the diagnostics table. */
export type ShellKind = 'shellOperator' | 'shellRedirect' | 'shellSubstitution' | 'shellAssignment';

/** Whole words that are shell control operators. */
const OPERATORS: ReadonlySet<string> = new Set(['|', '||', '&&', ';', ';;', '&', '|&']);

/**
 * A word that starts with a redirection: `>`, `>>`, `<`, `<<`, `2>`, `2>&1`, `&>`, `>&2`, and the same with the
 * target attached (`>out.txt`, `2>/dev/null`): users write both, and in a shell both redirect.
 */
const REDIRECT = /^(?:\d|&)?(?:>>?|<<?<?)/;

/** `NAME=VALUE` as a shell reads it before a program: an assignment for that program alone. */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The kinds, tested in this order on each word. */
const RULES: readonly [ShellKind, (word: Word) => boolean][] = [
  ['shellOperator', (w) => OPERATORS.has(w.raw)],
  ['shellRedirect', (w) => REDIRECT.test(w.raw)],
  ['shellSubstitution', (w) => hasUnquotedSubstitution(w.raw)],
];

/** `$(` or a backquote outside quotes (a quoted one is literal text). */
function hasUnquotedSubstitution(raw: string): boolean {
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (quote) {
      if (c === quote) quote = '';
      else if (quote === '"' && c === '\\') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '`' || (c === '$' && raw[i + 1] === '(')) return true;
  }
  return false;
}

export interface ShellWord {
  word: Word;
  kind: ShellKind;
}

/** The first word of `run PROGRAM ARG…` that is shell syntax, or undefined. */
export function shellSyntax(program: Word | undefined, args: readonly Word[]): ShellWord | undefined {
  if (!program) return undefined;
  if (ASSIGNMENT.test(program.raw)) return { word: program, kind: 'shellAssignment' };
  for (const word of [program, ...args]) {
    for (const [kind, test] of RULES) if (test(word)) return { word, kind };
  }
  return undefined;
}

/** Characters a shell takes literally in a bare word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Text that means itself inside a shell's double quotes: no `"`, `$`, backquote, and no `\` that escapes. */
const DOUBLE_SAFE = /^(?:[^"$`\\]|\\(?![$`"\\]|$))*$/;

/**
 * A value as one shell word: bare when safe; double-quoted when that means the same (so that the script needs
 * no `'` and the line stays readable); else single-quoted, a `'` inside becoming `'\''`.
 */
export function shellQuote(value: string): string {
  if (SHELL_SAFE.test(value)) return value;
  if (DOUBLE_SAFE.test(value)) return `"${value}"`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A text as one word of a repro script: single-quoted (literal, spec §2) when it holds no `'`; otherwise
 * double-quoted with `\\`, `\"` and `\$` escaped. `'\''` would not do here: outside double quotes a repro
 * script takes `\` literally.
 */
export function scriptQuote(text: string): string {
  return text.includes("'") ? `"${text.replace(/[\\"$]/g, (c) => '\\' + c)}"` : `'${text}'`;
}

/**
 * `sh -c 'SCRIPT' sh ARG…` doing what the words meant in a shell. Shell syntax stays as written; every other
 * word becomes its value, shell-quoted. A word with `${NAME}` (known only at run time) is passed as a
 * positional parameter (`"$1"`, …), so that the script's own expansion still gives exactly one argument.
 */
export function shellCommand(words: readonly Word[]): string {
  const script: string[] = [];
  const positional: string[] = [];
  for (const word of words) {
    if (ASSIGNMENT.test(word.raw) || RULES.some(([, test]) => test(word))) script.push(word.raw);
    else if (word.value === undefined) {
      positional.push(word.raw);
      script.push(`"$${positional.length}"`);
    } else script.push(shellQuote(word.value));
  }
  const tail = positional.length > 0 ? ` sh ${positional.join(' ')}` : '';
  return `sh -c ${scriptQuote(script.join(' '))}${tail}`;
}
