// Quick fixes, where the fix is clear: one per diagnostic code, in a table.

import * as l10n from '@vscode/l10n';
import { CodeActionKind, type CodeAction, type TextEdit } from 'vscode-languageserver-types';
import type { Script, Statement } from '../ast';
import type { Diagnostic, DiagnosticCode } from '../diagnostics';
import { offsetAt, positionAt, lineContentEnd, type Range } from '../text';
import { ASSIGNMENT, shellCommand } from '../shell';
import { volatileSpec } from '../volatile';
import { inBody, statementAtLine } from './position';
import { backgroundNames, variablesBefore } from './scope';

/** For a program the table does not know: numbers, the commonest thing that changes. */
const ANY_MASK = { pattern: String.raw`\d+`, replacement: '<n>' };

type Fix = (script: Script, diagnostic: Diagnostic) => { title: string; edits: TextEdit[]; preferred?: boolean }[];

function lineText(script: Script, line: number): string {
  return script.text.slice(script.lineStarts[line], lineContentEnd(script.text, script.lineStarts, line));
}

function indentOf(script: Script, line: number): string {
  return /^[ \t]*/.exec(lineText(script, line))![0];
}

/** A new line before `line`, indented as it is. */
function insertBefore(script: Script, line: number, text: string): TextEdit {
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: indentOf(script, line) + text + script.eol };
}

function insertAfter(script: Script, line: number, text: string, indent = indentOf(script, line)): TextEdit {
  const at = positionAt(script.lineStarts, lineContentEnd(script.text, script.lineStarts, line));
  return { range: { start: at, end: at }, newText: script.eol + indent + text };
}

function textOf(script: Script, range: Range): string {
  return script.text.slice(offsetAt(script.lineStarts, script.text, range.start), offsetAt(script.lineStarts, script.text, range.end));
}

const FIXES: Partial<Record<DiagnosticCode, Fix>> = {
  RS001: (script, d) => didYouMean(script, d),
  RS002: (script, d) => didYouMean(script, d),
  RS009: (script) => {
    const runs = script.statements.filter((s) => s.node.kind === 'run' && !s.node.background);
    const after: Statement | undefined = runs[runs.length - 1] ?? script.statements[script.statements.length - 1];
    if (!after) return [];
    const indent = after.node.kind === 'step' ? '  ' : indentOf(script, after.line);
    return [{ title: l10n.t('Add a bug check after the last run'), edits: [insertAfter(script, after.lastLine, 'bug exit != 0', indent)], preferred: true }];
  },
  RS101: (script, d) => {
    const statement = statementAtLine(script, d.range.start.line);
    if (!statement) return [];
    const range = { start: positionAt(script.lineStarts, statement.name.start), end: positionAt(script.lineStarts, statement.end) };
    const choices: string[] = [];
    for (const name of backgroundNames(script, statement.line)) choices.push(`wait output ${name} contains "ready"`);
    for (const [name] of variablesBefore(script, statement.line)) if (/PORT/i.test(name)) choices.push(`wait port \${${name}}`);
    choices.push('wait file ready');
    return choices.map((text, i) => ({ title: l10n.t('Wait for a condition instead: {0}', text), edits: [{ range, newText: text }], preferred: i === 0 }));
  },
  RS103: (script, d) => {
    const program = d.data?.name ?? '';
    const mask = volatileSpec(program)?.mask ?? ANY_MASK;
    return [{ title: l10n.t('Mask the output of {0}', program), edits: [insertBefore(script, d.range.start.line, `mask /${mask.pattern}/ "${mask.replacement}"`)], preferred: true }];
  },
  RS006: (script, d) => {
    const name = d.data?.name;
    if (!name) return [];
    const line = statementAtLine(script, d.range.start.line)?.line ?? d.range.start.line;
    const definition = inBody(script, line) || script.statements.some((s) => s.spec?.kind === 'command' && s.line <= line) ? `set ${name} value` : `env ${name}=value`;
    return [{ title: l10n.t('Define {0} before this line', '${' + name + '}'), edits: [insertBefore(script, line, definition)], preferred: true }];
  },
  RS013: (script, d) => {
    const statement = statementAtLine(script, d.range.start.line);
    if (statement?.node.kind !== 'run' || !statement.node.program) return [];
    const words = [statement.node.program, ...statement.node.args];
    const span = { start: positionAt(script.lineStarts, words[0].start), end: positionAt(script.lineStarts, words[words.length - 1].end) };
    const fixes: ReturnType<Fix> = [];
    // A leading NAME=VALUE (and those right after it) becomes an `env` line before, under the same conditions.
    const program = words.findIndex((w) => !ASSIGNMENT.test(w.raw));
    if (d.data?.name === 'shellAssignment' && program > 0) {
      const conditions = script.text.slice(statement.start, statement.name.start).trim();
      const prefix = conditions ? conditions + ' ' : '';
      const indent = indentOf(script, statement.line);
      const lines = words.slice(0, program).map((w) => `${prefix}env ${w.raw}`).join(script.eol + indent);
      const removed = { start: span.start, end: positionAt(script.lineStarts, words[program].start) };
      fixes.push({ title: l10n.t('Set {0} with an env line before', words.slice(0, program).map((w) => w.raw).join(' ')), edits: [insertBefore(script, statement.line, lines), { range: removed, newText: '' }], preferred: true });
    }
    fixes.push({ title: l10n.t('Run the line in a shell: run sh -c \'…\''), edits: [{ range: span, newText: shellCommand(words) }], preferred: fixes.length === 0 });
    return fixes;
  },
  RS007: (script, d) => {
    const name = d.data?.name;
    if (!name) return [];
    const end = positionAt(script.lineStarts, script.text.length);
    let text = script.text.length === 0 || script.text.endsWith('\n') ? '' : script.eol;
    if (!script.archive) text += script.eol;
    text += `-- ${name} --${script.eol}`;
    return [{ title: l10n.t('Create the archive file {0}', name), edits: [{ range: { start: end, end }, newText: text }], preferred: true }];
  },
};

/** "Did you mean": the nearest valid word in place of the wrong one (a condition keeps its brackets). */
function didYouMean(script: Script, d: Diagnostic): ReturnType<Fix> {
  const suggestion = d.data?.suggestion;
  if (!suggestion) return [];
  const written = textOf(script, d.range);
  const condition = /^\[(!?)[^\]]*\]?$/.exec(written);
  const newText = condition ? `[${condition[1]}${suggestion}]` : suggestion;
  return [{ title: l10n.t('Change to {0}', newText), edits: [{ range: d.range, newText }], preferred: true }];
}

/** The quick fixes for the diagnostics the editor shows in a range. */
export function getCodeActions(script: Script, uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const d of diagnostics) {
    for (const fix of FIXES[d.code]?.(script, d) ?? []) {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [toLsp(d)], isPreferred: fix.preferred, edit: { changes: { [uri]: fix.edits } } });
    }
  }
  return actions;
}

/** The LSP form of a diagnostic (the server sends the same one). */
export function toLsp(d: Diagnostic): import('vscode-languageserver-types').Diagnostic {
  const severity = d.severity === 'error' ? 1 : d.severity === 'warning' ? 2 : 3;
  const lsp: import('vscode-languageserver-types').Diagnostic = { range: d.range, severity: severity as 1 | 2 | 3, code: d.code, source: 'repro', message: d.message };
  if (d.data) lsp.data = d.data;
  return lsp;
}
