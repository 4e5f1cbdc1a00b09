// The TextMate grammar of repro scripts (syntaxes/repro.tmLanguage.json), generated from the tables so that
// the colors know every command, subject and matcher the parser knows. A golden test keeps the file current.

import { COMMANDS, HTTP_METHODS } from './commands';
import { CONDITIONS } from './conditions';
import { SIGNALS, SUBJECTS } from './subjects';

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const alternatives = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).map(escape).join('|');

export function textmateGrammar(): object {
  const directives = COMMANDS.filter((c) => c.kind === 'directive').map((c) => c.name);
  const commands = COMMANDS.filter((c) => c.kind === 'command').map((c) => c.name);
  const operators = [...new Set(SUBJECTS.flatMap((s) => s.matchers.filter((m) => !m.bare).map((m) => m.op)))];
  const conditions = CONDITIONS.map((c) => (c.argument ? `${c.name}:[^\\]\\s]*` : c.name)).join('|');
  const lineStart = String.raw`^\s*((?:\[!?(?:${conditions})\]\s*)*)`;
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'Repro script',
    scopeName: 'source.repro',
    fileTypes: ['repro'],
    patterns: [{ include: '#archive' }, { include: '#comment' }, { include: '#mask' }, { include: '#capture' }, { include: '#statement' }],
    repository: {
      // The archive runs from the first `-- PATH --` line to the end of the file.
      archive: {
        begin: String.raw`^(?=-- .* --\r?$)`,
        end: String.raw`(?!x)x`,
        name: 'meta.archive.repro',
        patterns: [
          {
            match: String.raw`^(--)\s(.*)\s(--)\r?$`,
            captures: { 1: { name: 'punctuation.definition.archive.repro' }, 2: { name: 'entity.name.section.archive.repro' }, 3: { name: 'punctuation.definition.archive.repro' } },
          },
          { match: '.+', name: 'string.unquoted.archive.repro' },
        ],
      },
      comment: { match: String.raw`(?:^|(?<=[ \t]))(#).*$`, name: 'comment.line.number-sign.repro', captures: { 1: { name: 'punctuation.definition.comment.repro' } } },
      conditions: { match: String.raw`(\[)(!?)(${conditions})(\])`, captures: { 1: { name: 'punctuation.section.condition.repro' }, 2: { name: 'keyword.operator.negation.repro' }, 3: { name: 'entity.name.tag.condition.repro' }, 4: { name: 'punctuation.section.condition.repro' } } },
      mask: {
        begin: `${lineStart}(mask)\\b`,
        beginCaptures: { 1: { patterns: [{ include: '#conditions' }] }, 2: { name: 'keyword.other.directive.repro' } },
        end: String.raw`(?<!\\)$`,
        patterns: [{ include: '#regex' }, { include: '#words' }],
      },
      capture: {
        begin: `${lineStart}(capture)\\b`,
        beginCaptures: { 1: { patterns: [{ include: '#conditions' }] }, 2: { name: 'keyword.control.command.repro' } },
        end: String.raw`(?<!\\)$`,
        patterns: [{ include: '#subjects' }, { include: '#regex' }, { include: '#words' }],
      },
      statement: {
        begin: `${lineStart}(?:(${alternatives(directives)})|(${alternatives(commands)}))(?=\\s|$)`,
        beginCaptures: { 1: { patterns: [{ include: '#conditions' }] }, 2: { name: 'keyword.other.directive.repro' }, 3: { name: 'keyword.control.command.repro' } },
        end: String.raw`(?<!\\)$`,
        patterns: [
          { match: String.raw`(?<=\s)(!?~)\s+(?=/)`, captures: { 1: { name: 'keyword.operator.matcher.repro' } } },
          { include: '#regexAfterMatcher' },
          { include: '#subjects' },
          { match: `(?<=\\s)(${alternatives(operators)})(?=\\s|$)`, name: 'keyword.operator.matcher.repro' },
          { match: `(?<=\\s)(${alternatives(HTTP_METHODS)})(?=\\s)`, name: 'support.constant.http-method.repro' },
          { match: `\\b(${alternatives(SIGNALS)})\\b`, name: 'support.constant.signal.repro' },
          { include: '#words' },
        ],
      },
      regexAfterMatcher: { begin: String.raw`(?<=~\s)(/)`, end: String.raw`(/)([ims]*)|$`, name: 'string.regexp.repro', beginCaptures: { 1: { name: 'punctuation.definition.string.begin.repro' } }, endCaptures: { 1: { name: 'punctuation.definition.string.end.repro' }, 2: { name: 'keyword.other.flag.regexp.repro' } }, patterns: [{ match: String.raw`\\.`, name: 'constant.character.escape.regexp.repro' }] },
      regex: { begin: String.raw`(?<=\s)(/)`, end: String.raw`(/)([ims]*)|$`, name: 'string.regexp.repro', beginCaptures: { 1: { name: 'punctuation.definition.string.begin.repro' } }, endCaptures: { 1: { name: 'punctuation.definition.string.end.repro' }, 2: { name: 'keyword.other.flag.regexp.repro' } }, patterns: [{ match: String.raw`\\.`, name: 'constant.character.escape.regexp.repro' }] },
      subjects: { match: `(?<=\\s)(${alternatives(SUBJECTS.map((s) => s.name))})(?=\\s|$)`, name: 'support.type.subject.repro' },
      words: {
        patterns: [
          { include: '#comment' },
          { begin: '"', end: '"|$', name: 'string.quoted.double.repro', patterns: [{ match: String.raw`\\["\\nt$]`, name: 'constant.character.escape.repro' }, { include: '#variable' }] },
          { begin: "'", end: "'|$", name: 'string.quoted.single.repro' },
          { include: '#variable' },
          { match: String.raw`\\$`, name: 'constant.character.escape.line-continuation.repro' },
          { match: String.raw`(?<=\s)--[a-z][a-z-]*`, name: 'variable.parameter.flag.repro' },
          { match: String.raw`(?<=\s)@[^\s]+`, name: 'string.other.link.archive.repro' },
          { match: String.raw`\b[A-Z][A-Z0-9]{0,9}-[1-9][0-9]*\b`, name: 'constant.other.ticket.repro' },
          { match: String.raw`\bhttps?://[^\s"']+`, name: 'markup.underline.link.repro' },
          { match: String.raw`(?<=\s)\d+(?:\.\d+)?(?:ms|s|m|h)?(?=\s|$)`, name: 'constant.numeric.repro' },
        ],
      },
      variable: { match: String.raw`(\$\{)([A-Za-z_][A-Za-z0-9_]*)(\})`, name: 'variable.other.repro', captures: { 1: { name: 'punctuation.definition.variable.repro' }, 3: { name: 'punctuation.definition.variable.repro' } } },
    },
  };
}
