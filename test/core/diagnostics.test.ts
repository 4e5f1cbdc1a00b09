// Every diagnostic code: a script that triggers it (golden) and a near-miss that must check clean.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIAGNOSTICS, type DiagnosticCode } from '../../shared/core/diagnostics';
import { assertGolden, ROOT } from '../helpers/golden';
import { diagnose, renderDiagnostics } from '../helpers/core';

const DIR = join(ROOT, 'test', 'golden', 'check');
const scripts = readdirSync(DIR).filter((f) => f.endsWith('.repro')).sort();

/** Files about encoding hold `@` where the invalid byte 0xFF goes (a golden file must stay valid text). */
function read(file: string): Uint8Array {
  const bytes = readFileSync(join(DIR, file));
  if (file.includes('utf8')) for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x40) bytes[i] = 0xff;
  return bytes;
}

const codeOf = (file: string): string => file.split(/[-.]/)[0];

describe('diagnostics: golden scripts', () => {
  for (const file of scripts.filter((f) => !f.endsWith('.ok.repro'))) {
    it(`${file} reports ${codeOf(file)}`, () => {
      const diagnostics = diagnose(read(file));
      assert.ok(diagnostics.some((d) => d.code === codeOf(file)), `${file} does not trigger ${codeOf(file)}`);
      assertGolden(join(DIR, file.replace(/\.repro$/, '.diagnostics')), renderDiagnostics(diagnostics));
    });
  }
  for (const file of scripts.filter((f) => f.endsWith('.ok.repro'))) {
    it(`${file} (near-miss of ${codeOf(file)}) checks clean`, () => {
      assert.equal(renderDiagnostics(diagnose(read(file))), '');
    });
  }
  it('every code has a trigger and a near-miss', () => {
    for (const code of Object.keys(DIAGNOSTICS) as DiagnosticCode[]) {
      assert.ok(scripts.some((f) => codeOf(f) === code && !f.endsWith('.ok.repro')), `no trigger for ${code}`);
      assert.ok(scripts.some((f) => codeOf(f) === code && f.endsWith('.ok.repro')), `no near-miss for ${code}`);
    }
  });
});
