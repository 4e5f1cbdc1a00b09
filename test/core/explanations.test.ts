// Every diagnostic code's explanation (`repro help CODE`): all of it written, and its examples true — the
// script before the fix yields the code, the script after it checks clean (with the example's desk, for RS105).

import { strict as assert } from 'node:assert';
import { validateText } from '../../shared/core/check';
import { DIAGNOSTICS, type DiagnosticCode } from '../../shared/core/diagnostics';
import { EXPLANATIONS, type Explanation } from '../../shared/core/explanations';

function diagnose(text: string, e: Explanation): string[] {
  const known = e.knownTickets;
  return validateText(text, known ? { lookupTicket: (key) => known.includes(key) } : {}).map((d) => `${d.range.start.line + 1}: ${d.code} ${d.message}`);
}

describe('diagnostics: explanations', () => {
  for (const code of Object.keys(DIAGNOSTICS) as DiagnosticCode[]) {
    const e = EXPLANATIONS[code];
    it(`${code}: what, why, fix, and a before that yields it alone and an after that checks clean`, () => {
      for (const field of ['what', 'why', 'fix', 'before', 'after'] as const) assert.ok(e[field].trim().length > 0, `${code} has no ${field}`);
      const before = diagnose(e.before, e);
      // Exactly its own code: an example shows one cause (a second diagnostic would muddle it).
      assert.ok(before.length > 0 && before.every((d) => d.includes(` ${code} `)), `${code}'s before yields ${JSON.stringify(before)}`);
      assert.deepEqual(diagnose(e.after, e), [], `${code}'s after`);
    });
  }
});
