// The desk store's speed on desks of 10k and 100k tickets (each with a call, two notes, a run and a change):
// open, a search, a page of the ticket list, and one recorded change end to end (lock, catch up, apply, append,
// fsync). Each size is measured in a process of its own (so that open is cold and peak memory is the desk's),
// and the same queries run in Debian's sqlite3 shell on the same file for the ratio.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { perform } from '../shared/desk/operations';
import { listTickets } from '../shared/desk/queries';
import { search, searchQuery } from '../shared/desk/search';
import { Desk } from '../shared/desk/store';
import { fixed, table } from './measure';

const ROOT = join(__dirname, '..');
const CACHE = join(ROOT, '.bench', 'desks');
/** Bump when the generated content changes, so that cached desks are made again. */
export const GENERATION = 2;
const SIZES = [10_000, 100_000];
/** What a specialist types: two words of a complaint; and one of the commonest words, the worst case. */
const QUERIES = { typical: 'экспорт отчёт', common: 'ошибка', warmUp: ['печать накладная', 'сбой', 'license upgrade'] };

/**
 * Text like a desk's: words drawn with Zipf's law (a few very common, a long tail of rare ones) from a support
 * vocabulary in Russian and English, followed by synthetic rarer terms (names, modules, error codes).
 */
const COMMON_RU = ['ошибка', 'при', 'не', 'в', 'отчёт', 'экспорт', 'заказчик', 'программа', 'версия', 'после', 'обновления', 'сбой', 'файл', 'база', 'данных', 'пользователь', 'печать', 'импорт', 'расчёт', 'период', 'документ', 'выгрузка', 'сервер', 'клиент', 'договор', 'сотрудник', 'счёт', 'зависает', 'падает', 'сообщение', 'окно', 'кнопка', 'справочник', 'платёж', 'налог', 'склад', 'остаток', 'накладная', 'доступ', 'пароль'];
const COMMON_EN = ['error', 'when', 'not', 'the', 'report', 'export', 'customer', 'crash', 'version', 'after', 'update', 'file', 'database', 'user', 'print', 'import', 'invoice', 'period', 'document', 'server', 'client', 'timeout', 'login', 'password', 'unicode', 'backup', 'schedule', 'button', 'window', 'message', 'payment', 'tax', 'stock', 'access', 'slow', 'freeze', 'sync', 'license', 'upgrade', 'printer'];
const SYLLABLES = ['ка', 'ро', 'ми', 'ne', 'to', 'ля', 'ва', 'ter', 'gi', 'до', 'ри', 'mo', 'за', 'ska', 'ну', 'le', 'пи', 'ron', 'ша', 'dex'];

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VOCABULARY = (() => {
  const next = random(7);
  const tail = Array.from({ length: 20_000 }, (_, i) => Array.from({ length: 2 + (i % 3) }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join('') + (i % 7 === 0 ? `-${i}` : ''));
  return [...COMMON_RU, ...COMMON_EN].flatMap((w, i) => [w, tail[i]]).concat(tail.slice(80));
})();
/** Cumulative Zipf weights (exponent 1.1) over the vocabulary. */
const ZIPF = (() => {
  let sum = 0;
  const cumulative = VOCABULARY.map((_, rank) => (sum += 1 / Math.pow(rank + 1, 1.1)));
  return cumulative.map((c) => c / sum);
})();

function text(next: () => number, words: number): string {
  const out: string[] = [];
  for (let k = 0; k < words; k++) {
    const r = next();
    let low = 0;
    let high = ZIPF.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (ZIPF[mid] < r) low = mid + 1;
      else high = mid;
    }
    out.push(VOCABULARY[low]);
  }
  return out.join(' ');
}

/** What the generator makes of ticket `i`: the same for both engines (the team desk's bench loads it by COPY). */
export interface GeneratedTicket {
  i: number;
  at: string;
  organization: number;
  subject: string;
  description: string;
  steps: string;
  status: string;
  priority: string;
  callSummary: string;
  publicNote: string;
  internalNote: string;
  fingerprints: string;
}

/** How many organizations a desk of `tickets` tickets has. */
const organizationsFor = (tickets: number): number => Math.max(10, tickets / 100);

/** The transcript of every generated run. */
const RUN_TRANSCRIPT = '   2  run true\n   2  exit 0\n   3  bug exit 0: ok';

