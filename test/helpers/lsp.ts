// A real LSP client connection to the built server over stdio, for protocol tests and benchmarks.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { ROOT } from './golden';

export const SERVER = join(ROOT, 'dist', 'server.js');

export interface ClientOptions {
  /** The `repro` settings the client answers `workspace/configuration` with. */
  settings?: Record<string, unknown>;
  locale?: string;
  initializationOptions?: Record<string, unknown>;
  /** Another server to talk to (benchmarks): the command and its arguments, and its environment. */
  command?: string[];
  env?: NodeJS.ProcessEnv;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  private readonly listeners = new Set<(p: PublishDiagnosticsParams) => void>();
  readonly published: PublishDiagnosticsParams[] = [];
  exited = false;

  constructor(private readonly options: ClientOptions = {}) {
    const [command, ...args] = options.command ?? [process.execPath, SERVER, '--stdio'];
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env: options.env ?? process.env });
    this.process.on('exit', () => (this.exited = true));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const listener of this.listeners) listener(p);
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => options.settings ?? null));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/codeLens/refresh', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onNotification('window/showMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      locale: this.options.locale,
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          hover: { contentFormat: ['markdown'] },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown> };
  }

  /** The diagnostics published for this URI and version (waits for them: an event, not a timer). */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const found = this.published.find((p) => p.uri === uri && p.version === version);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const listener = (p: PublishDiagnosticsParams): void => {
        if (p.uri === uri && p.version === version) {
          this.listeners.delete(listener);
          resolve(p);
        }
      };
      this.listeners.add(listener);
    });
  }

  open(uri: string, text: string, version = 1, languageId = 'repro'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** A whole new text, or (with `range`) an incremental edit. */
  change(uri: string, version: number, text: string, range?: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [range ? { range, text } : { text }] });
  }

  /** The first diagnostics published for `uri` (the latest already published, or a later one) that pass `test`. */
  async diagnosticsUntil(uri: string, test: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const latest = this.published.filter((p) => p.uri === uri).pop();
    if (latest && test(latest.diagnostics)) return latest.diagnostics;
    for (;;) {
      const next = await this.nextDiagnostics(uri);
      if (test(next.diagnostics)) return next.diagnostics;
    }
  }

  /** The next diagnostics published for this URI, whatever their version (servers that send none included). */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      const listener = (p: PublishDiagnosticsParams): void => {
        if (p.uri !== uri) return;
        this.listeners.delete(listener);
        resolve(p);
      };
      this.listeners.add(listener);
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** For a server that does not shut down when asked. */
  kill(): void {
    if (!this.exited) this.process.kill('SIGKILL');
    this.connection.dispose();
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      await this.connection.sendNotification('exit').catch(() => undefined);
      await exited;
    }
    this.connection.dispose();
  }
}

/** Applies LSP text edits to a text (edits do not overlap). */
export function applyEdits(text: string, edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split(/(?<=\n)/);
  const offset = (p: { line: number; character: number }): number => lines.slice(0, p.line).join('').length + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}
