// One cause, one diagnostic: a malformed line is reported once, where it goes wrong, and not again for what
// follows from it (the words it shifted, the argument it then lacks, the check it then cannot make).

import { strict as assert } from 'node:assert';
import { diagnose } from '../helpers/core';

/** Where a line is put: after a run, after an http, or in the header. */
const CONTEXTS = {
  run: (line: string) => `step "s"\n  run acme\n  ${line}\n  bug exit 0\n`,
  http: (line: string) => `step "s"\n  ${line}\n  bug status 500\n`,
  header: (line: string) => `${line}\nstep "s"\n  run acme\n  bug exit 0\n`,
};

const LINES: [keyof typeof CONTEXTS, string, string][] = [
  ['run', 'bug stdout resembles "x"', 'unknown matcher `resembles`'],
  ['run', 'expect exit == 1', 'unknown matcher `==`'],
  ['run', 'expect exit abc def', 'unknown matcher `abc`'],
  ['run', 'bug stdut contains "x"', 'unknown subject `stdut`'],
  ['run', 'bug "stdout" contains "x"', 'unknown subject `"stdout"`'],
  ['run', 'bug file', '`bug` is missing PATH'],
  ['run', 'run --timout 5s acme', 'unknown flag `--timout`'],
  ['run', 'run --timeout 5 seconds acme', 'bad duration `5 seconds`'],
  ['run', 'run --timeout', 'flag `--timeout` needs a value'],
  ['run', 'run --bg bad/name acme', 'bad process name `bad/name`'],
  ['http', 'http GET http://127.0.0.1/ --hedaer "X: y"', 'unknown flag `--hedaer`'],
  ['http', 'http GET http://127.0.0.1/ --timeout 5 seconds', 'bad duration `5 seconds`'],
  ['http', 'http GTE http://127.0.0.1/', 'unknown HTTP method `GTE`'],
  ['run', 'wait --timeout 10 sec port 80', 'bad duration `10 sec`'],
  ['run', 'wait port 80 --timout 5s', 'unknown flag `--timout`'],
  ['run', 'wait prot 8080', 'unknown `wait` kind `prot`'],
  ['run', 'wait port 99999 extra', '`99999` is out of range'],
  ['run', '[linx] run acme', 'unknown condition `[linx]`'],
  ['run', '[linux run acme', 'condition `[linux` is not closed'],
  ['run', 'capture 1X stdout /a/', 'bad variable name `1X`'],
  ['run', 'capture X stdot /a/', 'unknown subject `stdot`'],
  ['run', 'capture X stdout nope extra', 'expected a regular expression'],
  ['run', 'port 1X extra', 'bad variable name `1X`'],
  ['run', 'stop bad/name extra', 'bad process name `bad/name`'],
  ['run', 'bug exit signal SIGSGEV extra', 'unknown signal `SIGSGEV`'],
  ['run', 'bug stdout ~ /(/ extra', 'invalid regular expression `/(/`'],
  ['run', 'bug stdout contains "bad\\q" extra', 'unknown escape `\\q`'],
  ['run', 'mask "x" "y"', 'expected a regular expression'],
  ['header', 'timeout 30 seconds', 'bad duration `30 seconds`'],
  ['header', 'seed abc def', 'bad integer `abc`'],
  ['header', 'allow-network bad/host extra', 'bad host `bad/host`'],
];

describe('one cause, one diagnostic', () => {
  for (const [context, line, message] of LINES) {
    it(line, () => {
      const diagnostics = diagnose(CONTEXTS[context](line));
      assert.deepEqual(diagnostics.map((d) => d.message.slice(0, message.length)), [message], diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    });
  }
  it('a number with a unit word suggests the duration meant', () => {
    for (const [line, suggestion] of [['timeout 30 seconds', '30s'], ['timeout 30', '30s'], ['timeout 250 ms', '250ms'], ['timeout 2min', '2m']]) {
      assert.equal(diagnose(CONTEXTS.header(line))[0].data?.suggestion, suggestion, line);
    }
  });
});
