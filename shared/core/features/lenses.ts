// Run lenses: run the script, run it N times, run it to the end of a step. The commands are the host's.

import * as l10n from '@vscode/l10n';
import type { CodeLens, TextEdit } from 'vscode-languageserver-types';
import type { Script } from '../ast';
import { format } from '../format';
import { positionAt } from '../text';
import { stepSpans } from './navigation';

export const RUN_COMMANDS = { run: 'repro.run', repeat: 'repro.runRepeat', toStep: 'repro.runToStep' } as const;

export function getCodeLenses(script: Script, uri: string, options: { repeat: number }): CodeLens[] {
  const first = script.statements.find((s) => s.spec !== undefined);
  if (!first) return [];
  const at = { start: { line: first.line, character: 0 }, end: { line: first.line, character: 0 } };
  const lenses: CodeLens[] = [
    { range: at, command: { title: '$(play) ' + l10n.t('Run'), command: RUN_COMMANDS.run, arguments: [uri] } },
    { range: at, command: { title: l10n.t('Run ×{0}', options.repeat), command: RUN_COMMANDS.repeat, arguments: [uri, options.repeat] } },
  ];
  for (const { step, lastLine } of stepSpans(script)) {
    // The argument is the step's last line, 1-based: the runner's `untilLine`.
    const range = { start: { line: step.line, character: 0 }, end: { line: step.line, character: 0 } };
    lenses.push({ range, command: { title: l10n.t('Run to here'), command: RUN_COMMANDS.toStep, arguments: [uri, lastLine + 1] } });
  }
  return lenses;
}

/**
 * The formatter's result as an edit over only the lines that change (the lines around them, and the cursor on
 * them, stay put). Lines are compared whole, line breaks included.
 */
export function formatEdits(script: Script): TextEdit[] {
  const formatted = format(script);
  if (formatted === script.text) return [];
  const split = (text: string): string[] => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const before = split(script.text);
  const after = split(formatted);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const startOffset = before.slice(0, head).join('').length;
  const endOffset = script.text.length - before.slice(before.length - tail).join('').length;
  return [{ range: { start: positionAt(script.lineStarts, startOffset), end: positionAt(script.lineStarts, endOffset) }, newText: after.slice(head, after.length - tail).join('') }];
}
