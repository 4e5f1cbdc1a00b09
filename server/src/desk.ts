// The support desk as the language server sees it: the tickets behind RS105, completion, hover and links of
// `ticket` lines. The server opens the desk itself, read-only, so that the features work in any LSP client.
//
// What it costs: nothing until a `ticket` line asks (sql.js and the desk's modules load then, in the
// background: a keystroke's diagnostics never wait for them; the documents are re-validated when the desk is
// ready). A missing file is "no desk": no RS105, no completions, no error. What other processes write (the
// extension, `repro run --record` in a terminal) is read when the folder's watcher says the desk changed, and
// at most every 500 ms before a question; each change re-validates the documents.
// A team desk (a postgresql:// location) is opened the same way, read-only, with libpq's password (PGPASSWORD,
// ~/.pgpass) or, when the server refuses that, the one the client has (DeskPasswordRequest, VS Code's
// SecretStorage). Its server tells of every change (LISTEN/NOTIFY): nothing is polled. While it is offline the
// server answers as if there were no desk (no RS105 for keys it cannot check), and reads what changed when it is back.
// Invariant: nothing here throws to the caller; a desk that cannot be read is logged once and treated as none;
// no password is ever logged (what is logged names the desk by its URL without one).

import * as l10n from '@vscode/l10n';
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { TicketDesk, TicketSummary } from '../../shared/core/languageService';
import type { TicketListRow } from '../../shared/desk/queries';
import type { DeskStore } from '../../shared/desk/store';
import { isTeamDeskUrl } from '../../shared/desk/paths';
import { label } from '../../shared/desk/vocabulary';
import { formatDateTime } from '../../shared/documents/format';
import { codeSpan, escapeMarkdown } from '../../shared/documents/markdown';
import { rateText } from '../../shared/runner/rateText';
import { OUTCOME_LABELS, type Outcome } from '../../shared/runner/results';

/** How old what the desk holds in memory may be when a question comes (the watcher usually says sooner). */
const REFRESH_MS = 500;
/** How many tickets completion offers at a time (the list is incomplete: typing asks again). */
const COMPLETION_PAGE = 50;
/** Matches read before keeping those whose key or subject matches (the search also reads descriptions). */
const SEARCH_PAGE = 200;
/** Watcher events and notifications come in bursts (a journal append is several writes): one re-read for a burst. */
const SETTLE_MS = 20;
/** How long a team desk that could not be opened (its server away, say) waits before a question tries again. */
const RETRY_MS = 5000;
/** How long a read waits for a team desk's server that went away (the server's thread waits with it). */
const RECONNECT_MS = 2000;

/** The command the extension opens a ticket's panel with; the URI other editors hand to VS Code. */
export const OPEN_TICKET_COMMAND = 'repro.desk.openTicket';
const VSCODE_TICKET_URI = 'vscode://repro-desk.repro-desk/ticket/';

export interface DeskHost {
  /** Where the desk is: the path or URL the client or its settings name, else the default (REPRO_DESK_DB first). */
  path: () => Promise<string>;
  /** The client's password for the team desk at `location` (its URL as shown), when the client has one to give. */
  password?: (location: string) => Promise<string | undefined>;
  /** The client runs `command:` links (VS Code); other clients get the `vscode://` URI as text. */
  commandLinks: boolean;
  /** What the desk says changed (it opened, closed, or another process wrote): re-validate the documents. */
  changed: () => void;
  /** For the server's log: what was opened (info), what could not be read (warning). */
  log: (message: string, level?: 'warning') => void;
}


type Queries = typeof import('../../shared/desk/queries');

/** The open desk, or why there is none. */
type State =
  | { kind: 'idle' }
  | { kind: 'opening'; done: Promise<void> }
  | { kind: 'open'; desk: DeskStore; queries: Queries; refreshed: number }
  | { kind: 'absent'; checked: number }
  /** `at`: when a team desk failed (it is tried again after RETRY_MS); a file is tried again when it changes. */
  | { kind: 'failed'; at?: number };

/** A file location as an absolute path; a team desk's URL as it is. */
const located = (location: string): string => (isTeamDeskUrl(location) ? location : resolve(location));

