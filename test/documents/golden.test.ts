// Every document in both languages and both formats, against its golden file (UPDATE_GOLDEN=1 rewrites them).

import { join } from 'node:path';
import { assertGolden, ROOT } from '../helpers/golden';
import { CASES, renderings } from './cases';

describe('documents: golden files', () => {
  for (const { name, lang, format, document } of renderings()) {
    it(name, () => {
      assertGolden(join(ROOT, 'test', 'golden', 'documents', name), document.render(document.data, { lang, format }));
    });
  }
  // Textile is for the tracker: the reproduction report is what a bug handed over carries (shared/tracker).
  for (const document of CASES.filter((c) => c.name.startsWith('repro-report'))) {
    for (const lang of ['en', 'ru'] as const) {
      const name = `${document.name}.${lang}.textile`;
      it(name, () => assertGolden(join(ROOT, 'test', 'golden', 'documents', name), document.render(document.data, { lang, format: 'textile' })));
    }
  }
  it('rendering is deterministic: the same data gives the same bytes', () => {
    for (const { lang, format, document } of renderings()) {
      const first = document.render(document.data, { lang, format });
      const second = document.render(structuredClone(document.data), { lang, format });
      if (first !== second) throw new Error(`${document.name}.${lang}.${format} differs between two renderings`);
    }
  });
});