/** The tickets of a desk of `tickets`, in order, each with a call, two notes, a change and a run. */
export function* generatedTickets(tickets: number): Generator<GeneratedTicket> {
  const organizations = organizationsFor(tickets);
  const next = random(tickets);
  for (let i = 1; i <= tickets; i++) {
    // The order of the draws is the content: subject, description, steps, call, notes.
    const subject = text(next, 6);
    const description = text(next, 40);
    const steps = text(next, 12);
    const callSummary = text(next, 8);
    const publicNote = text(next, 25);
    const internalNote = text(next, 15);
    yield {
      i,
      at: new Date(Date.parse('2025-01-01T00:00:00.000Z') + i * 60_000).toISOString(),
      organization: 1 + (i % organizations),
      subject,
      description,
      steps,
      status: ['new', 'triaged', 'reproducing', 'resolved', 'closed'][i % 5],
      priority: ['low', 'normal', 'high', 'urgent'][i % 4],
      callSummary,
      publicNote,
      internalNote,
      fingerprints: JSON.stringify([(i % 997).toString(16).padStart(64, '0')]),
    };
  }
}

type Value = string | number | null;

/** Rows of one table of a generated desk: its columns, and the rows that each ticket brings (or the desk once). */
export interface GeneratedRows<Of> {
  table: string;
  columns: readonly string[];
  rows(of: Of): Value[][];
}

/** The time the generator's desk-wide rows are stamped with (the clock of its one change). */
const GENERATED_AT = '2026-03-01T00:00:00.000Z';

/** What a desk holds once: its organizations, its product, its one specialist (`bench`, the team desk's login too). */
export const DESK_ROWS: readonly GeneratedRows<number>[] = [
  { table: 'organization', columns: ['id', 'name', 'created_at'], rows: (tickets) => Array.from({ length: organizationsFor(tickets) }, (_, o) => [o + 1, `Организация ${o + 1}`, GENERATED_AT]) },
  { table: 'product', columns: ['id', 'name'], rows: () => [[1, 'Acme Report']] },
  { table: 'staff', columns: ['id', 'login', 'name', 'role'], rows: () => [[1, 'bench', 'Bench', 'specialist']] },
];

/**
 * What each ticket brings, table by table, in the order they are inserted: a call, two notes, a change, a
 * script and a run. Every row names its id, so that both engines hold the same ids (the embedded desk gave
 * these very ids as rowids when it let them be chosen).
 */
export const TICKET_ROWS: readonly GeneratedRows<GeneratedTicket>[] = [
  {
    table: 'ticket',
    columns: ['id', 'key', 'subject', 'description', 'steps', 'organization_id', 'product_id', 'status', 'priority', 'created_at', 'created_by', 'updated_at'],
    rows: (t) => [[t.i, `SUP-${t.i}`, t.subject, t.description, t.steps, t.organization, 1, t.status, t.priority, t.at, 'bench', t.at]],
  },
  {
    table: 'call',
    columns: ['id', 'direction', 'purpose', 'channel', 'organization_id', 'ticket_id', 'staff', 'at', 'summary', 'outcome'],
    rows: (t) => [[t.i, 'in', 'report', 'phone', t.organization, t.i, 'bench', t.at, t.callSummary, 'reached']],
  },
  {
    table: 'note',
    columns: ['id', 'ticket_id', 'kind', 'visibility', 'body', 'by', 'at'],
    rows: (t) => [
      [2 * t.i - 1, t.i, 'comment', 'public', t.publicNote, 'bench', t.at],
      [2 * t.i, t.i, 'internal', 'private', t.internalNote, 'bench', t.at],
    ],
  },
  {
    table: 'change_log',
    columns: ['id', 'entity', 'entity_id', 'field', 'old_value', 'new_value', 'by', 'at'],
    rows: (t) => [[t.i, 'ticket', t.i, 'status', 'new', 'triaged', 'bench', t.at]],
  },
  {
    table: 'script',
    columns: ['id', 'path', 'content', 'content_hash', 'created_at', 'updated_at'],
    rows: (t) => [[t.i, `tickets/SUP-${t.i}.repro`, `ticket SUP-${t.i}\nrun true\nbug exit 0\n`, 'x', t.at, t.at]],
  },
  { table: 'script_ticket', columns: ['script_id', 'ticket_id'], rows: (t) => [[t.i, t.i]] },
  {
    table: 'run',
    columns: ['id', 'script_id', 'content_hash', 'outcome', 'reason', 'reproduced_runs', 'conclusive_runs', 'runs', 'reproducibility', 'fingerprints', 'duration_ms', 'transcript', 'by', 'at'],
    rows: (t) => [[t.i, t.i, 'x', 'reproduced', 'line 3: bug exit 0 matched', 3, 3, 3, 'always', t.fingerprints, 40, RUN_TRANSCRIPT, 'bench', t.at]],
  },
  { table: 'run_ticket', columns: ['run_id', 'ticket_id'], rows: (t) => [[t.i, t.i]] },
];

