// The desk in VS Code: each part (views, panels, commands, links, recording runs) registers itself from here,
// given what the extension shares with it.

import type * as vscode from 'vscode';
import type { Finished, ReproTests } from '../testing';
import type { DeskService } from './service';
import { registerPanels } from './panels';
import { registerWorkflow } from './commands';
import { registerDeskStatus } from './status';

/** What every part of the desk UI is given. */
export interface DeskContext {
  extension: vscode.ExtensionContext;
  desk: DeskService;
  output: vscode.LogOutputChannel;
  tests: ReproTests;
  /** Runs a script as the Run lens does (trust checked, progress with Cancel); undefined when it did not run. */
  run(uri: vscode.Uri, options?: { repeat?: number; expect?: 'reproduced' | 'not-reproduced' }): Promise<Finished | undefined>;
  /** True in a trusted workspace; otherwise says why nothing runs, and false. */
  trustedOrWarn(): boolean;
}

type Part = (context: DeskContext) => void;

/** The parts, in the order they register. */
const PARTS: Part[] = [
  registerPanels,
  registerWorkflow,
  registerDeskStatus,
];

export function registerDesk(context: DeskContext): void {
  for (const part of PARTS) part(context);
}
