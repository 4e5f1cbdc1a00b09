// The language server's speed, as an editor feels it: on a 10k-line document, the time from a keystroke's
// `didChange` to the `publishDiagnostics` that follows (p50, p95), and completion (p95). The same harness, in
// the same run, drives two peers from npm (bench/setup.sh installs them): the JSON server of
// vscode-langservers-extracted on a JSON document of about the same bytes, and bash-language-server on a
// 10k-line shell script. bash-language-server runs as it does without shellcheck installed (its diagnostics
// are then tree-sitter's syntax errors): with shellcheck, 10k lines take it about 7 s per change.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspClient, SERVER } from '../test/helpers/lsp';
import { generateScript } from './core';
import { fixed, table } from './measure';

const PEERS = join(__dirname, '..', '.bench', 'peers', 'node_modules', '.bin');
const CHANGES = 40;
const COMPLETIONS = 40;
/** A server that has not answered by then is reported as such, not waited for forever. */
const DEADLINE_MS = 20000;

interface Position {
  line: number;
  character: number;
}

interface Subject {
  name: string;
  command: string[];
  env?: NodeJS.ProcessEnv;
  languageId: string;
  text: string;
  /** Where a character is typed and deleted again, in turn (inside a comment or a string: the diagnostics stay). */
  typeAt: Position;
  /** Where completion is asked for. */
  completeAt: Position;
}

