// RS013 (shell syntax in `run`): its quick fixes, applied to the line and checked again, and the `sh -c`
// rewrite run by a real /bin/sh, so that the quoting is known to give the program the same arguments.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { validate } from '../../shared/core/check';
import { getCodeActions } from '../../shared/core/features/codeActions';
import { parse } from '../../shared/core/parse';
import { applyEdits } from '../helpers/lsp';

/** The body lines after each RS013 fix of `line` (under a step, with a bug check after it). */
function fixes(line: string): Record<string, string[]> {
  const text = `step "s"\n  ${line}\n  bug exit 0\n`;
  const script = parse(text);
  const diagnostics = validate(script).filter((d) => d.code === 'RS013');
  assert.equal(diagnostics.length, 1, `one RS013 for ${line}`);
  const out: Record<string, string[]> = {};
  for (const action of getCodeActions(script, 'u', diagnostics)) {
    const fixed = applyEdits(text, action.edit!.changes!.u);
    assert.deepEqual(validate(parse(fixed)).filter((d) => d.code === 'RS013'), [], `no RS013 after "${action.title}":\n${fixed}`);
    out[action.isPreferred ? 'preferred' : 'other'] = fixed.split('\n').slice(1, -2);
  }
  return out;
}

describe('RS013 quick fixes', () => {
  const CASES: [string, string, Record<string, string[]>][] = [
    ['a pipe: the line in sh -c', "run printf 'a,b\\n' | sort -n", { preferred: [`  run sh -c 'printf "a,b\\n" | sort -n'`] }],
    [
      'flags, conditions and a comment stay where they are',
      '[linux] run --timeout 5s --bg web server >log.txt # the server',
      { preferred: ["  [linux] run --timeout 5s --bg web sh -c 'server >log.txt' # the server"] },
    ],
    [
      'a single quote inside: the script is double-quoted, the argument keeps its quote',
      `run echo "it's" 'a"b' >out.txt`,
      { preferred: [`  run sh -c "echo \\"it's\\" 'a\\"b' >out.txt"`] },
    ],
    ['${NAME} is passed as a positional parameter', 'run cat ${WORK}/a 2>/dev/null', { preferred: [`  run sh -c 'cat "$1" 2>/dev/null' sh \${WORK}/a`] }],
    [
      'leading NAME=VALUE: env lines before (preferred), or sh -c',
      '[linux] run --timeout 5s TZ=Europe/Berlin LC_ALL=C date +%H',
      {
        preferred: ['  [linux] env TZ=Europe/Berlin', '  [linux] env LC_ALL=C', '  [linux] run --timeout 5s date +%H'],
        other: ["  [linux] run --timeout 5s sh -c 'TZ=Europe/Berlin LC_ALL=C date +%H'"],
      },
    ],
    ['only NAME=VALUE: no program to keep, so only sh -c', 'run TZ=UTC', { preferred: ["  run sh -c 'TZ=UTC'"] }],
  ];
  for (const [name, line, expected] of CASES) it(name, () => assert.deepEqual(fixes(line), expected));

  it('a real /bin/sh gives the program the arguments the words meant', () => {
    const line = `run printf '[%s]' "it's" 'a"b' 'c\\d' "$HOME" '${'$'}(x)' 'tab\\there' | cat`;
    const fixed = fixes(line).preferred[0];
    const words = parse(fixed.trim() + '\n').statements[0].words.map((w) => w.value!);
    assert.deepEqual(words.slice(0, 2), ['sh', '-c']);
    const result = spawnSync('/bin/sh', ['-c', words[2]], { encoding: 'utf8', env: { HOME: '/nowhere' } });
    assert.equal(result.stdout, `[it's][a"b][c\\d][$HOME][$(x)][tab\\there]`);
  });
});
