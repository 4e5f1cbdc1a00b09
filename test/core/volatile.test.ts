// RS103's table (shared/core/volatile.ts): each program's offered mask fits every sample of its output, so the
// quick fix silences the warning it is offered for; and deterministic invocations are not volatile.

import { strict as assert } from 'node:assert';
import { validate } from '../../shared/core/check';
import { getCodeActions } from '../../shared/core/features/codeActions';
import { parse } from '../../shared/core/parse';
import { maskFits, VOLATILE } from '../../shared/core/volatile';
import { applyEdits } from '../helpers/lsp';

describe('volatile programs (RS103)', () => {
  for (const [name, spec] of Object.entries(VOLATILE)) {
    it(`${name}: the offered mask matches every sample`, () => {
      for (const sample of spec.samples) assert.match(sample, new RegExp(spec.mask.pattern), sample);
      assert.ok(!maskFits(name, /build-\d+/), 'an unrelated mask does not fit');
    });
  }

  const RUNS: [string, boolean][] = [
    ['date', true], ['date +%F', true], ['date -u', true], ['date -d @0', false], ['date --date=2020-01-01', false], ['date --date 2020-01-01', false],
    ['date -r notes.txt', false], ['date --reference=notes.txt', false], ['date -f dates.txt', false], ['date -ud @0', false],
    ["sh -c 'date -d @0 +%F'", false], ["sh -c 'date -d @0; date'", true], ["bash -c 'echo $(date +%s)'", true],
    ['shuf -e a b', true], ['shuf --random-source=seed.bin -e a b', false], ['uuidgen', true], ['mktemp', true], ['openssl version', false],
  ];
  for (const [line, volatile] of RUNS) {
    it(`${line}: ${volatile ? 'volatile, and the quick fix masks it' : 'deterministic'}`, () => {
      const text = `step "s"\n  run ${line}\n  bug stdout contains "x"\n`;
      const script = parse(text);
      const found = validate(script).filter((d) => d.code === 'RS103');
      assert.equal(found.length, volatile ? 1 : 0);
      if (!volatile) return;
      const [fix] = getCodeActions(script, 'u', found);
      assert.deepEqual(validate(parse(applyEdits(text, fix.edit!.changes!.u))).filter((d) => d.code === 'RS103'), []);
    });
  }
});
