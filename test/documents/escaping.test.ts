// The escaping helpers, case by case: what each character becomes, and why a fence or code span is as long as it is.

import { strict as assert } from 'node:assert';
import { escapeHtml, htmlPage } from '../../shared/documents/html';
import { codeFence, codeSpan, escapeMarkdown, markdownTable } from '../../shared/documents/markdown';

describe('documents: HTML escaping', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
  it('leaves other text alone (Cyrillic, quotes «», emoji)', () => {
    assert.equal(escapeHtml('ООО «Ромашка» — Zoë 😀'), 'ООО «Ромашка» — Zoë 😀');
  });
  it('the page: doctype, charset, language, the strict policy, no script, nothing remote', () => {
    const page = htmlPage('ru', '</title><script>x</script>', '<p>body</p>');
    assert.match(page, /^<!doctype html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n/);
    assert.ok(page.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`));
    assert.ok(page.includes('<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>'));
    assert.doesNotMatch(page, /<script|https?:|url\(|@import|@font-face/);
    assert.match(page, /@media print \{/);
    assert.match(page, /@page \{ size: A4;/);
    assert.match(page, /break-inside: avoid/);
  });
});

describe('documents: Markdown escaping', () => {
  const cases: [string, string][] = [
    ['<script>alert(1)</script>', '\\<script\\>alert(1)\\</script\\>'],
    ['| x |', '\\| x \\|'],
    ['[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['# Title', '\\# Title'],
    ['*bold* _it_ ~~del~~ `code`', '\\*bold\\* \\_it\\_ \\~\\~del\\~\\~ \\`code\\`'],
    ['C:\\path &amp; $x$', 'C:\\\\path \\&amp; \\$x\\$'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['---', '\\---'],
    ['===', '\\==='],
    ['1. first', '1\\. first'],
    ['12) twelfth', '12\\) twelfth'],
    ['2.4.1', '2.4.1'],
    ['-5 degrees', '-5 degrees'],
    ['+7 495 123-45-67', '+7 495 123-45-67'],
    ['SUP-1042: a - b', 'SUP-1042: a - b'],
    // Joined into one line, `- three` is no longer at a line start; a field that starts with it still is.
    ['line one\nline two\r\n  - three', 'line one line two - three'],
    ['  - one\ntwo', '  \\- one two'],
  ];
  for (const [input, expected] of cases) it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(escapeMarkdown(input), expected));

  it('a code span is one backtick longer than the longest run inside', () => {
    assert.equal(codeSpan('exit 1'), '`exit 1`');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('a``b`c'), '```a``b`c```');
  });
  it('a code span is padded when it starts or ends with a backtick or a blank', () => {
    assert.equal(codeSpan('`x'), '`` `x ``');
    assert.equal(codeSpan(' x '), '`  x  `');
  });
  it('a code span in a table cell escapes its pipes (GFM splits cells first)', () => {
    assert.equal(codeSpan('a | b'), '`a | b`');
    assert.equal(codeSpan('a | b', true), '`a \\| b`');
  });
  it('an empty code span is nothing', () => assert.equal(codeSpan('  '), ''));

  it('a fence is longer than any run of backticks inside, and at least three', () => {
    assert.equal(codeFence('plain', 'text'), '```text\nplain\n```');
    assert.equal(codeFence('```\nx\n```\n', 'repro'), '````repro\n```\nx\n```\n````');
    assert.equal(codeFence('a ````` b', 'text'), '``````text\na ````` b\n``````');
  });
  it('a fence keeps the text byte for byte but for line ends', () => {
    assert.equal(codeFence('a\r\nb\rc\n\n', 'text'), '```text\na\nb\nc\n\n```');
  });

  it('a table pads its columns and right-aligns the numeric ones', () => {
    assert.equal(markdownTable(['Name', 'N'], [['ab', '7'], ['Ёлка', '12']], [1]), ['| Name |   N |', '| ---- | --: |', '| ab   |   7 |', '| Ёлка |  12 |'].join('\n'));
  });
  it('a very long cell sticks out instead of widening every row', () => {
    const long = 'x'.repeat(80);
    const [head, rule, short, wide] = markdownTable(['A'], [['a'], [long]]).split('\n');
    assert.equal(head.length, rule.length);
    assert.equal(short.length, head.length);
    assert.equal(wide, `| ${long} |`);
  });
});
