// The desk's schema as numbered, append-only migrations: migration N brings a database from `user_version`
// N-1 to N. Never edit one that has shipped; add the next. A database is recognized as a desk by its
// `application_id`.
// Invariant: nothing in a write depends on the clock or chance inside SQL (no datetime('now'), no random()):
// times come in as parameters, so that replaying the journal's statements gives the same rows (store.ts).

import {
  BUG_RESOLUTIONS,
  BUG_SEVERITIES,
  BUG_STATUSES,
  CALL_DIRECTIONS,
  CALL_OUTCOMES,
  CALL_PURPOSES,
  CHANNELS,
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  LINK_TYPES,
  NOTE_KINDS,
  PRIORITIES,
  REPRODUCIBILITIES,
  sqlList,
  STAFF_ROLES,
  TICKET_RESOLUTIONS,
  TICKET_SEVERITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  TRACKER_KINDS,
  TRACKER_MARKUPS,
  VISIBILITIES,
} from './vocabulary';

/** 'RPDK': what `PRAGMA application_id` holds in a desk (a SQLite file of another program holds something else). */
export const APPLICATION_ID = 0x5250444b;

const check = (column: string, values: readonly string[], nullable = false): string =>
  `CHECK(${nullable ? `${column} IS NULL OR ` : ''}${column} IN (${sqlList(values)}))`;

/** Ё and ё read as Е and е in search (people type either); the same folding is applied to queries. */
const fold = (column: string): string => `replace(replace(${column}, 'ё', 'е'), 'Ё', 'Е')`;

/** Keeps an FTS4 table in step with its content table (FTS4 has no external-content triggers of its own). */
function searchTriggers(table: string, columns: readonly string[]): string {
  const values = (row: 'NEW' | 'OLD'): string => columns.map((c) => fold(`coalesce(${row}.${c}, '')`)).join(', ');
  const names = columns.join(', ');
  return `
    CREATE TRIGGER ${table}_search_insert AFTER INSERT ON ${table} BEGIN
      INSERT INTO ${table}_search(docid, ${names}) VALUES (NEW.id, ${values('NEW')});
    END;
    CREATE TRIGGER ${table}_search_update AFTER UPDATE OF ${names} ON ${table} BEGIN
      UPDATE ${table}_search SET ${columns.map((c) => `${c} = ${fold(`coalesce(NEW.${c}, '')`)}`).join(', ')} WHERE docid = NEW.id;
    END;
    CREATE TRIGGER ${table}_search_delete AFTER DELETE ON ${table} BEGIN
      DELETE FROM ${table}_search WHERE docid = OLD.id;
    END;
    INSERT INTO ${table}_search(docid, ${names}) SELECT id, ${values('NEW').replaceAll('NEW.', '')} FROM ${table};`;
}

export const SEARCHED = {
  ticket: ['key', 'subject', 'description', 'steps', 'expected', 'actual', 'environment'],
  bug: ['key', 'title', 'description'],
  note: ['body'],
} as const;

/**
 * The entities of spec §1, in the SQL both engines read (the team desk's schema makes `INTEGER PRIMARY KEY`
 * an identity column and provides the `nocase` collation): one definition of every table and constraint.
 */
