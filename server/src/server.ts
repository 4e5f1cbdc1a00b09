// The repro language server: LSP over stdio (`repro-language-server --stdio`, for any client) or IPC (the
// VS Code extension). An adapter over the language service: it keeps one parsed tree per document version,
// and each handler finds the document, asks the core, converts, and returns.
// Invariant: no handler throws to the client and nothing crashes the process; a failure is logged and the
// request answered empty.

import * as l10n from '@vscode/l10n';
import { homedir } from 'node:os';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CompletionParams,
  type Connection,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Script } from '../../shared/core/ast';
import type { Diagnostic } from '../../shared/core/diagnostics';
import { toLsp } from '../../shared/core/features/codeActions';
import { RUN_COMMANDS } from '../../shared/core/features/lenses';
import { createLanguageService } from '../../shared/core/languageService';
import { sameUntil } from '../../shared/core/text';
import { defaultDeskPath } from '../../shared/desk/paths';
import { DeskPasswordRequest, DeskUnlockedNotification, RefreshLensesNotification } from '../../shared/protocol';
import { defaultSettings, resolveSettings, type Settings } from '../../shared/settings';
import { languageFromEnv, useLanguage } from '../../shared/locale';
import { ServerDesk } from './desk';
import { runForClient } from './run';

declare const REPRO_VERSION: string;

/** How long diagnostics wait after a change (see `schedule`). */
const DIAGNOSTICS_GRACE_MS = 4;

/** Options the VS Code extension passes; other clients pass none. */
interface InitializationOptions {
  /** The extension's localization bundle (vscode.l10n.uri), when VS Code runs in another language. */
  l10nBundle?: string;
  /** The client runs scripts itself (VS Code, with its Testing view and Workspace Trust): no server commands. */
  clientRunsCommands?: boolean;
  /** The desk file or team desk URL (the client's `repro.desk.path`); empty or absent: the setting, else the default. */
  deskPath?: string;
  /** The client answers DeskPasswordRequest (VS Code: the team desk's password the user gave it). */
  deskPasswords?: boolean;
}

/** A `ticket` line: what is asked about it needs the desk. */
const TICKET_LINE = /^\s*ticket(\s|$)/;

/** `~` at the start of a path is the home folder, as in the extension's setting. */
function expandHome(path: string): string {
  return path.replace(/^~(?=$|[\\/])/, () => homedir());
}

