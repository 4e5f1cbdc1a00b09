// Properties over arbitrary text: the parser never throws and keeps every range inside the text; the
// formatter is idempotent and never changes which diagnostics a script has.

import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { Script } from '../../shared/core/ast';
import { validate, validateText } from '../../shared/core/check';
import { format, formatText } from '../../shared/core/format';
import { parse } from '../../shared/core/parse';
import { sameUntil } from '../../shared/core/text';
import { decodeUtf8 } from '../../shared/core/utf8';
import { codes } from '../helpers/core';

/** Fragments that exercise every rule of the lexer and the grammar, glued at random. */
const FRAGMENTS = [
  'run', 'http', 'expect', 'bug', 'capture', 'set', 'port', 'cd', 'wait', 'stop', 'sleep', 'step', 'ticket', 'title',
  'requires', 'timeout', 'seed', 'env', 'mask', 'allow-network', 'stdout', 'stderr', 'output', 'exit', 'status',
  'body', 'header', 'file', 'duration', 'contains', '!contains', '~', '!~', '==', '!=', '>=', '<', 'empty', 'exists',
  'signal', 'SIGSEGV', 'timeout', '0', '1', '404', '2s', '250ms', 'GET', 'http://127.0.0.1:8080/', 'SUP-1',
  '--timeout', '--stdin', '--bg', '--header', '--body', '--body-file', '--', '-', 'x', 'a.txt', '@a.txt', '../x', '/abs',
  '"', "'", '"a b"', "'c d'", '"\\n\\q"', '${X}', '${', '}', '$', '/re g/', '/[/', '/a/imx', '#', ' #c', '\\', '[linux]',
  '[!exec:sh]', '[env:X]', '[', ']', 'X=1', 'X="y z"', ' ', '  ', '\t', '\n', '\r\n', '\r', '\n-- a.txt --\n',
  '\n-- ../b --\n', '-- x --', '\uFEFF', 'Zoë', '😀', '\uFFFD', 'date', 'sh -c \'date\'',
];
const scriptText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(' ').replace(/ ?\n ?/g, '\n'));
/** Well-formed lines, so that formatting (not only the verbatim path) is exercised: odd blanks, comments, CRLF. */
const LINES = [
  'ticket SUP-1', 'title "t"', 'requires acme >=1 <2', 'timeout 5s', 'seed 3', 'env A="x y"', 'mask /\\d+ x/ "N"',
  'allow-network example.com', 'step "s"', 'run acme a "b c"', 'run --bg srv acme serve', 'run --timeout 1s acme \\\n x',
  'expect exit 0', 'bug stdout ~ /a  #b/i', 'bug stderr contains "x"', 'http GET http://127.0.0.1:1/ --header "A: b"',
  'bug status 500', 'capture X stdout /(y)/', 'set Y ${X}', 'port P', 'cd d', 'wait port ${P}', 'wait output srv ~ /r/',
  'stop srv', 'sleep 1s', '[linux] [!env:CI] run x', '# comment', '#', '', 'bug file f exists', 'run echo foo\\ ',
];
const wellFormed = fc
  .array(fc.tuple(fc.constantFrom(...LINES), fc.constantFrom('', ' ', '  ', '\t', '    '), fc.constantFrom('', ' ', '   # c', '\t#x')), { maxLength: 30 })
  .chain((lines) =>
    fc.constantFrom('\n', '\r\n').map((eol) => lines.map(([line, indent, tail]) => indent + line.replace(/ /g, indent ? '  ' : ' ') + (line.startsWith('#') ? '' : tail)).join(eol)),
  );
const anyText = fc.oneof(scriptText, wellFormed, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 200 }));

function assertInside(script: Script, span: { start: number; end: number }): void {
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= script.text.length, `span ${span.start}-${span.end} outside 0-${script.text.length}`);
}

function assertWellFormed(text: string): void {
  const script = parse(text);
  for (const statement of script.statements) {
    assertInside(script, statement);
    for (const word of [statement.name, ...statement.words]) {
      assertInside(script, word);
      assert.equal(script.text.slice(word.start, word.end), word.raw);
      for (const part of word.parts ?? []) if (typeof part !== 'string') assertInside(script, part);
    }
    for (const condition of statement.conditions) assertInside(script, condition);
    if (statement.comment) assertInside(script, statement.comment);
  }
  for (const file of script.archive?.files ?? []) {
    assertInside(script, file.content);
    assertInside(script, file.nameSpan);
  }
  const lines = script.lineStarts.length;
  for (const d of validate(script)) {
    for (const p of [d.range.start, d.range.end]) assert.ok(p.line >= 0 && p.line < lines && p.character >= 0, `diagnostic ${d.code} at ${JSON.stringify(d.range)}`);
  }
}

const runs = { numRuns: Number(process.env.PROPERTY_RUNS ?? 2000) };

describe('properties', () => {
  it('the one-pass checker and formatter agree with the tree-based ones', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const script = parse(text);
        assert.deepEqual(validateText(text), validate(script));
        assert.equal(formatText(text), format(script));
      }),
      runs,
    );
  });
  it('parsing never throws, and every span and range stays inside the text', () => {
    fc.assert(fc.property(anyText, assertWellFormed), runs);
  });
  it('decoding arbitrary bytes never throws and is parsed like any text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const decoded = decodeUtf8(bytes);
        assert.equal(decoded.text, new TextDecoder().decode(bytes));
        assert.ok(decoded.invalid.every((span) => decoded.text[span.start] === '\uFFFD'));
        assertWellFormed(decoded.text);
      }),
      runs,
    );
  });
  it('fmt(fmt(x)) == fmt(x)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = format(parse(text));
        assert.equal(format(parse(once)), once);
      }),
      runs,
    );
  });
  it('formatting never changes the diagnostics', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assert.deepEqual(codes(validate(parse(format(parse(text))))), codes(validate(parse(text))));
      }),
      runs,
    );
  });
  it('an incremental parse (an earlier tree reused, or a prefix) is the full parse', () => {
    const edit = fc.tuple(anyText, fc.nat(), fc.nat({ max: 20 }), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }).map((p) => p.join(' ')));
    fc.assert(
      fc.property(edit, fc.nat(), ([before, at, removed, inserted], until) => {
        const start = at % (before.length + 1);
        const after = before.slice(0, start) + inserted + before.slice(start + removed);
        const full = parse(after);
        const old = parse(before);
        assert.deepEqual(parse(after, { reuse: { script: old, same: sameUntil(before, after) } }), full);
        const line = until % (full.lineStarts.length + 1);
        const prefix = parse(after, { reuse: { script: parse(before, { untilLine: line }), same: sameUntil(before, after) }, untilLine: line });
        assert.deepEqual(prefix.items, full.items.filter((item) => item.line <= line));
      }),
      runs,
    );
  });
});
