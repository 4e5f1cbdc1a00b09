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
const GENERATION = 2;
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

/** A desk of `tickets` tickets, made in one step (as an import is) and cached between runs. */
export async function generate(tickets: number): Promise<string> {
  mkdirSync(CACHE, { recursive: true });
  const path = join(CACHE, `desk-${tickets}-g${GENERATION}.sqlite`);
  if (existsSync(path) && existsSync(`${path}.journal`)) return path;
  rmSync(path, { force: true });
  rmSync(`${path}.journal`, { force: true });
  const desk = await Desk.open(path, { user: 'bench', clock: () => new Date('2026-03-01T00:00:00.000Z') });
  await desk.replaceAll('bench', (tx) => {
    const organizations = Math.max(10, tickets / 100);
    for (let o = 1; o <= organizations; o++) tx.run('INSERT INTO organization (id, name, created_at) VALUES (?, ?, ?)', [o, `Организация ${o}`, tx.now]);
    tx.run("INSERT INTO product (id, name) VALUES (1, 'Acme Report')");
    tx.run("INSERT INTO staff (id, login, name, role) VALUES (1, 'bench', 'Bench', 'specialist')");
    const next = random(tickets);
    for (let i = 1; i <= tickets; i++) {
      const at = new Date(Date.parse('2025-01-01T00:00:00.000Z') + i * 60_000).toISOString();
      const org = 1 + (i % organizations);
      tx.run(
        `INSERT INTO ticket (id, key, subject, description, steps, organization_id, product_id, status, priority, created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 'bench', ?)`,
        [i, `SUP-${i}`, text(next, 6), text(next, 40), text(next, 12), org, ['new', 'triaged', 'reproducing', 'resolved', 'closed'][i % 5], ['low', 'normal', 'high', 'urgent'][i % 4], at, at],
      );
      tx.run("INSERT INTO call (direction, purpose, channel, organization_id, ticket_id, staff, at, summary, outcome) VALUES ('in', 'report', 'phone', ?, ?, 'bench', ?, ?, 'reached')", [org, i, at, text(next, 8)]);
      tx.run("INSERT INTO note (ticket_id, kind, visibility, body, by, at) VALUES (?, 'comment', 'public', ?, 'bench', ?)", [i, text(next, 25), at]);
      tx.run("INSERT INTO note (ticket_id, kind, visibility, body, by, at) VALUES (?, 'internal', 'private', ?, 'bench', ?)", [i, text(next, 15), at]);
      tx.run("INSERT INTO change_log (entity, entity_id, field, old_value, new_value, by, at) VALUES ('ticket', ?, 'status', 'new', 'triaged', 'bench', ?)", [i, at]);
      tx.run('INSERT INTO script (id, path, content, content_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', [i, `tickets/SUP-${i}.repro`, `ticket SUP-${i}\nrun true\nbug exit 0\n`, 'x', at, at]);
      tx.run('INSERT INTO script_ticket (script_id, ticket_id) VALUES (?, ?)', [i, i]);
      tx.run(
        "INSERT INTO run (id, script_id, content_hash, outcome, reason, reproduced_runs, conclusive_runs, runs, reproducibility, fingerprints, duration_ms, transcript, by, at) VALUES (?, ?, 'x', 'reproduced', 'line 3: bug exit 0 matched', 3, 3, 3, 'always', ?, 40, ?, 'bench', ?)",
        [i, i, JSON.stringify([(i % 997).toString(16).padStart(64, '0')]), '   2  run true\n   2  exit 0\n   3  bug exit 0: ok', at],
      );
      tx.run('INSERT INTO run_ticket (run_id, ticket_id) VALUES (?, ?)', [i, i]);
    }
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
