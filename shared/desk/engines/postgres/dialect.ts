// The desk's SQL, written once for both engines, as PostgreSQL reads it. The workflows and queries write the
// common subset of SQLite and PostgreSQL (ON CONFLICT, CASE, coalesce, ||); what differs in form only is
// rewritten here, token by token, outside string literals and quoted identifiers:
//   - `?` and `?N` parameters become `$N` (a plain `?` takes the next number, as in SQLite);
//   - a camelCase identifier (an alias such as `AS lastRunAt`, and every reference to it) is quoted, because
//     PostgreSQL folds bare identifiers to lower case and the desk's code reads the aliases as written;
//   - a unary `+` before a column (SQLite's way of keeping a condition off an index) is dropped: PostgreSQL
//     has no unary `+` for text, and its planner needs no such hint.
// What differs in meaning lives in the PostgreSQL schema instead (schema.ts): the `nocase` collation that
// `COLLATE NOCASE` names, and `instr`. Invariant: pure and total; a statement it cannot read is passed on as
// it is, and PostgreSQL reports it.

const cache = new Map<string, string>();

/** A camelCase word: lower-case start, at least one capital (snake_case columns and SQL keywords never are). */
const CAMEL = /^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$/;

/** What a unary (not a binary) `+` follows: the start, an opening bracket, a comma or a condition's keyword. */
const UNARY_AFTER = /(?:^|[(,]|\b(?:WHERE|AND|OR|NOT|ON|WHEN|THEN|ELSE))\s*$/i;

export function toPostgres(sql: string): string {
  const cached = cache.get(sql);
  if (cached !== undefined) return cached;
  let out = '';
  let next = 1;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // A literal or a quoted identifier, with its doubled quotes: copied as it is.
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && sql[j] >= '0' && sql[j] <= '9') j++;
      const n = j > i + 1 ? Number(sql.slice(i + 1, j)) : next;
      next = Math.max(next, n + 1);
      out += `$${n}`;
      i = j;
    } else if (c === '+' && /[A-Za-z_]/.test(sql[i + 1] ?? '') && UNARY_AFTER.test(out)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j])) j++;
      const word = sql.slice(i, j);
      out += CAMEL.test(word) ? `"${word}"` : word;
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  if (cache.size < 2000) cache.set(sql, out);
  return out;
}
