// The language service: one facade over the core for the language server (and any other host). The caller
// parses once per document version (incrementally, from the tree of the version before) and passes the tree
// to each feature; diagnostics come from the text, in one pass.

import type { CodeAction, CodeLens, CompletionList, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, TextEdit } from 'vscode-languageserver-types';
import type { Script } from './ast';
import { validateText } from './check';
import type { Diagnostic } from './diagnostics';
import { getCodeActions } from './features/codeActions';
import { complete, type TicketSummary } from './features/completion';
import { doHover } from './features/hover';
import { formatEdits, getCodeLenses } from './features/lenses';
import { findDefinition, findDocumentSymbols, findTicketLinks, getFoldingRanges } from './features/navigation';
import { parse, type IncrementalOptions } from './parse';
import type { Position } from './text';

export type { TicketSummary } from './features/completion';

/** What the support desk knows of tickets; injected, so that the core never opens the desk itself. */
export interface TicketDesk {
  /** true: known; false: unknown (RS105); undefined: cannot tell. */
  known(key: string): boolean | undefined;
  /** The tickets completion offers for what was typed (a key's start, or words of a subject), best first. */
  list(typed: string): readonly TicketSummary[];
  /** Markdown for a hover. */
  describe(key: string): string | undefined;
  /** Where a key in a `ticket` line links to (a URI), or undefined for no link. */
  link?(key: string): string | undefined;
}

export interface LanguageService {
  /** The tree of a text; `options` save work after an edit (an earlier tree reused) or when a prefix will do. */
  parse(text: string, options?: IncrementalOptions): Script;
  /**
   * The diagnostics of a text, in one streaming pass that keeps no tree: after each keystroke this is the
   * fast path (a tree of 10k lines is garbage the next keystroke, and collecting it is what makes latency vary).
   */
  doValidation(text: string): Diagnostic[];
  doComplete(script: Script, position: Position): CompletionList;
  doHover(script: Script, position: Position): Hover | null;
  findDefinition(script: Script, uri: string, position: Position): Location | null;
  findDocumentSymbols(script: Script): DocumentSymbol[];
  getFoldingRanges(script: Script): FoldingRange[];
  getCodeActions(script: Script, uri: string, diagnostics: readonly Diagnostic[]): CodeAction[];
  getCodeLenses(script: Script, uri: string, options: { repeat: number }): CodeLens[];
  /** The ticket keys the desk links somewhere (none without a desk). */
  getDocumentLinks(script: Script): DocumentLink[];
  format(script: Script): TextEdit[];
}

export function createLanguageService(options: { desk?: () => TicketDesk | undefined } = {}): LanguageService {
  const desk = (): TicketDesk | undefined => options.desk?.();
  return {
    parse: (text, options) => parse(text, options),
    doValidation: (text) => validateText(text, { lookupTicket: (key) => desk()?.known(key) }),
    doComplete: (script, position) => complete(script, position, { tickets: options.desk && ((typed) => desk()?.list(typed) ?? []) }),
    doHover: (script, position) => doHover(script, position, { describeTicket: (key) => desk()?.describe(key) }),
    findDefinition,
    findDocumentSymbols,
    getFoldingRanges,
    getCodeActions,
    getCodeLenses,
    getDocumentLinks: (script) => findTicketLinks(script, (key) => desk()?.link?.(key)),
    format: formatEdits,
  };
}