export const TABLES = `  CREATE TABLE desk_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);

  CREATE TABLE organization (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, phone TEXT, email TEXT, created_at TEXT NOT NULL);
  CREATE TABLE contact (
    id INTEGER PRIMARY KEY, organization_id INTEGER REFERENCES organization(id), name TEXT NOT NULL,
    phone TEXT, email TEXT, created_at TEXT NOT NULL);
  CREATE TABLE product (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE);
  CREATE TABLE component (
    id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES product(id), name TEXT NOT NULL, UNIQUE (product_id, name));
  -- sort_key orders versions: the name with each number zero-padded (2.9 < 2.10), see versionSortKey.
  CREATE TABLE version (
    id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL REFERENCES product(id), name TEXT NOT NULL, sort_key TEXT NOT NULL,
    released INTEGER NOT NULL DEFAULT 0, released_at TEXT, UNIQUE (product_id, name));
  CREATE TABLE staff (
    id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    role TEXT NOT NULL ${check('role', STAFF_ROLES)}, active INTEGER NOT NULL DEFAULT 1);

  CREATE TABLE ticket (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL DEFAULT 'complaint' ${check('type', TICKET_TYPES)},
    subject TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    steps TEXT NOT NULL DEFAULT '', expected TEXT NOT NULL DEFAULT '', actual TEXT NOT NULL DEFAULT '',
    channel TEXT ${check('channel', CHANNELS, true)},
    contact_id INTEGER REFERENCES contact(id), organization_id INTEGER REFERENCES organization(id),
    product_id INTEGER REFERENCES product(id), component_id INTEGER REFERENCES component(id),
    reported_version_id INTEGER REFERENCES version(id), environment TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'new' ${check('status', TICKET_STATUSES)},
    priority TEXT NOT NULL DEFAULT 'normal' ${check('priority', PRIORITIES)},
    severity TEXT NOT NULL DEFAULT 'major' ${check('severity', TICKET_SEVERITIES)},
    resolution TEXT ${check('resolution', TICKET_RESOLUTIONS, true)},
    assignee_id INTEGER REFERENCES staff(id),
    callback_due TEXT,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL,
    first_response_at TEXT, resolved_at TEXT, closed_at TEXT, reopen_count INTEGER NOT NULL DEFAULT 0);

  CREATE TABLE bug (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'unconfirmed' ${check('status', BUG_STATUSES)},
    resolution TEXT ${check('resolution', BUG_RESOLUTIONS, true)},
    severity TEXT NOT NULL DEFAULT 'major' ${check('severity', BUG_SEVERITIES)},
    reproducibility TEXT NOT NULL DEFAULT 'have-not-tried' ${check('reproducibility', REPRODUCIBILITIES)},
    product_id INTEGER REFERENCES product(id), component_id INTEGER REFERENCES component(id),
    developer_id INTEGER REFERENCES staff(id), fixed_in_version_id INTEGER REFERENCES version(id),
    external_key TEXT, external_url TEXT,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL, updated_at TEXT NOT NULL, resolved_at TEXT);
  CREATE TABLE bug_version (
    bug_id INTEGER NOT NULL REFERENCES bug(id), version_id INTEGER NOT NULL REFERENCES version(id),
    PRIMARY KEY (bug_id, version_id));
  CREATE TABLE ticket_bug (
    ticket_id INTEGER NOT NULL REFERENCES ticket(id), bug_id INTEGER NOT NULL REFERENCES bug(id),
    link_type TEXT NOT NULL DEFAULT 'caused-by' ${check('link_type', LINK_TYPES)},
    created_at TEXT NOT NULL, created_by TEXT NOT NULL, PRIMARY KEY (ticket_id, bug_id));

  CREATE TABLE call (
    id INTEGER PRIMARY KEY, direction TEXT NOT NULL ${check('direction', CALL_DIRECTIONS)},
    purpose TEXT NOT NULL ${check('purpose', CALL_PURPOSES)},
    channel TEXT NOT NULL DEFAULT 'phone' ${check('channel', CHANNELS)},
    contact_id INTEGER REFERENCES contact(id), organization_id INTEGER REFERENCES organization(id),
    ticket_id INTEGER REFERENCES ticket(id), staff TEXT NOT NULL, at TEXT NOT NULL, duration_s INTEGER,
    summary TEXT NOT NULL DEFAULT '', outcome TEXT NOT NULL ${check('outcome', CALL_OUTCOMES)}, callback_due TEXT);

  CREATE TABLE script (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, title TEXT, content TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE TABLE script_ticket (
    script_id INTEGER NOT NULL REFERENCES script(id), ticket_id INTEGER NOT NULL REFERENCES ticket(id),
    PRIMARY KEY (script_id, ticket_id));
  CREATE TABLE script_bug (
    script_id INTEGER NOT NULL REFERENCES script(id), bug_id INTEGER NOT NULL REFERENCES bug(id),
    PRIMARY KEY (script_id, bug_id));

  CREATE TABLE run (
    id INTEGER PRIMARY KEY, script_id INTEGER NOT NULL REFERENCES script(id), content_hash TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK(outcome IN ('reproduced', 'not-reproduced', 'inconclusive', 'error')),
    reason TEXT NOT NULL, expected TEXT CHECK(expected IS NULL OR expected IN ('reproduced', 'not-reproduced')),
    reproduced_runs INTEGER NOT NULL, conclusive_runs INTEGER NOT NULL, runs INTEGER NOT NULL,
    reproducibility TEXT, fingerprints TEXT NOT NULL DEFAULT '[]', diverges_at INTEGER,
    version_tested TEXT, environment TEXT, duration_ms INTEGER NOT NULL DEFAULT 0,
    evidence TEXT NOT NULL DEFAULT '{}', transcript TEXT NOT NULL DEFAULT '',
    call_id INTEGER REFERENCES call(id), by TEXT NOT NULL, at TEXT NOT NULL);
  CREATE TABLE run_ticket (
    run_id INTEGER NOT NULL REFERENCES run(id), ticket_id INTEGER NOT NULL REFERENCES ticket(id),
    PRIMARY KEY (run_id, ticket_id));

  CREATE TABLE note (
    id INTEGER PRIMARY KEY, ticket_id INTEGER REFERENCES ticket(id), bug_id INTEGER REFERENCES bug(id),
    kind TEXT NOT NULL DEFAULT 'comment' ${check('kind', NOTE_KINDS)},
    visibility TEXT NOT NULL DEFAULT 'private' ${check('visibility', VISIBILITIES)},
    call_id INTEGER REFERENCES call(id), body TEXT NOT NULL, by TEXT NOT NULL, at TEXT NOT NULL,
    CHECK ((ticket_id IS NULL) <> (bug_id IS NULL)));
  CREATE TABLE change_log (
    id INTEGER PRIMARY KEY, entity TEXT NOT NULL CHECK(entity IN ('ticket', 'bug')), entity_id INTEGER NOT NULL,
    field TEXT NOT NULL, old_value TEXT, new_value TEXT, by TEXT NOT NULL, at TEXT NOT NULL);

  CREATE TABLE document (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL ${check('kind', DOCUMENT_KINDS)}, number TEXT UNIQUE,
    status TEXT NOT NULL DEFAULT 'draft' ${check('status', DOCUMENT_STATUSES)}, lang TEXT NOT NULL, title TEXT NOT NULL,
    ticket_id INTEGER REFERENCES ticket(id), bug_id INTEGER REFERENCES bug(id),
    organization_id INTEGER REFERENCES organization(id), period_from TEXT, period_to TEXT,
    data TEXT NOT NULL, markdown TEXT NOT NULL, html TEXT NOT NULL, content_hash TEXT NOT NULL,
    supersedes_id INTEGER REFERENCES document(id),
    created_at TEXT NOT NULL, created_by TEXT NOT NULL, issued_at TEXT);
  CREATE TABLE document_ticket (
    document_id INTEGER NOT NULL REFERENCES document(id), ticket_id INTEGER NOT NULL REFERENCES ticket(id),
    PRIMARY KEY (document_id, ticket_id));
`;

