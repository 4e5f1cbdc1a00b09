// What the desk's commands share: the --db option, opening the desk (errors become one line and exit 2),
// the document options, and writing a document to stdout or a file. The desk's code (and SQLite) is loaded
// only when a command opens the desk, so that `repro check` does not pay for it.

import * as l10n from '@vscode/l10n';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DocumentFormat, DocumentLanguage } from '../shared/documents/types';
import { defaultDeskPath, isTeamDeskUrl } from '../shared/desk/paths';
import type { DeskStore } from '../shared/desk/store';
import { languageFromEnv, LANGUAGES } from '../shared/locale';
import { optionValue, type OptionSpec, type ParsedArgs } from './args';
import { UsageError, type CliContext } from './context';
import { writeFileDurably } from '../shared/durable';

export const DB_OPTION: OptionSpec = { name: '--db', value: 'PATH', summary: 'the desk: a file, or a team desk\'s postgresql:// URL (default: $REPRO_DESK_DB, else the per-user desk the editor shares)' };

export const DOCUMENT_OPTIONS: readonly OptionSpec[] = [
  { name: '--format', value: 'md|html', choices: ['md', 'html'], summary: 'Markdown (default) or a self-contained HTML page' },
  { name: '--output', value: 'FILE', summary: 'writes the document to FILE instead of standard output' },
  DB_OPTION,
];

/** Where the desk is: a file (resolved from the current folder), or a team desk's postgresql:// URL as given. */
export function deskPath(ctx: CliContext, args: ParsedArgs): string {
  const location = optionValue(args, '--db') ?? defaultDeskPath(ctx.env);
  return isTeamDeskUrl(location) ? location : resolve(ctx.cwd, location);
}

/** The desk was named (--db, REPRO_DESK_DB): it is used as it is, never made by a command that only uses it. */
export function deskIsNamed(ctx: CliContext, args: ParsedArgs): boolean {
  return optionValue(args, '--db') !== undefined || Boolean(ctx.env.REPRO_DESK_DB);
}

/** Whether an error is one the desk raises for a person to read (anything else is a bug). */
export async function isDeskError(error: unknown): Promise<boolean> {
  const [store, workflows, team, sync] = await Promise.all([
    import('../shared/desk/store'),
    import('../shared/desk/workflows/common'),
    import('../shared/desk/engines/postgres/teamDesk'),
    import('../shared/desk/engines/postgres/sync'),
  ]);
  return [workflows.WorkflowError, store.DeskFileError, store.DeskBusyError, store.DeskReadOnlyError, store.JournalError, team.DeskNotFoundError, sync.PostgresError].some(
    (kind) => error instanceof kind,
  );
}

export interface OpenDeskOptions {
  /**
   * What a missing desk file means. `default` (the default): the per-user desk is made on first use, a desk
   * that was named (--db, REPRO_DESK_DB) must exist; `never`: a read, which never makes a desk; `always`: the
   * command makes desks (`repro desk init`, `repro desk import`).
   */
  create?: 'default' | 'never' | 'always';
  readOnly?: boolean;
}

/** Opens the desk --db names (or the default one); a desk that cannot be opened is a usage error. */
export async function openDesk(ctx: CliContext, args: ParsedArgs, options: OpenDeskOptions = {}): Promise<DeskStore | UsageError> {
  const path = deskPath(ctx, args);
  const policy = options.create ?? 'default';
  if (isTeamDeskUrl(path)) return openTeamDesk(path, policy === 'always', options.readOnly, ctx.env);
  const mayCreate = policy === 'always' || (policy === 'default' && !deskIsNamed(ctx, args));
  if (!mayCreate && !existsSync(path)) return new UsageError(l10n.t('no desk at {0}; create it with repro desk init {1}', path, shellWord(path)));
  const { Desk } = await import('../shared/desk/store');
  try {
    return await Desk.open(path, { create: mayCreate, readOnly: options.readOnly });
  } catch (error) {
    if (await isDeskError(error)) return new UsageError((error as Error).message);
    throw error;
  }
}