interface Figures {
  openMs: number;
  diagnostics: number[];
  completion: number[];
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function lineOf(text: string, pattern: RegExp, from: number): number {
  const lines = text.split('\n');
  for (let i = from; i < lines.length; i++) if (pattern.test(lines[i])) return i;
  throw new Error(`no line matches ${pattern}`);
}

function jsonDocument(bytes: number): string {
  const items: string[] = [];
  let size = 2;
  for (let i = 1; size < bytes; i++) {
    const item = `  {\n    "id": ${i},\n    "customer": "Zoë Müller ${i}",\n    "ticket": "SUP-${1000 + i}",\n    "tags": ["vip", "export"],\n    "report": { "period": "2026-10", "format": "pdf", "pages": ${i % 40} }\n  }`;
    items.push(item);
    size += item.length + 2;
  }
  return `[\n${items.join(',\n')}\n]\n`;
}

function shellScript(lines: number): string {
  const out = ['#!/usr/bin/env bash', 'set -euo pipefail', ''];
  for (let i = 1; out.length < lines; i++) {
    out.push(
      `# export the report of customer ${i}`,
      `export_report_${i}() {`,
      `  local customer="$1" format="\${2:-pdf}"`,
      `  if [[ -z "$customer" ]]; then`,
      `    echo "no customer for report ${i}" >&2`,
      '    return 1',
      '  fi',
      `  for page in $(seq 1 ${i % 40}); do`,
      `    acme report export --customer "$customer" --page "$page" --format "$format" || return $?`,
      '  done',
      '}',
      '',
    );
  }
  out.length = lines;
  return out.join('\n') + '\n';
}

function subjects(): Subject[] {
  const repro = generateScript(10000);
  const middle = 5000;
  const json = jsonDocument(Buffer.byteLength(repro));
  const shell = shellScript(10000);
  return [
    {
      name: 'repro-language-server',
      command: [process.execPath, SERVER, '--stdio'],
      languageId: 'repro',
      text: repro,
      typeAt: { line: lineOf(repro, /^ {2}# the customer reported/, middle), character: 10 },
      completeAt: { line: lineOf(repro, /^ {2}bug exit/, middle), character: 2 },
    },
    {
      name: 'vscode-json-language-server',
      command: [join(PEERS, 'vscode-json-language-server'), '--stdio'],
      languageId: 'json',
      text: json,
      typeAt: { line: lineOf(json, /"customer"/, middle), character: 20 },
      completeAt: { line: lineOf(json, /"ticket"/, middle), character: 4 },
    },
    {
      name: 'bash-language-server',
      command: [join(PEERS, 'bash-language-server'), 'start'],
      env: { ...process.env, SHELLCHECK_PATH: '' },
      languageId: 'shellscript',
      text: shell,
      typeAt: { line: lineOf(shell, /^# export the report/, middle), character: 10 },
      completeAt: { line: lineOf(shell, /^ {4}acme report/, middle), character: 4 },
    },
  ];
}

function deadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${DEADLINE_MS} ms`)), DEADLINE_MS)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function measureServer(subject: Subject): Promise<Figures> {
  const client = new LspClient({ command: subject.command, env: subject.env });
  try {
    const { capabilities } = await deadline(client.initialize(), 'initialize answer');
    const sync = capabilities.textDocumentSync as number | { change?: number } | undefined;
    const incremental = (typeof sync === 'number' ? sync : sync?.change) === 2;
    const uri = `file:///bench/doc.${subject.languageId}`;
    let version = 1;
    let started = performance.now();
    const opened = client.nextDiagnostics(uri);
    await client.open(uri, subject.text, version, subject.languageId);
    await deadline(opened, 'diagnostics after didOpen');
    const openMs = performance.now() - started;

    const lines = subject.text.split('\n');
    /** The i-th keystroke: types a character, or deletes the one typed before. */
    const type = (i: number): Promise<void> => {
      const at = subject.typeAt;
      const typing = i % 2 === 0;
      const range = { start: at, end: typing ? at : { line: at.line, character: at.character + 1 } };
      const line = lines[at.line];
      lines[at.line] = typing ? line.slice(0, at.character) + 'x' + line.slice(at.character) : line.slice(0, at.character) + line.slice(at.character + 1);
      return client.change(uri, ++version, incremental ? (typing ? 'x' : '') : lines.join('\n'), incremental ? range : undefined);
    };
    const diagnostics: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const published = client.nextDiagnostics(uri);
      started = performance.now();
      await type(i);
      await deadline(published, 'diagnostics after didChange');
      diagnostics.push(performance.now() - started);
    }

    // As in an editor, each completion follows a keystroke: the server answers from the text just changed.
    const completion: number[] = [];
    for (let i = 0; i < COMPLETIONS; i++) {
      const published = client.nextDiagnostics(uri);
      await type(i);
      started = performance.now();
      await deadline(client.request('textDocument/completion', { textDocument: { uri }, position: subject.completeAt }), 'completion answer');
      completion.push(performance.now() - started);
      await deadline(published, 'diagnostics after didChange');
    }
    return { openMs, diagnostics: diagnostics.sort((a, b) => a - b), completion: completion.sort((a, b) => a - b) };
  } finally {
    await deadline(client.close(), 'exit after shutdown').catch(() => client.kill());
  }
}

export async function runLspBenchmark(): Promise<string> {
  const rows: (string | number)[][] = [['server', 'doc KB', 'open ms', 'change→diagnostics p50', 'p95', 'completion p50', 'p95', 'p50 vs repro']];
  const notes: string[] = [];
  let reproP50 = 0;
  for (const subject of subjects()) {
    if (!existsSync(subject.command[0])) {
      notes.push(`${subject.name}: not installed (sh bench/setup.sh installs it)`);
      continue;
    }
    try {
      const f = await measureServer(subject);
      const p50 = percentile(f.diagnostics, 50);
      if (subject.languageId === 'repro') reproP50 = p50;
      rows.push([
        subject.name,
        Math.round(Buffer.byteLength(subject.text) / 1024),
        fixed(f.openMs, 1),
        fixed(p50, 1),
        fixed(percentile(f.diagnostics, 95), 1),
        fixed(percentile(f.completion, 50), 2),
        fixed(percentile(f.completion, 95), 2),
        reproP50 ? `${fixed(p50 / reproP50, 1)}×` : '',
      ]);
    } catch (error) {
      notes.push(`${subject.name}: ${(error as Error).message}`);
    }
  }
  return [
    `10k-line documents; ${CHANGES} keystrokes (typed, then deleted) → the diagnostics published after each; ${COMPLETIONS} completions, each right after a keystroke. Milliseconds.`,
    'Goals for repro: change→diagnostics p95 ≤ 30 ms, completion p95 ≤ 10 ms.',
    table(rows),
    ...notes,
  ].join('\n');
}