/**
 * The Tickets view's group in its own order (most urgent, then newest): its first page reads 50 index entries
 * instead of sorting the whole group. Migration 4 on both engines. The CASE is queries.ts's PRIORITY_ORDER word
 * for word: SQLite uses an expression index only for the same expression.
 */
export const TICKET_VIEW_INDEX = `
  CREATE INDEX ticket_status_priority ON ticket(status, (CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END), updated_at DESC, id DESC);
`;

/**
 * The developers' tracker (shared/tracker): the desk's one configuration of it (a team shares it; the API key
 * is each person's and never here), each bug's issue there with what the last pull read of it, and the
 * tracker's comments as notes with their authors. `desk_id` names this desk in the marker each issue carries,
 * so that a second push finds the issue instead of making another. Migration 5 on both engines.
 */
export const TRACKER_TABLES = `
  CREATE TABLE tracker (
    id INTEGER PRIMARY KEY CHECK(id = 1), kind TEXT NOT NULL ${check('kind', TRACKER_KINDS)}, url TEXT NOT NULL, project TEXT NOT NULL,
    markup TEXT NOT NULL ${check('markup', TRACKER_MARKUPS)}, priorities TEXT NOT NULL, resolved TEXT NOT NULL, desk_id TEXT NOT NULL,
    updated_at TEXT NOT NULL);
  CREATE TABLE tracker_issue (
    bug_id INTEGER PRIMARY KEY REFERENCES bug(id), key TEXT NOT NULL, url TEXT NOT NULL, status TEXT, assignee TEXT,
    fixed_version TEXT, updated_on TEXT, last_comment INTEGER NOT NULL DEFAULT 0, pushed_at TEXT NOT NULL, pulled_at TEXT);
  ALTER TABLE note ADD COLUMN external_author TEXT;
  ALTER TABLE note ADD COLUMN external_id TEXT;
  CREATE UNIQUE INDEX note_external ON note(bug_id, external_id) WHERE external_id IS NOT NULL;
`;

