// Programs whose output changes from run to run (RS103): clocks, random numbers, process tables.
// Invariant: RS103 is a promise that the output really changes, so it is given only where it does: an
// invocation the table calls deterministic (`date -d …`) is not volatile, and a `mask` silences it only when
// its pattern can match that program's output (one of the table's samples of it), not any mask at all.

import type { Word } from './ast';

export interface VolatileSpec {
  /** Real outputs of the program (in the sandbox: TZ=UTC, TMPDIR=$WORK/.tmp), in the forms it commonly prints. */
  samples: readonly string[];
  /** The mask the quick fix offers; it matches every sample (tested). */
  mask: { pattern: string; replacement: string };
  /** The invocation prints the same every time, e.g. `date -d @0`: no RS103. */
  deterministic?: (args: readonly string[]) => boolean;
}

/** `date -d …`, `--date`, `-r FILE`, `--reference`, `-f FILE`: a given time, not the clock (also `-ud`, `--date=…`). */
const DATE_GIVEN = /^(?:-[uR]*[drf]|--(?:date|reference|file)(?:=|$))/;

const DATE_MASK = String.raw`\w{3},? +\w{3} +\d{1,2}( \d{4})? \d\d:\d\d:\d\d( \w+| [+-]\d{4})?( \d{4})?|\d{4}-\d\d-\d\d([T ][\d:.,]+(Z|[+-]\d\d:?\d\d)?)?|\b\d{9,10}\b`;

