// The language reference in docs/ is generated from the tables (scripts/docs.ts, `npm run docs`); the committed
// files must equal what the generator renders now, so a table cannot change without the docs following.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../shared/core/commands';
import { CONDITIONS } from '../shared/core/conditions';
import { DIAGNOSTICS } from '../shared/core/diagnostics';
import { SUBJECTS, TEXT_MATCHERS } from '../shared/core/subjects';
import { languageReferenceMarkdown, REFERENCE_FILES } from '../scripts/docs';
import { assertGolden, ROOT } from './helpers/golden';

describe('docs', () => {
  for (const language of ['en', 'ru'] as const) {
    it(`${REFERENCE_FILES[language]} is what npm run docs generates`, () => {
      assertGolden(join(ROOT, REFERENCE_FILES[language]), languageReferenceMarkdown(language));
    });
  }
  it('the reference names every directive, command, subject, matcher, condition and diagnostic code', () => {
    const text = languageReferenceMarkdown('en');
    for (const c of COMMANDS) assert.ok(text.includes(`### ${c.name}\n`) && text.includes(c.example), c.name);
    for (const s of SUBJECTS) {
      assert.ok(text.includes(`### ${s.argument ? `${s.name} ${s.argument}` : s.name}\n`), s.name);
      for (const m of s.matchers) assert.ok(text.includes(m.usage.replace(/\|/g, '\\|')), `${s.name} ${m.usage}`);
    }
    for (const m of TEXT_MATCHERS) assert.ok(text.includes(m.summary), m.usage);
    for (const c of CONDITIONS) assert.ok(text.includes(`[${c.name}`), c.name);
    for (const code of Object.keys(DIAGNOSTICS)) assert.ok(text.includes(`### ${code}\n`), code);
  });
  it('the Russian reference is in Russian, and leaves the process in English', () => {
    const text = languageReferenceMarkdown('ru');
    assert.match(text, /^# Справочник языка/);
    assert.ok(text.includes('Коды диагностики'));
    assert.ok(languageReferenceMarkdown('en').includes('## Commands'));
  });
  it('the guides and the README link only to files and headings that exist', () => {
    /** GitHub's anchors of a Markdown file's headings. */
    const anchors = (file: string): string[] =>
      [...readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
        m[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-'),
      );
    for (const doc of ['README.md', 'docs/user-guide.md', 'docs/user-guide.ru.md', REFERENCE_FILES.en, REFERENCE_FILES.ru]) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const base = join(ROOT, doc, '..');
      for (const [, target, fragment] of text.matchAll(/\]\(([^)#\s]*)(?:#([^)\s]*))?\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const file = target ? join(base, decodeURI(target)) : join(ROOT, doc);
        assert.ok(existsSync(file), `${doc} links to ${target}, which does not exist`);
        if (fragment && file.endsWith('.md')) assert.ok(anchors(file).includes(decodeURI(fragment)), `${doc} links to ${target}#${fragment}, which has no such heading`);
      }
    }
  });
});