export const MIGRATIONS: readonly string[] = [
  // 1: the entities of spec §1.
  `
  PRAGMA application_id = ${APPLICATION_ID};
${TABLES}  -- An issued document is evidence: its content never changes (a correction supersedes it), and it is never deleted.
  CREATE TRIGGER document_immutable BEFORE UPDATE OF kind, number, lang, title, data, markdown, html, content_hash ON document
  WHEN OLD.status <> 'draft' BEGIN SELECT RAISE(ABORT, 'an issued document cannot be changed: issue a superseding one'); END;
  CREATE TRIGGER document_kept BEFORE DELETE ON document
  WHEN OLD.status <> 'draft' BEGIN SELECT RAISE(ABORT, 'an issued document cannot be deleted'); END;
  `,
  // 2: full-text search over tickets, bugs and notes (FTS4: sql.js has no FTS5), Cyrillic folded, with
  // prefix indexes for `ошиб*`.
  `
  ${Object.entries(SEARCHED)
    .map(([table, columns]) => `CREATE VIRTUAL TABLE ${table}_search USING fts4(${columns.join(', ')}, tokenize=unicode61, prefix='2,3,4');${searchTriggers(table, columns)}`)
    .join('\n')}
  `,
  // 3: the indexes the lists, the timeline and the fingerprint match read by.
  `
  CREATE INDEX ticket_status ON ticket(status, updated_at);
  CREATE INDEX ticket_updated ON ticket(updated_at);
  CREATE INDEX ticket_organization ON ticket(organization_id);
  CREATE INDEX ticket_callback ON ticket(callback_due) WHERE callback_due IS NOT NULL;
  CREATE INDEX bug_status ON bug(status);
  CREATE INDEX ticket_bug_bug ON ticket_bug(bug_id);
  CREATE INDEX call_ticket ON call(ticket_id, at);
  CREATE INDEX call_due ON call(callback_due) WHERE callback_due IS NOT NULL;
  CREATE INDEX note_ticket ON note(ticket_id, at);
  CREATE INDEX note_bug ON note(bug_id, at);
  CREATE INDEX change_log_entity ON change_log(entity, entity_id, at);
  CREATE INDEX run_script ON run(script_id, at);
  CREATE INDEX run_ticket_ticket ON run_ticket(ticket_id);
  CREATE INDEX script_ticket_ticket ON script_ticket(ticket_id);
  CREATE INDEX script_bug_bug ON script_bug(bug_id);
  CREATE TABLE run_fingerprint (fingerprint TEXT NOT NULL, run_id INTEGER NOT NULL REFERENCES run(id), PRIMARY KEY (fingerprint, run_id));
  INSERT INTO run_fingerprint SELECT value, run.id FROM run, json_each(run.fingerprints) WHERE run.outcome = 'reproduced';
  CREATE TRIGGER run_fingerprint_insert AFTER INSERT ON run WHEN NEW.outcome = 'reproduced' BEGIN
    INSERT OR IGNORE INTO run_fingerprint SELECT value, NEW.id FROM json_each(NEW.fingerprints);
  END;
  `,
  // 4: the Tickets view's group in its own order.
  TICKET_VIEW_INDEX,
  // 5: the developers' tracker.
  TRACKER_TABLES,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** How versions sort: numbers compare as numbers (2.9 < 2.10 < 10.0), the rest as text. */
export function versionSortKey(name: string): string {
  return name.replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'));
}

/** The search query as the index stores text (ё folded). */
export function foldSearch(text: string): string {
  return text.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}
