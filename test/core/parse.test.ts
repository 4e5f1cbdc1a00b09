// The lexical rules and the structure of spec §2–3, one assertion each, through one helper per question.

import { strict as assert } from 'node:assert';
import type { Statement, Word } from '../../shared/core/ast';
import { parse } from '../../shared/core/parse';
import { decodeUtf8 } from '../../shared/core/utf8';
import { positionAt, sameUntil } from '../../shared/core/text';
import { codes, diagnose } from '../helpers/core';

/** The statement on the script's only line. */
function statement(line: string): Statement {
  const script = parse(line);
  assert.equal(script.statements.length, 1, `one statement in ${JSON.stringify(line)}`);
  return script.statements[0];
}

/** The words after the command, as [raw, value] pairs (value undefined when it holds ${NAME}). */
function words(line: string): [string, string | undefined][] {
  return statement(line).words.map((w: Word) => [w.raw, w.value]);
}

describe('parse: words', () => {
  it('bare words split at blanks and tabs', () => {
    assert.deepEqual(words('run a  b\tc'), [['a', 'a'], ['b', 'b'], ['c', 'c']]);
  });
  it('double quotes: blanks, escapes, and ${NAME}', () => {
    assert.deepEqual(words('run "a b" "q\\" s\\\\ n\\n t\\t d\\$"'), [['"a b"', 'a b'], ['"q\\" s\\\\ n\\n t\\t d\\$"', 'q" s\\ n\n t\t d$']]);
    const [word] = statement('run "x ${A} y"').words;
    assert.deepEqual(word.parts, ['x ', { start: 7, end: 11, name: 'A' }, ' y']);
    assert.equal(word.value, undefined);
  });
  it('single quotes are literal', () => {
    assert.deepEqual(words("run 'a ${B} \\n $'"), [["'a ${B} \\n $'", 'a ${B} \\n $']]);
  });
  it('a $ not followed by { is an ordinary character, in bare words and double quotes', () => {
    assert.deepEqual(words('run $HOME "x$y" 5$'), [['$HOME', '$HOME'], ['"x$y"', 'x$y'], ['5$', '5$']]);
  });
  it('parts glue into one word, as in a shell (env GREETING="a b")', () => {
    assert.deepEqual(words('env GREETING="a b"'), [['GREETING="a b"', 'GREETING=a b']]);
    const node = statement('env GREETING="a ${X}"').node;
    assert.ok(node.kind === 'env');
    assert.equal(node.name, 'GREETING');
    assert.deepEqual(node.value, ['a ', { start: 16, end: 20, name: 'X' }]);
  });
  it('a backslash is literal in a bare word (C:\\Users)', () => {
    assert.deepEqual(words('run type C:\\x\\y'), [['type', 'type'], ['C:\\x\\y', 'C:\\x\\y']]);
  });
  it('a regex only where a matcher takes one, with blanks and # inside', () => {
    const check = statement('bug stderr ~ /file not found: #\\d+/i').node;
    assert.ok(check.kind === 'check');
    assert.deepEqual(check.matcher?.operand?.regex, { source: 'file not found: #\\d+', flags: 'i' });
    assert.deepEqual(words('run /bin/echo a/b/'), [['/bin/echo', '/bin/echo'], ['a/b/', 'a/b/']]);
  });
  it('an escaped slash does not end the regex', () => {
    const node = statement('mask /a\\/b c/ "x"').node;
    assert.ok(node.kind === 'mask');
    assert.equal(node.pattern?.regex?.source, 'a\\/b c');
  });
});

describe('parse: comments and lines', () => {
  it('whole-line comments, with leading blanks', () => {
    const script = parse('# title\n  # indented\nrun a\n');
    assert.deepEqual(script.items.map((i) => i.type), ['comment', 'comment', 'statement', 'blank']);
  });
  it('a trailing comment needs a blank before #, and never starts inside quotes', () => {
    const s = statement('run a#b "c # d" \'e # f\' # note');
    assert.deepEqual(s.words.map((w) => w.value), ['a#b', 'c # d', 'e # f']);
    assert.equal(s.comment?.text, '# note');
  });
  it('a line ending in \\ continues on the next line', () => {
    const script = parse('run a \\\n    b\\\n  c # end\nbug exit 1\n');
    assert.equal(script.statements.length, 2);
    assert.deepEqual(script.statements[0].words.map((w) => w.value), ['a', 'b', 'c']);
    assert.equal(script.statements[0].lastLine, 2);
    assert.equal(script.statements[0].comment?.text, '# end');
  });
  it('a \\ at the end of the script continues nothing', () => {
    assert.deepEqual(words('run a \\'), [['a', 'a']]);
  });
  it('a reparse after an edit does not keep a lone \\ that now continues onto the edited line', () => {
    // Found by the property test: `\` before an archive marker continued nothing; breaking the marker joins them.
    const before = '\\\n-- a.txt --\n';
    const after = '\\\n- a.txt --\n';
    const reparsed = parse(after, { reuse: { script: parse(before), same: sameUntil(before, after) } });
    assert.deepEqual(reparsed.items, parse(after).items);
    assert.equal(reparsed.statements.length, 1);
  });
  it('LF and CRLF give the same tree; CRLF is remembered for the formatter', () => {
    const lf = parse('# t\nstep "s"\n  run a b\n  bug exit 1\n');
    const crlf = parse('# t\r\nstep "s"\r\n  run a b\r\n  bug exit 1\r\n');
    assert.deepEqual(crlf.statements.map((s) => s.words.map((w) => w.value)), lf.statements.map((s) => s.words.map((w) => w.value)));
    assert.equal(crlf.eol, '\r\n');
    assert.equal(lf.eol, '\n');
    assert.deepEqual(codes(diagnose('step "s"\r\n  run a\r\n  bug stdout == "x"\r\n')), []);
  });
  it('a quote does not continue onto the next line', () => {
    assert.deepEqual(codes(diagnose('run echo "a\\\n  b"\nbug exit 1\n')), ['RS002', 'RS002']);
  });
});