const insert = ({ table, columns }: GeneratedRows<unknown>): string => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

/** A desk of `tickets` tickets, made in one step (as an import is) and cached between runs. */
export async function generate(tickets: number): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `desk-${tickets}-g${GENERATION}.sqlite`);
  if (existsSync(path) && existsSync(`${path}.journal`)) return path;
  rmSync(path, { force: true });
  rmSync(`${path}.journal`, { force: true });
  const desk = await Desk.open(path, { user: 'bench', clock: () => new Date(GENERATED_AT) });
  await desk.replaceAll('bench', (tx) => {
    for (const rows of DESK_ROWS) for (const row of rows.rows(tickets)) tx.run(insert(rows), row);
    const statements = TICKET_ROWS.map((rows) => ({ rows, sql: insert(rows) }));
    for (const t of generatedTickets(tickets)) for (const { rows, sql } of statements) for (const row of rows.rows(t)) tx.run(sql, row);
  });
  desk.close();
  return path;
}

interface StoreFigures {
  openMs: number;
  /** The first search of the process (V8 has not optimized sql.js yet). */
  firstSearchMs: number;
  searchMs: number;
  searchHits: number;
  /** One of the commonest words: the worst case. */
  commonSearchMs: number;
  pageMs: number;
  changeMedianMs: number;
  changeP95Ms: number;
  maxRssMB: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const p95 = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)];

/** In a process of its own: `node out/bench.js --desk-worker PATH` prints the figures as JSON. */
export async function deskWorker(path: string): Promise<void> {
  let started = performance.now();
  const desk = await Desk.open(path, { user: 'bench', compactAfterBytes: Number.MAX_SAFE_INTEGER });
  const openMs = performance.now() - started;
  const searchTimes = (query: string): { ms: number; hits: number } => {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 15; i++) {
      started = performance.now();
      hits = search(desk, query).length;
      times.push(performance.now() - started);
    }
    return { ms: median(times), hits };
  };
  // The first searches of a process run while V8 still compiles sql.js (its glue and its WebAssembly) for
  // speed: timed apart, on other words, and the steady state after them (an editor keeps its desk open).
  started = performance.now();
  search(desk, QUERIES.warmUp[0]);
  const firstSearchMs = performance.now() - started;
  for (let i = 0; i < 10; i++) search(desk, QUERIES.warmUp[i % QUERIES.warmUp.length]);
  const typical = searchTimes(QUERIES.typical);
  const common = searchTimes(QUERIES.common);
  const pages: number[] = [];
  for (let i = 0; i < 15; i++) {
    started = performance.now();
    listTickets(desk, { status: ['new', 'triaged', 'reproducing'], sort: 'updated', limit: 50, offset: 100 });
    pages.push(performance.now() - started);
  }
  const changes: number[] = [];
  for (let i = 0; i < 40; i++) {
    started = performance.now();
    await perform(desk, 'addNote', { ticket: `SUP-${1 + i * 97}`, body: `Перезвонили заказчику, запуск ${i}` });
    changes.push(performance.now() - started);
  }
  desk.close();
  const figures: StoreFigures = {
    openMs,
    firstSearchMs,
    searchMs: typical.ms,
    searchHits: typical.hits,
    commonSearchMs: common.ms,
    pageMs: median(pages),
    changeMedianMs: median(changes),
    changeP95Ms: p95(changes),
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(figures));
}

/**
 * The same work in the sqlite3 shell: the shell's own timer rounds to a millisecond, so each statement runs
 * `times` times in one shell and the time of the same shell running `SELECT 1` as often is taken off.
 */
