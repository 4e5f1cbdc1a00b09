// Every user-facing string has its Russian form, with the same placeholders. l10n/bundle.l10n.json lists the
// English strings (a golden file: UPDATE_GOLDEN=1 regenerates it); bundle.l10n.ru.json is written by people.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertGolden, ROOT } from './helpers/golden';
import { allStrings } from './helpers/strings';

const placeholders = (s: string): string[] => (s.match(/\{\d+\}/g) ?? []).sort();

describe('l10n', () => {
  const strings = allStrings();
  const russian = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.ru.json'), 'utf8')) as Record<string, string>;

  it('bundle.l10n.json lists every string', () => {
    assertGolden(join(ROOT, 'l10n', 'bundle.l10n.json'), JSON.stringify(Object.fromEntries(strings.map((s) => [s, s])), null, 2) + '\n');
  });
  it('every string has a Russian form', () => {
    const missing = strings.filter((s) => !russian[s]);
    assert.deepEqual(missing, [], `missing in bundle.l10n.ru.json:\n${missing.map((s) => JSON.stringify(s)).join(',\n')}`);
  });
  it('no Russian form is left over from a string that is gone', () => {
    assert.deepEqual(Object.keys(russian).filter((k) => !strings.includes(k)), []);
  });
  it('a Russian form has the same placeholders', () => {
    for (const s of strings) if (russian[s]) assert.deepEqual(placeholders(russian[s]), placeholders(s), s);
  });
  it('the manifest\'s strings (%key% in package.json) are in package.nls.json, and each has its Russian form', () => {
    const read = (name: string): Record<string, string> => JSON.parse(readFileSync(join(ROOT, name), 'utf8'));
    const keys = [...new Set([...readFileSync(join(ROOT, 'package.json'), 'utf8').matchAll(/"%([\w.]+)%"/g)].map((m) => m[1]))].sort();
    assert.ok(keys.length > 10);
    assert.deepEqual(Object.keys(read('package.nls.json')).sort(), keys);
    const ru = read('package.nls.ru.json');
    assert.deepEqual(Object.keys(ru).sort(), keys);
    for (const key of keys) assert.ok(ru[key].trim(), key);
  });
});