describe('parse: structure', () => {
  it('header, body and archive', () => {
    const script = parse('ticket SUP-1\nstep "one"\n  run a\n\n-- a.txt --\nx\n-- b/c.txt --\ny\nz');
    assert.deepEqual(script.statements.map((s) => s.name.raw), ['ticket', 'step', 'run']);
    assert.equal(script.archive?.line, 4);
    assert.deepEqual(script.archive?.files.map((f) => [f.name, script.text.slice(f.content.start, f.content.end)]), [['a.txt', 'x\n'], ['b/c.txt', 'y\nz']]);
  });
  it('everything after the first marker is archive, markers included', () => {
    const script = parse('run a\n-- f --\nrun b\n-- g --\n');
    assert.deepEqual(script.statements.map((s) => s.name.raw), ['run']);
    assert.deepEqual(script.archive?.files.map((f) => f.name), ['f', 'g']);
  });
  it('an indented marker or one without the closing dashes is not a marker', () => {
    assert.equal(parse('  -- f --\n').archive, undefined);
    assert.equal(parse('-- f\n').archive, undefined);
  });
  it('conditions before a command', () => {
    const s = statement('[linux] [!exec:git][env:CI] run git status');
    assert.deepEqual(s.conditions.map((c) => [c.negated, c.name, c.argument]), [[false, 'linux', undefined], [true, 'exec', 'git'], [false, 'env', 'CI']]);
    assert.equal(s.name.raw, 'run');
  });
  it('a step cannot have conditions', () => {
    assert.deepEqual(codes(diagnose('[linux] step "x"\n  run a\n  bug exit 1\n')), ['RS002']);
  });
});

describe('parse: ranges', () => {
  it('every word carries its exact span', () => {
    const text = 'run  --timeout 2s "a b"  ${X} # c';
    for (const w of statement(text).words) assert.equal(text.slice(w.start, w.end), w.raw);
  });
  it('columns count UTF-16 units, as LSP does', () => {
    const d = diagnose('run echo "Zoë 😀" rnu\nrnu').find((x) => x.code === 'RS001')!;
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    const script = parse('set X "😀" ${Y}');
    assert.deepEqual(positionAt(script.lineStarts, script.statements[0].words[2].start), { line: 0, character: 11 });
  });
  it('a lone CR breaks a line, as in LSP', () => {
    assert.equal(parse('run a\rrun b').statements.length, 2);
  });
});

describe('parse: bytes', () => {
  it('invalid UTF-8 in the script is RS002 at the byte', () => {
    const bytes = Buffer.from('step "s"\n  run caf\xff\n  bug exit 1\n', 'latin1');
    const [d] = diagnose(bytes);
    assert.equal(d.code, 'RS002');
    assert.deepEqual(d.range.start, { line: 1, character: 9 });
  });
  it('a genuine U+FFFD is text, not an error', () => {
    assert.deepEqual(codes(diagnose(Buffer.from('step "s"\n  run echo \uFFFD\n  bug exit 1\n'))), []);
  });
  it('a BOM is taken off and remembered', () => {
    const decoded = decodeUtf8(Buffer.from('\uFEFFrun a', 'utf8'));
    assert.equal(decoded.bom, true);
    assert.equal(decoded.text, 'run a');
  });
  it('decoding replaces each maximal invalid subpart with one U+FFFD, as TextDecoder does', () => {
    const bytes = Uint8Array.from([0x61, 0xe2, 0x82, 0x62, 0xf0, 0x9f, 0x98, 0x80, 0xc0, 0x80, 0xed, 0xa0, 0x80]);
    const decoded = decodeUtf8(bytes);
    assert.equal(decoded.text, new TextDecoder().decode(bytes));
    assert.equal(decoded.invalid.length, (decoded.text.match(/\uFFFD/g) ?? []).length);
  });
});
