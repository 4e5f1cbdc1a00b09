// The formatter: golden cases (input → expected), idempotence, and unchanged diagnostics.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from '../../shared/core/format';
import { parse } from '../../shared/core/parse';
import { assertGolden, ROOT } from '../helpers/golden';
import { codes, diagnose } from '../helpers/core';

const DIR = join(ROOT, 'test', 'golden', 'fmt');

/** Formats like `repro fmt` (the golden cases are valid UTF-8, so text in, text out). */
function fmt(text: string): string {
  return format(parse(text));
}

describe('format: golden cases', () => {
  for (const input of readdirSync(DIR).filter((f) => f.endsWith('.in.repro')).sort()) {
    it(input, () => {
      const text = readFileSync(join(DIR, input), 'utf8');
      const formatted = fmt(text);
      assertGolden(join(DIR, input.replace('.in.repro', '.out.repro')), formatted);
      assert.equal(fmt(formatted), formatted, 'formatting twice changes nothing');
      assert.deepEqual(codes(diagnose(formatted)), codes(diagnose(text)), 'formatting keeps the diagnostics');
    });
  }
  it('the spec example is already formatted', () => {
    const text = readFileSync(join(DIR, 'spec-example.in.repro'), 'utf8');
    assert.equal(fmt(text), text);
  });
});
