// Full-text search over tickets, bugs and notes (FTS4, unicode61: case and Latin diacritics folded, Cyrillic
// included; ё read as е). What a person types becomes a prefix query, word by word: `ошиб экспорт` finds
// "Ошибка при экспорте". FTS syntax itself is not offered: people search, they do not write queries.

import { foldSearch } from './schema';
import type { Engine, Reader } from './store';

export interface SearchHit {
  kind: 'ticket' | 'bug' | 'note';
  /** The ticket or bug the hit belongs to (a note's ticket or bug). */
  key: string;
  title: string;
  /** The matching text, with the matches between [ and ]. */
  snippet: string;
}

/** The FTS4 query for what was typed, or undefined when nothing searchable is in it. */
export function searchQuery(text: string): string | undefined {
  // Lower case, so that OR, AND, NEAR typed by a person stay words, not operators.
  const words = searchWords(text);
  return words.length === 0 ? undefined : FULL_TEXT.embedded.query(words);
}

/** The team desk's query from its parameter (`?1` where it is used twice, `?` inside a list's other conditions). */
const teamQuery = (param: '?' | '?1'): string => `to_tsquery('russian', search_fold(${param}))`;

/** The team desk ranks the newest this many matches of each kind (ranking every match of a common word costs seconds). */
const RANKED_FROM = 500;

/**
 * How each engine finds the rows whose words match a query, as SQL that selects their ids (at most `?2` of
 * them; the query is `?1`), as a condition on a row of the table (`matches`, for filtering lists), and how it
 * ranks a hit: the embedded desk's FTS4 tables, newest first; or the team desk's tsvector columns (PostgreSQL's
 * `russian` configuration, which stems Cyrillic words with the Russian stemmer and Latin ones with English),
 * the best of the newest matches first.
 */
const FULL_TEXT: Record<Engine, { query(words: readonly string[]): string; ids(table: string): string; matches(table: string): string; rank(table: string): string }> = {
  embedded: {
    query: (words) => words.map((w) => `${w}*`).join(' '),
    ids: (table) => `SELECT docid FROM ${table}_search WHERE ${table}_search MATCH ?1 ORDER BY docid DESC LIMIT ?2`,
    matches: (table) => `${table}.id IN (SELECT docid FROM ${table}_search WHERE ${table}_search MATCH ?)`,
    rank: () => '0',
  },
  team: {
    // As a person types: every word but the last is a whole word in any of its forms (its stem: «отчётах»
    // finds «отчёта»), the last may be unfinished (a prefix of a stem). A prefix cannot skip through the index
    // as a whole word does: each costs 20 ms at 1M tickets for a word 30 000 of them hold.
    query: (words) => words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & '),
    ids: (table) => `SELECT id FROM (SELECT id, search FROM ${table} WHERE search @@ ${teamQuery('?1')} ORDER BY id DESC LIMIT ${RANKED_FROM}) AS recent ORDER BY ts_rank_cd(search, ${teamQuery('?1')}) DESC, id DESC LIMIT ?2`,
    // The row's own column, not `id IN (…)`: the planner then filters the rows it reads anyway (newest first,
    // for a page) instead of joining the table with itself; a common word's count at 1M took a third less.
    matches: (table) => `${table}.search @@ ${teamQuery('?')}`,
    rank: (table) => `ts_rank_cd(${table}.search, ${teamQuery('?1')})`,
  },
};

const fullText = (reader: Reader) => FULL_TEXT[reader.engine ?? 'embedded'];

/** Where each kind's hits come from (`rows`: its columns, then FROM…); `text` holds the searched columns, in the order a snippet prefers them. */
const SOURCES = [
  {
    kind: 'ticket',
    rows: ['SELECT ticket.id, ticket.key, ticket.subject AS title, ticket.created_at AS at', 'FROM ticket'],
    text: 'SELECT id, subject, description, steps, expected, actual, environment, key FROM ticket',
  },
  { kind: 'bug', rows: ['SELECT bug.id, bug.key, bug.title, bug.created_at AS at', 'FROM bug'], text: 'SELECT id, title, description, key FROM bug' },
  {
    kind: 'note',
    rows: [
      'SELECT note.id, coalesce(ticket.key, bug.key) AS key, coalesce(ticket.subject, bug.title) AS title, note.at',
      'FROM note LEFT JOIN ticket ON ticket.id = note.ticket_id LEFT JOIN bug ON bug.id = note.bug_id',
    ],
    text: 'SELECT id, body FROM note',
  },
] as const;