/** Known time-, randomness- or machine-state-dependent programs, by name (and `$RANDOM`, `/dev/urandom`). */
export const VOLATILE: Readonly<Record<string, VolatileSpec>> = {
  date: {
    samples: ['Mon Dec  7 06:17:13 UTC 2026', '2026-12-07', '2026-12-07T06:17:13+00:00', 'Mon, 07 Dec 2026 06:17:13 +0000', '2026-12-07 06:17:13.123456789+00:00', '1796537833', '06:17:13'],
    mask: { pattern: DATE_MASK + String.raw`|\d\d:\d\d:\d\d`, replacement: '<date>' },
    deterministic: (args) => args.some((a) => DATE_GIVEN.test(a)),
  },
  uuidgen: {
    samples: ['0f8fad5b-d9cb-469f-a165-70867728950e', '7c9e6679-7425-40de-944b-e07fc1f90ae7'],
    mask: { pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', replacement: '<uuid>' },
  },
  shuf: {
    samples: ['3\n1\n2', 'b\nc\na'],
    mask: { pattern: String.raw`[\s\S]+`, replacement: '<shuffled>' },
    deterministic: (args) => args.some((a) => a.startsWith('--random-source')),
  },
  mktemp: {
    samples: ['$WORK/.tmp/tmp.Xa9Lk2Pq0Z', '$WORK/.tmp/tmp.b3QmZ8rT1y'],
    mask: { pattern: String.raw`tmp\.\w+`, replacement: '<tmp>' },
  },
  uptime: {
    samples: [' 06:17:13 up 3 days,  2:01,  1 user,  load average: 0.52, 0.58, 0.59', 'up 3 days, 2 hours, 1 minute'],
    mask: { pattern: '.*(load average|up ).*', replacement: '<uptime>' },
  },
  ps: {
    samples: ['    PID TTY          TIME CMD\n   4242 pts/0    00:00:00 ps'],
    mask: { pattern: String.raw`\d+ +\S+ +\d\d:\d\d:\d\d .*`, replacement: '<process>' },
  },
  top: {
    samples: ['top - 06:17:13 up 3 days,  2:01,  1 user,  load average: 0.52, 0.58, 0.59'],
    mask: { pattern: String.raw`\d+(\.\d+)?`, replacement: '<n>' },
  },
  free: {
    samples: ['               total        used        free      shared  buff/cache   available\nMem:        16318412     5123456     8123456      123456     3071500    10894956'],
    mask: { pattern: String.raw`\d+`, replacement: '<n>' },
  },
  who: { samples: ['zoe      pts/0        2026-12-07 06:17 (:0)'], mask: { pattern: String.raw`\d{4}-\d\d-\d\d \d\d:\d\d`, replacement: '<time>' } },
  w: {
    samples: [' 06:17:13 up 3 days,  2:01,  1 user,  load average: 0.52, 0.58, 0.59'],
    mask: { pattern: String.raw`\d+(\.\d+)?`, replacement: '<n>' },
  },
  last: { samples: ['zoe      pts/0        :0               Mon Dec  7 06:17   still logged in'], mask: { pattern: String.raw`\w{3} \w{3} +\d+ \d\d:\d\d`, replacement: '<time>' } },
  pwgen: { samples: ['ahth4Oob', 'Eeph0ieK'], mask: { pattern: String.raw`\w{8,}`, replacement: '<password>' } },
  'openssl rand': { samples: ['3f9a0c1b', 'q8Zk0Lw1rC4=', 'a1b2c3d4e5f60718'], mask: { pattern: String.raw`[0-9a-f]{8,}|[A-Za-z0-9+/]{8,}={0,2}`, replacement: '<random>' } },
  '$RANDOM': { samples: ['17422', '802'], mask: { pattern: String.raw`\d+`, replacement: '<n>' } },
  '/dev/urandom': { samples: ['\u00e3\ufffd\u0007k\ufffd\u00b1', '9f86d081884c7d65'], mask: { pattern: String.raw`[\s\S]+`, replacement: '<random>' } },
};

/** The spec of a name that `volatileProgram` returned; a path to a random device shares /dev/urandom's. */
export function volatileSpec(name: string): VolatileSpec | undefined {
  return VOLATILE[name] ?? (RANDOM_DEVICE.test(name) ? VOLATILE['/dev/urandom'] : undefined);
}

/** Whether a mask's pattern can match the output of `name`: it matches one of the samples. */
export function maskFits(name: string, pattern: RegExp): boolean {
  const spec = volatileSpec(name);
  // A program without samples cannot be judged; any mask is taken to be meant for it.
  return spec === undefined || spec.samples.some((sample) => pattern.test(sample));
}

/** The programs run by name (not a shell, not openssl, which counts only with `rand`). */
const BY_NAME: readonly string[] = Object.keys(VOLATILE).filter((p) => /^[a-z]+$/.test(p));

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'busybox']);
const RANDOM_DEVICE = /\/dev\/u?random\b/;
/** A volatile program at a command position of a shell script (start, or after ; & | ( ` $( ), then its words. */
const SHELL_COMMAND = new RegExp(String.raw`(?:^|[;&|(\x60\n]|\$\()\s*(?:exec\s+|command\s+)?(` + BY_NAME.join('|') + String.raw`)(?![\w.-])([^;&|)\x60\n]*)`, 'g');

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** A program by name, if its invocation is volatile. */
function byName(name: string, args: readonly string[]): string | undefined {
  const spec = VOLATILE[name];
  return spec && BY_NAME.includes(name) && !spec.deterministic?.(args) ? name : undefined;
}

/** A shell script's volatile command, if any; its words are split on blanks, quotes dropped (good enough here). */
function inShellScript(script: string): string | undefined {
  for (const match of script.matchAll(SHELL_COMMAND)) {
    const found = byName(match[1], match[2].trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, '')));
    if (found) return found;
  }
  return /\$\{?RANDOM\b/.test(script) ? '$RANDOM' : undefined;
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
  if (VOLATILE[name] && BY_NAME.includes(name)) return byName(name, args.map((a) => a.value ?? a.raw));
  if (SHELLS.has(name)) {
    const index = args.findIndex((a) => a.value === '-c');
    const script = index >= 0 ? args[index + 1]?.value : undefined;
    if (script !== undefined) return inShellScript(script);
  }
  return undefined;
}
