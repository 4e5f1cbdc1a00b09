// Programs whose output changes from run to run (RS103): clocks, random numbers, process tables.

import type { Word } from './ast';

/** Known time-, randomness- or machine-state-dependent programs. */
export const VOLATILE_PROGRAMS: ReadonlySet<string> = new Set([
  'date', 'uuidgen', 'shuf', 'mktemp', 'uptime', 'ps', 'top', 'free', 'who', 'w', 'last', 'pwgen', 'openssl',
]);

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'busybox']);
const RANDOM_DEVICE = /\/dev\/u?random\b/;
/** A volatile program at a command position of a shell script (start, or after ; & | ( ` $( ). */
const SHELL_COMMAND = new RegExp(
  String.raw`(?:^|[;&|(\x60\n]|\$\()\s*(?:exec\s+|command\s+)?(` + [...VOLATILE_PROGRAMS].filter((p) => p !== 'openssl').join('|') + String.raw`)(?![\w.-])`,
);

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * The name to show when `run PROGRAM ARGS` prints volatile output, else undefined. `openssl` counts only with
 * `rand`; a shell counts when its `-c` script calls a volatile program or reads `$RANDOM`.
 */
export function volatileProgram(program: Word | undefined, args: readonly Word[]): string | undefined {
  if (program?.value === undefined) return undefined;
  // Checked on every `run` of every script: no arrays are made unless the program calls for a closer look.
  for (const arg of args) if (arg.value !== undefined && RANDOM_DEVICE.test(arg.value)) return arg.value;
  const name = basename(program.value);
  if (name === 'openssl') return args.some((a) => a.value === 'rand') ? 'openssl rand' : undefined;
  if (VOLATILE_PROGRAMS.has(name)) return name;
  if (SHELLS.has(name)) {
    const script = args[args.findIndex((a) => a.value === '-c') + 1]?.value;
    if (script !== undefined && args.some((a) => a.value === '-c')) {
      const match = SHELL_COMMAND.exec(script);
      if (match) return match[1];
      if (/\$\{?RANDOM\b/.test(script)) return '$RANDOM';
    }
  }
  return undefined;
}
