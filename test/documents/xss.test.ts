// Data is never markup: every string field of every document's data is replaced with a hostile payload (all
// at once, then one at a time), and the HTML must hold only the renderer's own tags, with the payload as
// escaped text; the Markdown's structure (outside code) must carry none of it.

import { strict as assert } from 'node:assert';
import type { DocumentFormat, DocumentLanguage } from '../../shared/documents';
import { CASES, FORMATS, LANGUAGES, type DocumentCase } from './cases';
import { escapedHtml, htmlProblems, marker, markdownParts, payload, PAYLOADS, pathText, printed, replaceStrings, stringPaths, type Path } from './payloads';

const ALL: { lang: DocumentLanguage; format: DocumentFormat }[] = LANGUAGES.flatMap((lang) => FORMATS.map((format) => ({ lang, format })));

/** What the structure of Markdown (outside code spans and fences, escapes taken out) may contain of data. */
function assertInertMarkdown(md: string, where: string): void {
  const { structure, cells } = markdownParts(md);
  for (const char of ['<', '[', ']', '`', '&', '_', '~', '$']) assert.ok(!structure.includes(char), `${where}: an unescaped ${char} in the Markdown`);
  // `#` only opens our headings; `*` only our own `**label**`; `|` only our tables, the same number in each row.
  assert.ok(!structure.replace(/^#{1,3} /gm, '').includes('#'), `${where}: an unescaped # in the Markdown`);
  assert.ok(!structure.replace(/\*\*[^*\n]+\*\*/g, '').includes('*'), `${where}: an unescaped * in the Markdown`);
  const rows = cells.split('\n').filter((line) => line.startsWith('| '));
  for (const row of rows) assert.ok(row.endsWith(' |'), `${where}: a table row that does not end: ${row}`);
  let columns = -1;
  for (const line of cells.split('\n')) {
    if (!line.startsWith('| ')) columns = -1;
    else if (columns < 0) columns = line.split('|').length;
    else assert.equal(line.split('|').length, columns, `${where}: a row with another number of cells: ${line}`);
  }
  // After the marker of a block we wrote, data must not open another block (a nested list, a heading…).
  // Table cells hold inline text only, so a row cannot.
  for (const line of structure.split('\n').filter((l) => !l.startsWith('| '))) {
    const rest = line.replace(/^(#{1,3} |- |\d+\. |> )/, '');
    assert.doesNotMatch(rest, /^\s*([-+*]\s|[-=]{3,}|\d{1,9}[.)]\s|>|#)/, `${where}: data opens a block: ${line}`);
  }
}

function assertSafeHtml(html: string, where: string): void {
  assert.deepEqual(htmlProblems(html), [], where);
  assert.doesNotMatch(html, /<script/i, where);
  assert.doesNotMatch(html, /<[^>]*\bon[a-z]+\s*=/i, `${where}: an event handler inside a tag`);
}

/** The data with the chosen fields replaced: field i gets payload i (or, with `kind`, that payload, marked i). */
function hostile(document: DocumentCase, choose: (path: Path, index: number) => boolean, kind?: number): { data: unknown; fields: { path: Path; text: string }[] } {
  const fields: { path: Path; text: string }[] = [];
  const paths = stringPaths(document.data).map(pathText);
  const data = replaceStrings(document.data, (path) => {
    const index = paths.indexOf(pathText(path));
    if (!choose(path, index)) return undefined;
    const text = kind === undefined ? payload(index) : PAYLOADS[kind](marker(index));
    fields.push({ path, text });
    return text;
  });
  return { data, fields };
}

describe('documents: every field is escaped', () => {
  for (const document of CASES) {
    describe(document.name, () => {
      it('has string fields to attack', () => assert.ok(stringPaths(document.data).length >= 3));

      for (const { lang, format } of ALL) {
        it(`every field hostile at once (${lang}, ${format})`, () => {
          const { data, fields } = hostile(document, () => true);
          const out = document.render(data, { lang, format });
          const where = `${document.name}.${lang}.${format}`;
          if (format === 'html') {
            assertSafeHtml(out, where);
            for (const { path, text } of fields) {
              if (!printed('', path)) continue;
              assert.ok(out.includes(escapedHtml(text)), `${where}: ${pathText(path)} is not shown escaped`);
              if (/[<>"'&]/.test(text)) assert.ok(!out.includes(text), `${where}: ${pathText(path)} is shown unescaped`);
            }
          } else {
            assertInertMarkdown(out, where);
            for (const { path } of fields) if (printed('', path)) assert.ok(out.includes(marker(stringPaths(document.data).map(pathText).indexOf(pathText(path)))), `${where}: ${pathText(path)} is missing`);
          }
        });
      }

      it('each field hostile alone, with each payload, in both languages and formats', () => {
        const paths = stringPaths(document.data);
        for (let index = 0; index < paths.length; index++) {
          for (let kind = 0; kind < PAYLOADS.length; kind++) {
            const { data, fields } = hostile(document, (_, i) => i === index, kind);
            const [{ path, text }] = fields;
            for (const { lang, format } of ALL) {
              const out = document.render(data, { lang, format });
              const where = `${document.name}.${lang}.${format}, ${pathText(path)}, payload ${kind}`;
              if (format === 'html') {
                assertSafeHtml(out, where);
                if (printed(document.name, path)) assert.ok(out.includes(escapedHtml(text)), `${where}: not shown escaped`);
              } else {
                assertInertMarkdown(out, where);
                if (printed(document.name, path)) assert.ok(out.includes(marker(index)), `${where}: not shown`);
              }
            }
          }
        }
      });
    });
  }

  it('the script and the transcript stay inside their fences, whole', () => {
    const document = CASES.find((c) => c.name === 'repro-report.ticket')!;
    const content = '```\n````` not the end\n# a heading?\n<script>x</script>\n';
    const data = replaceStrings(document.data, (path) => (pathText(path) === 'script.content' || pathText(path) === 'run.transcript' ? content : undefined));
    for (const lang of LANGUAGES) {
      const { fences } = markdownParts(document.render(data, { lang, format: 'md' }));
      assert.deepEqual(fences, [content, content]);
    }
  });
});

describe('documents: nothing is fetched', () => {
  for (const document of CASES) {
    it(`${document.name}: no URL in the HTML but in the data's own text`, () => {
      for (const lang of LANGUAGES) {
        let html = document.render(document.data, { lang, format: 'html' });
        // Take out the data (longest first, so that a field inside another goes with it); what is left is ours.
        const texts = stringPaths(document.data).map((p) => p.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], document.data) as string);
        for (const text of texts.sort((a, b) => b.length - a.length)) html = html.split(escapedHtml(text)).join('');
        assert.doesNotMatch(html, /https?:|\/\/[a-z]|url\(|@import|<link|src=|href=/i);
      }
    });
  }
  it('a URL in the data is text, not a link', () => {
    const document = CASES.find((c) => c.name === 'repro-report.ticket')!;
    const data = replaceStrings(document.data, (path) => (pathText(path) === 'subject.title' ? 'see https://evil.example/x and http://a.b' : undefined));
    const html = document.render(data, { lang: 'en', format: 'html' });
    assert.ok(html.includes('<strong>see https://evil.example/x and http://a.b</strong>'));
    assert.doesNotMatch(html, /href=|src=/);
  });
});