/** The team desk at `url`: its schema is made only when `create` (repro desk init). */
async function openTeamDesk(url: string, create: boolean, readOnly: boolean | undefined, env: NodeJS.ProcessEnv): Promise<DeskStore | UsageError> {
  // How long a command waits for a server that went away mid-command (default 30 s; 0 fails at once, as CI may want).
  const wait = env.REPRO_DESK_RECONNECT_S;
  if (wait !== undefined && !/^\d+(\.\d+)?$/.test(wait)) return new UsageError(l10n.t('REPRO_DESK_RECONNECT_S is a number of seconds, not {0}', JSON.stringify(wait)));
  const [{ TeamDesk, DeskNotFoundError }, { PostgresError }, { connectionProblem }] = await Promise.all([
    import('../shared/desk/engines/postgres/teamDesk'),
    import('../shared/desk/engines/postgres/sync'),
    import('../shared/desk/engines/postgres/problems'),
  ]);
  try {
    return await TeamDesk.open(url, { create, readOnly, reconnectMs: wait === undefined ? undefined : Number(wait) * 1000 });
  } catch (error) {
    if (error instanceof DeskNotFoundError) return new UsageError(error.message);
    if (error instanceof PostgresError) return new UsageError(connectionProblem(error, url));
    throw error;
  }
}

/** A path as a person would type it in a shell. */
function shellWord(path: string): string {
  return /^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/**
 * Opens the desk, runs `work`, closes the desk. A desk that cannot be opened, or a step the workflow refuses,
 * is one line on stderr and exit 2; nothing is written to a desk that is not whole.
 */
export async function withDesk<R>(ctx: CliContext, args: ParsedArgs, work: (desk: DeskStore) => Promise<R>, options: OpenDeskOptions = {}): Promise<R | UsageError> {
  const desk = await openDesk(ctx, args, options);
  if (desk instanceof UsageError) return desk;
  try {
    return await work(desk);
  } catch (error) {
    if (await isDeskError(error)) return new UsageError(await deskErrorText(error as Error, desk.path));
    throw error;
  } finally {
    desk.close();
  }
}

/** A desk error as one line (a team desk's connection problem said as connectionProblem says it). */
async function deskErrorText(error: Error, where: string): Promise<string> {
  const [{ PostgresError }, { connectionProblem }] = await Promise.all([import('../shared/desk/engines/postgres/sync'), import('../shared/desk/engines/postgres/problems')]);
  return error instanceof PostgresError ? connectionProblem(error, where) : error.message;
}

/** The language documents are written in: --lang, else the environment's. */
export function documentLanguage(ctx: CliContext, args: ParsedArgs): DocumentLanguage {
  const given = optionValue(args, '--lang');
  return given && (LANGUAGES as readonly string[]).includes(given) ? (given as DocumentLanguage) : languageFromEnv(ctx.env);
}

export function documentFormat(args: ParsedArgs): DocumentFormat {
  return (optionValue(args, '--format') as DocumentFormat | undefined) ?? 'md';
}

/** Writes a document where it was asked to go. */
export function emit(ctx: CliContext, args: ParsedArgs, text: string): UsageError | undefined {
  const output = optionValue(args, '--output');
  if (output === undefined) {
    ctx.stdout(text);
    return undefined;
  }
  try {
    writeFileDurably(resolve(ctx.cwd, output), Buffer.from(text));
    return undefined;
  } catch (error) {
    return new UsageError(l10n.t('{0}: cannot write: {1}', output, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
}

/** An ISO date (YYYY-MM-DD) from an option, or a usage error. */
export function dateOption(args: ParsedArgs, name: string): string | UsageError | undefined {
  const value = optionValue(args, name);
  if (value === undefined) return undefined;
  return /^\d{4}-\d\d-\d\d$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : new UsageError(l10n.t('option {0} takes a date written YYYY-MM-DD, not {1}', name, JSON.stringify(value)));
}
