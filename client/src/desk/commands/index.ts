// The desk's workflow in the editor, as one part of the desk UI (../index.ts PARTS): the views, the recording
// of runs, links, and a command for every workflow step, in one table (the manifest names the same ids).
// Every command takes its answers as arguments (a key, a tree element, an options object) and asks only for
// what it was not given; every failure is shown as one message (common.ts `guarded`).

import * as vscode from 'vscode';
import type { DeskContext } from '..';
import { registerLinks } from '../links';
import { registerRecording } from '../recording';
import { registerViews } from '../views';
import { callCommands } from './calls';
import { guarded, type Handler } from './common';
import { deskCommands } from './desk';
import { documentCommands } from './documents';
import { scriptCommands } from './scripts';
import { ticketCommands } from './tickets';
import { trackerCommands } from './tracker';

export function registerWorkflow(ctx: DeskContext): void {
  const views = registerViews(ctx);
  registerRecording(ctx);
  registerLinks(ctx);
  const commands: Record<string, Handler> = {
    ...deskCommands(ctx, views),
    ...callCommands(ctx),
    ...ticketCommands(ctx),
    ...scriptCommands(ctx),
    ...documentCommands(ctx),
    ...trackerCommands(ctx),
  };
  for (const [id, handler] of Object.entries(commands)) ctx.extension.subscriptions.push(vscode.commands.registerCommand(id, guarded(ctx, id, handler)));
}