export class ServerDesk implements TicketDesk {
  private state: State = { kind: 'idle' };
  /** Which path the state is about; a new path (the setting changed) starts over. */
  private generation = 0;
  private path: string | undefined;
  private watcher: FSWatcher | undefined;
  private settle: NodeJS.Timeout | undefined;
  /** Why the team desk's server cannot be reached now; undefined while it can. */
  private offline: string | undefined;
  /** The last failure logged (the same one, tried again, is not logged again). */
  private lastProblem: string | undefined;

  constructor(private readonly host: DeskHost) {}

  /**
   * The desk, opened if need be (callers that answer a request about a ticket wait for it); undefined when
   * there is none. Never rejects.
   */
  async ready(): Promise<DeskStore | undefined> {
    this.current();
    if (this.state.kind === 'opening') await this.state.done;
    return this.state.kind === 'open' ? this.state.desk : undefined;
  }

  /** The path may have changed (the client's settings did): a new one closes the desk and starts over. */
  async reconsider(): Promise<void> {
    const path = located(await this.host.path());
    if (this.path === undefined || path === this.path) return;
    this.close();
    this.host.changed();
  }

  /** The client now has the team desk's password: a desk that could not be opened is tried again. */
  unlocked(): void {
    if (this.state.kind !== 'failed') return;
    this.close();
    this.host.changed();
  }

  close(): void {
    this.generation++;
    if (this.state.kind === 'open') this.state.desk.close();
    this.state = { kind: 'idle' };
    this.path = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    this.offline = undefined;
    clearTimeout(this.settle);
  }

  // ---- TicketDesk: what the language service asks, synchronously ----

  known(key: string): boolean | undefined {
    const open = this.current();
    if (!open) return undefined;
    return this.read(undefined, () => open.queries.ticketExists(open.desk, key));
  }

  list(typed: string): readonly TicketSummary[] {
    const open = this.current();
    if (!open) return [];
    return this.read([], () => {
      const text = typed.trim();
      if (!text) return open.queries.listTickets(open.desk, { sort: 'created', limit: COMPLETION_PAGE }).rows.map((row) => this.summary(row));
      const { rows } = open.queries.listTickets(open.desk, { search: text, sort: 'created', limit: SEARCH_PAGE });
      return rows.filter((row) => matches(row, text)).slice(0, COMPLETION_PAGE).map((row) => this.summary(row));
    });
  }

  describe(key: string): string | undefined {
    const open = this.current();
    if (!open) return undefined;
    const row = this.read(undefined, () => open.queries.ticketGlance(open.desk, key));
    if (!row) return undefined;
    const assignee = row.assignee ? escapeMarkdown(row.assigneeName && row.assigneeName !== row.assignee ? `${row.assigneeName} (${row.assignee})` : row.assignee) : l10n.t('unassigned');
    const rate = rateText(l10n.t, { reproducedRuns: row.reproduced ?? 0, conclusiveRuns: row.conclusive ?? 0 });
    const run = row.outcome
      ? `${escapeMarkdown(l10n.t(OUTCOME_LABELS[row.outcome] ?? row.outcome))}${rate ? ` (${escapeMarkdown(rate)})` : ''}, ${escapeMarkdown(formatDateTime(row.at ?? ''))}`
      : l10n.t('no runs recorded');
    // Only VS Code runs `command:` links; elsewhere the URI that opens the ticket in VS Code, as text to copy.
    const openIt = this.host.commandLinks ? `[${l10n.t('Open ticket')}](${openTicketUri(row.key)})` : l10n.t('Open in VS Code: {0}', codeSpan(VSCODE_TICKET_URI + row.key));
    return [
      `**${escapeMarkdown(row.key)}** — ${escapeMarkdown(row.subject)}`,
      '',
      `- ${l10n.t('Status')}: ${escapeMarkdown(l10n.t(label(row.status)))}`,
      `- ${l10n.t('Priority')}: ${escapeMarkdown(l10n.t(label(row.priority)))}`,
      `- ${l10n.t('Assignee')}: ${assignee}`,
      `- ${l10n.t('Latest run')}: ${run}`,
      '',
      openIt,
    ].join('\n');
  }

  /** A link to the ticket's panel, for a key the desk knows, in a client that runs commands. */
  link(key: string): string | undefined {
    return this.host.commandLinks && this.known(key) === true ? openTicketUri(key) : undefined;
  }

  // ---- Inside ----