function sqliteShell(path: string): { openMs: number; searchMs: number; pageMs: number; changeMs: number } | undefined {
  try {
    execFileSync('sqlite3', ['-version']);
  } catch {
    return undefined;
  }
  const query = searchQuery(QUERIES.typical)!;
  const shell = (input: string): number => {
    const started = performance.now();
    const result = spawnSync('sqlite3', [path], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (result.status !== 0) throw new Error(`sqlite3: ${result.stderr}`);
    return performance.now() - started;
  };
  const each = (statement: string, times: number, after = ''): number => {
    const baseline = Math.min(...[0, 1, 2].map(() => shell('SELECT 1;\n'.repeat(times) + after)));
    const measured = Math.min(...[0, 1, 2].map(() => shell(`${statement}\n`.repeat(times) + after)));
    return Math.max(0, measured - baseline) / times;
  };
  // The desk's own statements (search.ts, queries.ts), as the shell runs them. The change is committed (and
  // made durable, as the shell does by default), then taken back, so that the cached desk stays as generated.
  const search = SEARCH_SOURCES.map((t) => `SELECT id FROM ${t} WHERE id IN (SELECT docid FROM ${t}_search WHERE ${t}_search MATCH '${query}' ORDER BY docid DESC LIMIT 50)`).join(' UNION ALL ');
  return {
    openMs: shell('SELECT count(*) FROM ticket;'),
    searchMs: each(`SELECT count(*) FROM (${search});`, 20),
    // A page is its count and its rows, as listTickets reads them.
    pageMs: each("SELECT count(*) FROM ticket WHERE ticket.status IN ('new', 'triaged', 'reproducing'); SELECT ticket.key FROM ticket WHERE +ticket.status IN ('new', 'triaged', 'reproducing') ORDER BY ticket.updated_at DESC, ticket.id DESC LIMIT 50 OFFSET 100;", 50),
    changeMs: each("INSERT INTO note (ticket_id, kind, visibility, body, by, at) VALUES (1, 'comment', 'public', 'sqlite3 shell', 'bench', '2026-03-01T00:00:00.000Z');", 10, "DELETE FROM note WHERE body = 'sqlite3 shell';\n"),
  };
}
const SEARCH_SOURCES = ['ticket', 'bug', 'note'];

/** A ratio, or a dash when the baseline is below what can be measured. */
const ratio = (ours: number, theirs: number): string => (theirs >= 0.01 ? `${fixed(ours / theirs, 1)}×` : '—');

export async function runDeskBenchmark(): Promise<string> {
  const rows: (string | number)[][] = [['tickets', 'file MB', 'open ms', 'first search ms', 'search ms', 'common word ms', 'page ms', 'change p50 ms', 'change p95 ms', 'peak RSS MB']];
  const shell: (string | number)[][] = [['tickets', 'sqlite3 open ms (reads pages lazily)', 'search ms', 'page ms', 'change ms', 'repro/sqlite3 search', 'page', 'change']];
  const goals: string[] = [];
  for (const size of SIZES) {
    const path = await generate(size);
    const worker = spawnSync(process.execPath, [join(__dirname, 'bench.js'), '--desk-worker', path], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (worker.status !== 0) return `desk worker failed:\n${worker.stderr}`;
    const f = JSON.parse(worker.stdout) as StoreFigures;
    rows.push([size, fixed(statSync(path).size / 1e6, 1), fixed(f.openMs, 0), fixed(f.firstSearchMs, 1), fixed(f.searchMs, 2), fixed(f.commonSearchMs, 2), fixed(f.pageMs, 2), fixed(f.changeMedianMs, 2), fixed(f.changeP95Ms, 2), fixed(f.maxRssMB, 0)]);
    const s = sqliteShell(path);
    if (s) shell.push([size, fixed(s.openMs, 0), fixed(s.searchMs, 2), fixed(s.pageMs, 2), fixed(s.changeMs, 2), ratio(f.searchMs, s.searchMs), ratio(f.pageMs, s.pageMs), ratio(f.changeMedianMs, s.changeMs)]);
    const openGoal = size <= 10_000 ? 150 : 1000;
    const met = (ok: boolean): string => (ok ? 'MET' : 'MISSED');
    goals.push(`${size}: open ≤ ${openGoal} ms ${met(f.openMs <= openGoal)}, search ≤ 20 ms ${met(f.searchMs <= 20)} (${f.searchHits} hits), one change ≤ 30 ms ${met(f.changeP95Ms <= 30)} (p95)`);
    // Keep the cached desk as generated: the changes above went into its journal.
    await compactBack(path);
  }
  return [
    `searches: "${QUERIES.typical}" (typical), "${QUERIES.common}" (one of the commonest words), medians of 15 after 11 others (the first of them timed apart); a page: 50 open tickets, newest change first, from the 101st`,
    table(rows),
    '',
    table(shell),
    '',
    ...goals.map((g) => `goal: ${g}`),
  ].join('\n');
}

/** Drops the changes a measurement made (the journal's records), so that the next run starts from the same desk. */
async function compactBack(path: string): Promise<void> {
  const desk = await Desk.open(path, { user: 'bench' });
  await desk.change('bench: undo', (tx) => tx.run("DELETE FROM note WHERE by = 'bench' AND body LIKE 'Перезвонили заказчику, запуск %'"));
  await desk.compact();
  desk.close();
}
