// CLI golden cases: one file per case, testscript-style. Lines starting with `#` describe the case, the last
// `$` line is the command (earlier `$` lines set things up and must succeed), and `=== NAME ===` sections hold
// input files, `stdin`, and the expected `stdout`, `stderr`, `exit` and `after PATH` (a file's content after the
// command). `===` rather than `--` markers, because the scripts inside have `-- PATH --` archives of their own.

export interface Case {
  description: string[];
  /** Commands run first, in order. */
  setup: string[][];
  command: string[];
  sections: { name: string; content: string }[];
}

const SECTION = /^=== (.+) ===$/;
export const EXPECTED = (name: string): boolean => name === 'stdout' || name === 'stderr' || name === 'exit' || name.startsWith('after ');

/** Splits a command line on blanks; single quotes keep blanks inside a word. */
export function splitCommand(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

export function parseCase(text: string): Case {
  const lines = text.split('\n');
  const description: string[] = [];
  const commands: string[][] = [];
  const sections: Case['sections'] = [];
  let i = 0;
  for (; i < lines.length && !SECTION.test(lines[i]); i++) {
    if (lines[i].startsWith('$ ')) commands.push(splitCommand(lines[i].slice(2)));
    else if (lines[i].startsWith('#')) description.push(lines[i]);
  }
  const command = commands.pop() ?? [];
  for (; i < lines.length; i++) {
    const match = SECTION.exec(lines[i]);
    if (match) sections.push({ name: match[1], content: '' });
    else sections[sections.length - 1].content += lines[i] + (i < lines.length - 1 ? '\n' : '');
  }
  return { description, setup: commands, command, sections };
}

export function printCase(c: Case): string {
  const line = (command: string[]): string => '$ ' + command.map((a) => (/\s/.test(a) || a === '' ? `'${a}'` : a)).join(' ');
  const head = [...c.description, ...[...c.setup, c.command].map(line)].join('\n') + '\n';
  return head + c.sections.map((s) => `=== ${s.name} ===\n${s.content}`).join('');
}