  private summary(row: TicketListRow): TicketSummary {
    const status = l10n.t(label(row.status));
    const outcome = row.lastOutcome ? l10n.t(OUTCOME_LABELS[row.lastOutcome as Outcome] ?? row.lastOutcome) : l10n.t('no runs recorded');
    const documentation = [
      `- ${l10n.t('Status')}: ${escapeMarkdown(status)}`,
      `- ${l10n.t('Priority')}: ${escapeMarkdown(l10n.t(label(row.priority)))}`,
      `- ${l10n.t('Latest run')}: ${escapeMarkdown(outcome)}`,
    ].join('\n');
    return { key: row.key, subject: row.subject, status, documentation };
  }

  /**
   * The open desk, current to within REFRESH_MS, or undefined (and then, if nothing has been tried for this
   * path yet, opening starts in the background).
   */
  private current(): Extract<State, { kind: 'open' }> | undefined {
    const state = this.state;
    const now = Date.now();
    if (state.kind === 'open') {
      // The team desk is told of every change; an offline one is not asked (what it would say is unknown).
      if (state.desk.engine === 'team') return this.offline === undefined ? state : undefined;
      if (now - state.refreshed > REFRESH_MS) this.refresh();
      return this.state.kind === 'open' ? this.state : undefined;
    }
    // A missing desk may appear (the extension or the CLI makes it): a stat at most every REFRESH_MS; a team
    // desk whose server was away is tried again after RETRY_MS.
    if (
      state.kind === 'idle' ||
      (state.kind === 'absent' && now - state.checked > REFRESH_MS) ||
      (state.kind === 'failed' && state.at !== undefined && now - state.at > RETRY_MS)
    ) {
      this.open();
    }
    return undefined;
  }

  private open(): void {
    const generation = this.generation;
    const done = (async () => {
      const path = located(await this.host.path());
      if (generation !== this.generation) return;
      this.path = path;
      const team = isTeamDeskUrl(path);
      if (!team) {
        this.watch(path);
        if (!existsSync(path)) {
          this.state = { kind: 'absent', checked: Date.now() };
          return;
        }
      }
      const started = performance.now();
      const queries = await import('../../shared/desk/queries');
      const desk = team ? await this.openTeamDesk(path, generation) : await (await import('../../shared/desk/store')).Desk.open(path, { readOnly: true, create: false });
      if (generation !== this.generation) return desk.close();
      // Not yet refreshed: what was written while it opened is read at the first question.
      this.state = { kind: 'open', desk, queries, refreshed: 0 };
      this.lastProblem = undefined;
      this.host.log(`desk ${desk.path} opened (read-only${team ? `, as ${desk.user}` : ''}) in ${(performance.now() - started).toFixed(0)} ms`);
      this.host.changed();
    })().catch(async (error: unknown) => {
      if (generation !== this.generation) return;
      const team = this.path !== undefined && isTeamDeskUrl(this.path);
      // Deleted between the check and the open: no desk; anything else is a desk that cannot be read.
      if (!team && this.path && !existsSync(this.path)) this.state = { kind: 'absent', checked: Date.now() };
      else {
        this.state = { kind: 'failed', at: team ? Date.now() : undefined };
        const problem = team ? await this.teamProblem(error) : `desk ${this.path ?? ''}: ${(error as Error)?.message ?? String(error)}`;
        if (problem !== this.lastProblem) this.host.log(`${problem} (tickets are not checked against it)`, 'warning');
        this.lastProblem = problem;
      }
    });
    this.state = { kind: 'opening', done };
  }

  /**
   * The team desk, read-only: with libpq's password, else the client's when the server refused that. Each change
   * by anyone re-validates the documents; offline, nothing is asked of it until it is back.
   */
  private async openTeamDesk(url: string, generation: number): Promise<DeskStore> {
    const [{ openStore }, { displayUrl, passwordRefused }, { TeamDesk }] = await Promise.all([
      import('../../shared/desk/open'),
      import('../../shared/desk/engines/postgres/problems'),
      import('../../shared/desk/engines/postgres/teamDesk'),
    ]);
    const open = (password?: string): Promise<DeskStore> =>
      openStore(url, {
        readOnly: true,
        create: false,
        password,
        reconnectMs: RECONNECT_MS,
        onChange: () => generation === this.generation && this.soon(() => this.host.changed()),
        onStatus: (status, problem) => generation === this.generation && this.teamStatus(status, problem),
      });
    let desk: DeskStore;
    try {
      desk = await open();
    } catch (error) {
      const password = passwordRefused(error) ? await this.host.password?.(displayUrl(url)) : undefined;
      if (password === undefined) throw error;
      desk = await open(password);
    }
    if (desk instanceof TeamDesk) desk.watch();
    return desk;
  }

