// Hover: the docs of what is under the cursor, from the tables; a variable's definition; an archive file's
// first lines; a ticket as the desk knows it.

import * as l10n from '@vscode/l10n';
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { Script, Statement, Word } from '../ast';
import { SANDBOX_DOCS } from '../commands';
import { CONDITION_BY_NAME } from '../conditions';
import { SUBJECT_BY_NAME } from '../subjects';
import { lineContentEnd, rangeOf, type Position, type Span } from '../text';
import { commandDoc } from './completion';
import { archiveFile, offsetOf, statementAtLine } from './position';
import { definitionOf } from './scope';

export interface HoverHost {
  /** Markdown about a ticket of the desk, or undefined when the desk does not know it. */
  describeTicket?: (key: string) => string | undefined;
}

function hover(script: Script, span: Span, value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(script.lineStarts, span) };
}

/** The first lines of an archive file, as a hover shows them. */
function archivePreview(script: Script, name: string): string | undefined {
  const file = archiveFile(script, name);
  if (!file) return undefined;
  const lines = script.text.slice(file.content.start, file.content.end).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const shown = lines.slice(0, 8);
  const more = lines.length > shown.length ? `\n${l10n.t('… {0} more lines', lines.length - shown.length)}` : '';
  return `**${l10n.t('archive file {0}', file.name)}** (${l10n.t('line {0}', file.line + 1)})\n\n\`\`\`\n${shown.join('\n')}\n\`\`\`${more}`;
}

export function doHover(script: Script, position: Position, host: HoverHost = {}): Hover | null {
  const offset = offsetOf(script, position);
  const statement = statementAtLine(script, position.line);
  if (!statement) return null;
  for (const condition of statement.conditions) {
    const spec = CONDITION_BY_NAME.get(condition.name);
    if (spec && condition.start <= offset && offset <= condition.end) return hover(script, condition, `\`[${condition.negated ? '!' : ''}${spec.name}${spec.argument ? ':' + spec.argument : ''}]\` — ${l10n.t(spec.summary)}`);
  }
  if (statement.name.start <= offset && offset <= statement.name.end && statement.spec) return hover(script, statement.name, commandDoc(statement.spec));
  const word = statement.words.find((w) => w.start <= offset && offset <= w.end);
  if (!word) return null;
  const ref = word.parts?.find((p) => typeof p !== 'string' && p.start <= offset && offset <= p.end);
  if (ref && typeof ref !== 'string') return variableHover(script, statement, ref.name, ref);
  return wordHover(script, statement, word, host);
}

function variableHover(script: Script, statement: Statement, name: string, span: Span): Hover {
  const definition = definitionOf(script, name, statement.line);
  if (definition) {
    const line = script.text.slice(script.lineStarts[definition.line], lineContentEnd(script.text, script.lineStarts, definition.line)).trim();
    return hover(script, span, `**\${${name}}** — ${l10n.t('defined on line {0}', definition.line + 1)}\n\n\`\`\`repro\n${line}\n\`\`\``);
  }
  const sandbox = SANDBOX_DOCS[name];
  if (!sandbox) return hover(script, span, `**\${${name}}** — ${l10n.t('not defined in this script')}`);
  return hover(script, span, `**\${${name}}** — ${l10n.t('set by the sandbox')}: ${'value' in sandbox ? `\`${sandbox.value}\`` : l10n.t(sandbox.summary)}`);
}

function wordHover(script: Script, statement: Statement, word: Word, host: HoverHost): Hover | null {
  const node = statement.node;
  if (node.kind === 'ticket' && node.key === word && word.value) {
    const about = host.describeTicket?.(word.value);
    return about ? hover(script, word, about) : null;
  }
  const flag = statement.spec?.flags?.find((f) => f.name === word.raw);
  if (flag) return hover(script, word, `\`${flag.name}${flag.value ? ' ' + flag.value : ''}\` — ${l10n.t(flag.summary)}`);
  if (node.kind === 'check' || node.kind === 'capture') {
    const subject = node.subject;
    if (subject?.word === word) {
      const spec = SUBJECT_BY_NAME.get(subject.name)!;
      return hover(script, word, `**${spec.name}${spec.argument ? ' ' + spec.argument : ''}** — ${l10n.t(spec.summary)}\n\n${spec.matchers.map((m) => `- \`${m.usage}\` — ${l10n.t(m.summary)}`).join('\n')}`);
    }
    if (node.kind === 'check' && node.matcher?.opWord === word && subject) {
      const matcher = SUBJECT_BY_NAME.get(subject.name)!.matchers.find((m) => m.op === node.matcher!.op && !m.bare);
      if (matcher) return hover(script, word, `\`${matcher.usage}\` — ${l10n.t(matcher.summary)}`);
    }
    if (node.kind === 'check' && node.matcher?.archiveFile === word && word.value) {
      const preview = archivePreview(script, word.value.slice(1));
      return preview ? hover(script, word, preview) : null;
    }
  }
  if ((node.kind === 'run' && node.stdin === word) || (node.kind === 'http' && node.bodyFile === word)) {
    const preview = word.value === undefined ? undefined : archivePreview(script, word.value);
    return preview ? hover(script, word, preview) : null;
  }
  return null;
}
