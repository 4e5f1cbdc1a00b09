// `repro run --junit FILE`: JUnit XML for CI dashboards. One test case per script; a failure when its outcome is
// not the expected one, an error when it is inconclusive or the script has errors.

import type { ScriptResult } from './results';

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

export interface JunitCase {
  result: ScriptResult;
  title?: string;
  /** The outcome asked for with --expect, if any. */
  expected?: string;
}

export function junitReport(cases: readonly JunitCase[]): string {
  let failures = 0;
  let errors = 0;
  const suites = cases.map(({ result, title, expected }) => {
    const seconds = (result.results.reduce((sum, r) => sum + r.durationMs, 0) / 1000).toFixed(3);
    let verdict = '';
    if (result.outcome === 'inconclusive' || result.outcome === 'error') {
      errors++;
      verdict = `      <error type="${result.outcome}" message="${escape(result.reason)}"/>\n`;
    } else if (expected && result.outcome !== expected) {
      failures++;
      verdict = `      <failure type="${result.outcome}" message="${escape(`expected ${expected}, got ${result.outcome}: ${result.reason}`)}"/>\n`;
    }
    const properties = [
      ['outcome', result.outcome],
      ['reproducibility', String(result.reproducibility)],
      ['reproducibilityInterval', result.reproducibilityInterval ? result.reproducibilityInterval.join(' ') : 'null'],
      ['reproducedRuns', String(result.reproducedRuns)],
      ['conclusiveRuns', String(result.conclusiveRuns)],
      ['fingerprints', String(result.fingerprints)],
      ['divergesAt', String(result.divergesAt)],
    ]
      .map(([name, value]) => `        <property name="${name}" value="${escape(value)}"/>\n`)
      .join('');
    return (
      `  <testsuite name="${escape(result.file)}" tests="1" failures="${verdict.includes('<failure') ? 1 : 0}" errors="${verdict.includes('<error') ? 1 : 0}" time="${seconds}">\n` +
      `    <testcase classname="repro" name="${escape(title ?? result.file)}" time="${seconds}">\n` +
      `      <properties>\n${properties}      </properties>\n` +
      verdict +
      `      <system-out>${escape(`${result.outcome}: ${result.reason}`)}</system-out>\n` +
      `    </testcase>\n  </testsuite>\n`
    );
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="repro" tests="${cases.length}" failures="${failures}" errors="${errors}">\n${suites.join('')}</testsuites>\n`;
}