  /** A team desk's failure in one line, naming it by its URL without a password. */
  private async teamProblem(error: unknown): Promise<string> {
    const [{ PostgresError }, { connectionProblem, displayUrl }] = await Promise.all([import('../../shared/desk/engines/postgres/sync'), import('../../shared/desk/engines/postgres/problems')]);
    const url = this.path ?? '';
    return error instanceof PostgresError ? connectionProblem(error, url) : `${displayUrl(url)}: ${(error as Error)?.message ?? String(error)}`;
  }

  /** The team desk's server went away (questions are not asked of it) or came back (what changed is read). */
  private teamStatus(status: 'online' | 'offline', problem?: string): void {
    if (status === 'offline') {
      if (this.offline === undefined) this.host.log(`desk offline: ${problem ?? ''}; reconnecting`, 'warning');
      this.offline = problem ?? '';
      return;
    }
    if (this.offline === undefined) return;
    this.offline = undefined;
    this.host.log('desk online again');
    if (this.state.kind === 'open') {
      try {
        this.state.desk.refresh();
      } catch {
        // Gone again: the next 'offline' says so.
      }
    }
    this.host.changed();
  }

  /** Runs `then` once a burst of events has settled. */
  private soon(then: () => void): void {
    clearTimeout(this.settle);
    this.settle = setTimeout(then, SETTLE_MS);
  }

  /** Reads what other processes appended; a desk that went away or broke closes (and may open again later). */
  private refresh(): void {
    if (this.state.kind !== 'open') return;
    const open = this.state;
    open.refreshed = Date.now();
    try {
      if (open.desk.refresh()) this.host.changed();
    } catch (error) {
      this.host.log(`desk ${this.path ?? ''}: ${(error as Error)?.message ?? String(error)}; it is read again from the start`, 'warning');
      open.desk.close();
      this.state = { kind: 'idle' };
      this.host.changed();
    }
  }

  /** Runs a read; a failure (a desk from another schema, say) is logged and answered with `fallback`. */
  private read<R>(fallback: R, reader: () => R): R {
    try {
      return reader();
    } catch (error) {
      this.host.log(`desk ${this.path ?? ''}: ${(error as Error)?.message ?? String(error)}`, 'warning');
      return fallback;
    }
  }

  /** Watches the desk's folder for its two files: a change elsewhere is read at once, not on the next question. */
  private watch(path: string): void {
    if (this.watcher) return;
    const names = new Set([basename(path), `${basename(path)}.journal`]);
    try {
      this.watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
        if (name !== null && !names.has(name.toString())) return;
        this.soon(() => this.onFileChange());
      });
      this.watcher.on('error', () => {
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // No folder (yet): the desk is looked for again at most every REFRESH_MS when asked.
      this.watcher = undefined;
    }
  }

  private onFileChange(): void {
    const state = this.state;
    if (state.kind === 'open') this.refresh();
    // The desk appeared, or a file that could not be read was replaced: try again.
    else if (state.kind === 'absent' || state.kind === 'failed') this.open();
  }
}

/** The `command:` URI that opens a ticket's panel in VS Code (the key is a well-formed key: nothing to escape). */
function openTicketUri(key: string): string {
  return `command:${OPEN_TICKET_COMMAND}?${encodeURIComponent(JSON.stringify([key]))}`;
}

/** Whether a ticket matches what was typed: the start of its key, or each word typed starts a word of the subject. */
export function matches(row: { key: string; subject: string }, typed: string): boolean {
  if (row.key.toUpperCase().startsWith(typed.toUpperCase())) return true;
  const fold = (text: string): string[] => text.toLowerCase().replace(/ё/g, 'е').match(/[\p{L}\p{N}]+/gu) ?? [];
  const words = fold(row.subject);
  const wanted = fold(typed);
  return wanted.length > 0 && wanted.every((w) => words.some((word) => word.startsWith(w)));
}
