// The desk's SQL as PostgreSQL reads it (shared/desk/engines/postgres/dialect.ts): parameters numbered,
// camelCase aliases quoted, SQLite's index hint dropped, and nothing inside literals or quoted names touched.

import { strict as assert } from 'node:assert';
import { toPostgres } from '../../shared/desk/engines/postgres/dialect';

describe('team desk: the SQL dialect', () => {
  const cases: [string, string, string][] = [
    ['plain parameters take the next number', 'SELECT * FROM ticket WHERE key = ? AND status = ?', 'SELECT * FROM ticket WHERE key = $1 AND status = $2'],
    ['numbered ones keep theirs, and a plain one after them goes on', 'SELECT ?1, ?2, ?1, ?', 'SELECT $1, $2, $1, $3'],
    ['camelCase aliases and their uses are quoted', 'SELECT run.at AS lastRunAt FROM run ORDER BY lastRunAt', 'SELECT run.at AS "lastRunAt" FROM run ORDER BY "lastRunAt"'],
    ['snake_case, keywords and types are not', 'SELECT CAST(reopen_count AS INTEGER) FROM ticket', 'SELECT CAST(reopen_count AS INTEGER) FROM ticket'],
    ['nothing inside a literal changes', "SELECT 'what? lastRunAt' || x FROM t WHERE y = ?", "SELECT 'what? lastRunAt' || x FROM t WHERE y = $1"],
    ["a literal's doubled quote does not end it", "SELECT 'it''s ?' AS n, ?", "SELECT 'it''s ?' AS n, $1"],
    ['a quoted name stays as it is', 'SELECT "someName", ? FROM t', 'SELECT "someName", $1 FROM t'],
    ["SQLite's unary + (off the index) is dropped", 'SELECT 1 FROM ticket WHERE +ticket.status IN (?, ?) AND (+a = 1 OR +b = 2)', 'SELECT 1 FROM ticket WHERE ticket.status IN ($1, $2) AND (a = 1 OR b = 2)'],
    ['a binary + is kept', 'SELECT a + b, a+b, 1 + c FROM t', 'SELECT a + b, a+b, 1 + c FROM t'],
    ['a comment is kept whole', 'SELECT 1 -- why? becauseOf\n, ?', 'SELECT 1 -- why? becauseOf\n, $1'],
  ];
  for (const [what, sql, expected] of cases) it(what, () => assert.equal(toPostgres(sql), expected));
});