/**
 * The best hits first (the team desk ranks them; on the embedded desk every hit ranks alike), then the newest.
 * Each index gives its newest matches (docids grow with time, and FTS4 reads them in reverse without sorting),
 * the lists merge, and only the hits shown get a snippet, made here from the row's text: asking FTS4 for
 * `snippet()` would run the whole query again, which costs more than finding the hits.
 */
export function search(reader: Reader, text: string, limit = 50): SearchHit[] {
  const words = searchWords(text);
  if (words.length === 0) return [];
  const engine = fullText(reader);
  const query = engine.query(words);
  const found = SOURCES.flatMap((source) =>
    reader
      .all<{ id: number; key: string; title: string; at: string; rank: number }>(`${source.rows[0]}, ${engine.rank(source.kind)} AS rank ${source.rows[1]} WHERE ${source.kind}.id IN (${engine.ids(source.kind)})`, [query, limit])
      .map((row) => ({ ...row, source })),
  );
  const shown = found.sort((a, b) => b.rank - a.rank || (a.at < b.at ? 1 : a.at > b.at ? -1 : b.id - a.id)).slice(0, limit);
  const prefixes = searchWords(text).map(foldToken);
  const snippets = new Map<string, string>();
  for (const source of SOURCES) {
    const ids = shown.filter((hit) => hit.source === source).map((hit) => hit.id);
    if (ids.length === 0) continue;
    for (const row of reader.all<Record<string, string | number | null>>(`${source.text} WHERE id IN (${ids.map(() => '?').join(', ')})`, ids)) {
      const texts = Object.entries(row).flatMap(([column, value]) => (column !== 'id' && typeof value === 'string' ? [value] : []));
      snippets.set(`${source.kind}:${row.id}`, snippet(texts, prefixes));
    }
  }
  return shown.map((hit) => ({ kind: hit.source.kind, key: hit.key, title: hit.title, snippet: snippets.get(`${hit.source.kind}:${hit.id}`) ?? '' }));
}

/** The words typed, folded as the index folds them. */
function searchWords(text: string): string[] {
  return foldSearch(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A token folded as unicode61 folds it: lower case, ё as е, Latin diacritics dropped. */
function foldToken(token: string): string {
  const lower = foldSearch(token).toLowerCase();
  // Only Latin letters lose diacritics: plain ASCII and Cyrillic (й stays й) need no normalization, and they
  // are nearly every word a desk holds.
  return /^[\p{ASCII}\u0400-\u04ff]*$/u.test(lower) ? lower : lower.normalize('NFD').replace(/([a-z])\p{M}+/gu, '$1').normalize('NFC');
}

const SNIPPET_WORDS = 12;

/**
 * Up to twelve words around the first match in the first text that has one, the matches between [ and ], and
 * … where text was left out. A word matches when it starts with a word typed, as the prefix query does.
 */
export function snippet(texts: readonly string[], prefixes: readonly string[]): string {
  for (const text of texts) {
    const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => {
      const folded = foldToken(m[0]);
      return { start: m.index, end: m.index + m[0].length, hit: prefixes.some((p) => folded.startsWith(p)) };
    });
    const first = tokens.findIndex((t) => t.hit);
    if (first < 0) continue;
    const from = Math.max(0, Math.min(first - 3, tokens.length - SNIPPET_WORDS));
    const to = Math.min(tokens.length, from + SNIPPET_WORDS);
    let out = from > 0 ? '…' : '';
    let at = from > 0 ? tokens[from].start : 0;
    for (const token of tokens.slice(from, to)) {
      out += text.slice(at, token.start) + (token.hit ? `[${text.slice(token.start, token.end)}]` : text.slice(token.start, token.end));
      at = token.end;
    }
    out += to < tokens.length ? '…' : text.slice(at);
    return out.replace(/\s+/g, ' ').trim();
  }
  return '';
}

/** The ids of the tickets a search matches (for filtering lists), as SQL with its parameter. */
export function ticketMatch(reader: Reader, text: string): { sql: string; param: string } | undefined {
  const words = searchWords(text);
  return words.length ? { sql: fullText(reader).matches('ticket'), param: fullText(reader).query(words) } : undefined;
}