/** `repro.desk.path` from a `workspace/configuration` answer for section `repro` (nested, or as one key). */
function configuredDeskPath(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const section = value as { desk?: { path?: unknown }; 'desk.path'?: unknown };
  const path = section.desk?.path ?? section['desk.path'];
  return typeof path === 'string' ? path.trim() : '';
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let options: InitializationOptions = {};
  /** Where the desk is, asked once per configuration (the setting may name another desk). */
  let deskPath: Promise<string> | undefined;
  const desk = new ServerDesk({
    path: () =>
      (deskPath ??= (async () => {
        if (options.deskPath?.trim()) return expandHome(options.deskPath.trim());
        const configured = canReadConfiguration
          ? configuredDeskPath(await connection.workspace.getConfiguration('repro').then((value: unknown) => value, () => undefined))
          : '';
        return configured ? expandHome(configured) : defaultDeskPath();
      })()),
    password: async (location) => {
      if (!options.deskPasswords) return undefined;
      // The answer is never logged: it is a password.
      const answer = await connection.sendRequest(DeskPasswordRequest.type, { location }).then((a) => a, () => undefined);
      return typeof answer?.password === 'string' ? answer.password : undefined;
    },
    get commandLinks() {
      return options.clientRunsCommands === true;
    },
    changed: () => {
      for (const document of documents.all()) schedule(document);
    },
    log: (message, level) => (level === 'warning' ? connection.console.warn(`repro: ${message}`) : connection.console.log(`repro: ${message}`)),
  });
  const service = createLanguageService({ desk: () => desk });
  /** Per document: the newest tree, of the whole text or (for completion) of a prefix up to `lastLine`. */
  const trees = new Map<string, { version: number; script: Script; lastLine: number }>();
  const settings = new Map<string, Promise<Settings>>();
  let canReadConfiguration = false;

  /**
   * The tree of a document's current version: the whole of it, or at least up to `untilLine` (completion looks
   * only backwards). Built from the newest tree there is, so that a keystroke re-reads only what follows it.
   */
  const treeOf = (document: TextDocument, untilLine = Infinity): Script => {
    const cached = trees.get(document.uri);
    if (cached?.version === document.version && cached.lastLine >= untilLine) return cached.script;
    const text = document.getText();
    const reuse = cached && { script: cached.script, same: sameUntil(cached.script.text, text) };
    const prefix = untilLine < Infinity;
    const script = service.parse(text, { reuse, untilLine: prefix ? untilLine : undefined });
    trees.set(document.uri, { version: document.version, script, lastLine: prefix ? untilLine : Infinity });
    return script;
  };

  const settingsOf = (uri: string): Promise<Settings> => {
    if (!canReadConfiguration) return Promise.resolve(defaultSettings());
    let found = settings.get(uri);
    if (!found) {
      found = connection.workspace.getConfiguration({ scopeUri: uri, section: 'repro' }).then(
        (value: unknown) => resolveSettings(value),
        () => defaultSettings(),
      );
      settings.set(uri, found);
    }
    return found;
  };

  /** Runs a handler; a failure is logged and answered with `fallback`. */
  function safe<P, R>(handler: (params: P) => R | Promise<R>, fallback: R): (params: P) => Promise<R> {
    return async (params) => {
      try {
        return await handler(params);
      } catch (error) {
        connection.console.error(`repro: ${(error as Error)?.stack ?? String(error)}`);
        return fallback;
      }
    };
  }

  const withTree = <P extends { textDocument: { uri: string } }, R>(fallback: R, handler: (script: Script, params: P) => R) =>
    safe<P, R>((params) => {
      const document = documents.get(params.textDocument.uri);
      return document ? handler(treeOf(document), params) : fallback;
    }, fallback);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    options = (params.initializationOptions ?? {}) as InitializationOptions;
    // The editor's language: VS Code hands its bundle over; other clients may say their locale; else the
    // server keeps the language of its environment (main).
    if (options.l10nBundle) l10n.config({ fsPath: options.l10nBundle });
    else if (params.locale) useLanguage(params.locale.toLowerCase().startsWith('ru') ? 'ru' : 'en');
    canReadConfiguration = params.capabilities.workspace?.configuration === true;
    const result: InitializeResult = {
      serverInfo: { name: 'repro-language-server', version: REPRO_VERSION },
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: [' ', '{', '[', '@', '-'] },
        hoverProvider: true,
        definitionProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
      },
    };
    // Ticket keys link to the ticket's panel: a command, which only VS Code runs.
    if (options.clientRunsCommands) result.capabilities.documentLinkProvider = { resolveProvider: false };
    // Clients other than VS Code run scripts through the server: the Run lenses' commands are its own.
    if (!options.clientRunsCommands) result.capabilities.executeCommandProvider = { commands: Object.values(RUN_COMMANDS) };
    return result;
  });

  connection.onInitialized(() => {
    if (canReadConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  });

  const refreshLenses = (): void => void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    deskPath = undefined;
    void desk.reconsider().catch((error: unknown) => connection.console.error(`repro: ${String(error)}`));
    for (const document of documents.all()) schedule(document);
    refreshLenses();
  });
  connection.onNotification(RefreshLensesNotification.type, refreshLenses);
  connection.onNotification(DeskUnlockedNotification.type, () => desk.unlocked());

  // Diagnostics: on open and on every change, for the newest version only (an older one still waiting is
  // dropped: typing fast never queues work). They start a few milliseconds after the change, so that what the
  // editor asks with a keystroke (completion) is answered, and its answer written out, first: a 10k-line
  // check holds the event loop for about 10 ms.
  const pending = new Map<string, number>();
  function schedule(document: TextDocument): void {
    pending.set(document.uri, document.version);
    setTimeout(() => {
      const current = documents.get(document.uri);
      if (!current || pending.get(document.uri) !== document.version || current.version !== document.version) return;
      pending.delete(document.uri);
      try {
        const diagnostics = service.doValidation(current.getText()).map(toLsp);
        void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
      } catch (error) {
        connection.console.error(`repro: ${(error as Error)?.stack ?? String(error)}`);
      }
    }, DIAGNOSTICS_GRACE_MS);
  }
  documents.onDidChangeContent((change) => schedule(change.document));
  documents.onDidClose((event) => {
    trees.delete(event.document.uri);
    settings.delete(event.document.uri);
    pending.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  /** Whether the line at a position is a `ticket` line: its answer waits for the desk to open (once). */
  const onTicketLine = (document: TextDocument, position: { line: number }): boolean =>
    TICKET_LINE.test(document.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } }));

  connection.onCompletion(
    safe(async (p: CompletionParams) => {
      let document = documents.get(p.textDocument.uri);
      if (document && onTicketLine(document, p.position)) {
        await desk.ready();
        document = documents.get(p.textDocument.uri);
      }
      return document ? service.doComplete(treeOf(document, p.position.line), p.position) : { isIncomplete: false, items: [] };
    }, { isIncomplete: false, items: [] }),
  );
  connection.onHover(
    safe(async (p: HoverParams) => {
      let document = documents.get(p.textDocument.uri);
      if (document && onTicketLine(document, p.position)) {
        await desk.ready();
        document = documents.get(p.textDocument.uri);
      }
      return document ? service.doHover(treeOf(document), p.position) : null;
    }, null),
  );
  connection.onDocumentLinks(
    safe(async (p) => {
      const document = documents.get(p.textDocument.uri);
      if (!document) return [];
      const script = treeOf(document);
      if (!script.statements.some((s) => s.node.kind === 'ticket')) return [];
      await desk.ready();
      const current = documents.get(p.textDocument.uri);
      return current ? service.getDocumentLinks(treeOf(current)) : [];
    }, []),
  );
  connection.onDefinition(withTree(null, (script, p) => service.findDefinition(script, p.textDocument.uri, p.position)));
  connection.onDocumentSymbol(withTree([], (script) => service.findDocumentSymbols(script)));
  connection.onFoldingRanges(withTree([], (script) => service.getFoldingRanges(script)));
  connection.onDocumentFormatting(withTree([], (script) => service.format(script)));
  connection.onCodeAction(
    withTree([], (script, p) => {
      const diagnostics: Diagnostic[] = p.context.diagnostics
        .filter((d) => typeof d.code === 'string' && d.code.startsWith('RS'))
        .map((d) => ({ code: d.code as Diagnostic['code'], severity: 'error', message: String(d.message), range: d.range, data: d.data as Diagnostic['data'] }));
      return service.getCodeActions(script, p.textDocument.uri, diagnostics);
    }),
  );
  connection.onCodeLens(
    safe(async (p) => {
      const document = documents.get(p.textDocument.uri);
      if (!document) return [];
      const s = await settingsOf(document.uri);
      return s.codeLens.enabled ? service.getCodeLenses(treeOf(document), document.uri, { repeat: s.run.repeat }) : [];
    }, []),
  );
  connection.onExecuteCommand(
    safe(async (p) => {
      const [uri, value] = (p.arguments ?? []) as [string, number | undefined];
      const document = documents.get(uri);
      if (!document) return null;
      const s = await settingsOf(uri);
      return runForClient(connection, uri, document.getText(), p.command, value, s);
    }, null),
  );

  connection.onShutdown(() => desk.close());

  documents.listen(connection);
  connection.listen();
}

function main(): void {
  if (process.argv.includes('--version')) {
    process.stdout.write(`repro-language-server ${REPRO_VERSION}\n`);
    return;
  }
  useLanguage(languageFromEnv(process.env));
  if (process.argv.includes('--help')) {
    process.stdout.write(`${l10n.t('Usage: {0}', 'repro-language-server --stdio | --node-ipc | --socket=PORT')}\n${l10n.t('The language server of repro scripts (*.repro), for any LSP client.')}\n`);
    return;
  }
  const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
  if (!process.argv.slice(2).some((a) => transports.some((t) => a.startsWith(t)))) {
    process.stderr.write(`repro-language-server: ${l10n.t('say how to talk: {0}', '--stdio (--node-ipc, --socket=PORT)')}\n`);
    process.exitCode = 2;
    return;
  }
  // A bug must not take the editor's language features down with it.
  const connection = createConnection(ProposedFeatures.all);
  process.on('uncaughtException', (error) => connection.console.error(`repro: ${error.stack ?? error}`));
  process.on('unhandledRejection', (error) => connection.console.error(`repro: ${String(error)}`));
  startServer(connection);
}

if (require.main === module) main();
