// Who may do what on the team desk, enforced by the server: three group roles a login is GRANTed, table
// privileges for each, a row-level policy for closing acts, and triggers that write the login as the author.
// The desk's owner role (and its members: whoever runs `repro desk init`, upgrades, `repro desk push`) owns the
// tables and so is bound by none of it; that is how a personal desk moves in with its authors kept.
// Invariants:
//   - every role reads everything; writes are granted per table by WRITES and nothing else;
//   - no member role may UPDATE or DELETE the change log or the change sequence: history is append-only;
//   - an author column is, for every member role, the login that made the row (session_user), whatever the
//     client sent, and never changes afterwards;
//   - ACCESS_SQL is idempotent: it runs after the migrations of every `init` and upgrade, in their transaction,
//     so the tables a later migration adds get their grants in the same place.

import { TABLES as ENTITY_TABLES, TRACKER_TABLES } from '../../schema';

/** The desk's roles (spec: specialists do everything; developers all but closing acts; reviewers read). */
export const DESK_ROLES = { specialist: 'repro_specialist', developer: 'repro_developer', reviewer: 'repro_reviewer' } as const;

type Privileges = 'INSERT' | 'INSERT, UPDATE' | 'UPDATE' | 'INSERT, UPDATE, DELETE';

/** History: appended to by every role that writes, never rewritten. */
const HISTORY = ['change_log', 'change_seq'];

/** What a developer changes: bugs and what hangs off them, notes, scripts and runs, documents but acts. */
const DEVELOPER: Record<string, Privileges> = {
  bug: 'INSERT, UPDATE, DELETE',
  bug_version: 'INSERT, UPDATE, DELETE',
  ticket_bug: 'INSERT, UPDATE, DELETE',
  // A bug resolved moves its tickets to "fix ready"; a developer opens no ticket.
  ticket: 'UPDATE',
  note: 'INSERT, UPDATE, DELETE',
  script: 'INSERT, UPDATE, DELETE',
  script_ticket: 'INSERT, UPDATE, DELETE',
  script_bug: 'INSERT, UPDATE, DELETE',
  run: 'INSERT, UPDATE, DELETE',
  run_ticket: 'INSERT, UPDATE, DELETE',
  run_fingerprint: 'INSERT, UPDATE, DELETE',
  product: 'INSERT, UPDATE',
  component: 'INSERT, UPDATE',
  version: 'INSERT, UPDATE',
  counter: 'INSERT, UPDATE',
  // Row-level security below keeps closing acts out of a developer's reach.
  document: 'INSERT, UPDATE, DELETE',
  document_ticket: 'INSERT, UPDATE, DELETE',
  // Handing a bug to the tracker and hearing back; the tracker's configuration is the specialists'.
  tracker_issue: 'INSERT, UPDATE, DELETE',
};

/** Table by table, what each role may write beyond reading. */
export const WRITES: Record<keyof typeof DESK_ROLES, (table: string) => Privileges | undefined> = {
  specialist: (table) => (HISTORY.includes(table) ? 'INSERT' : table === 'desk_meta' ? undefined : 'INSERT, UPDATE, DELETE'),
  developer: (table) => (HISTORY.includes(table) ? 'INSERT' : DEVELOPER[table]),
  reviewer: () => undefined,
};

/** The column that names who made a row, per table. */
const AUTHORS: Record<string, string> = {
  ticket: 'created_by',
  bug: 'created_by',
  ticket_bug: 'created_by',
  call: 'staff',
  run: 'by',
  note: 'by',
  change_log: 'by',
  document: 'created_by',
  change_seq: 'by',
};

/** Every table of the desk: the entities, the tracker's, and the team desk's own (schema.ts adds those two). */
const TABLES = [...[...(ENTITY_TABLES + TRACKER_TABLES).matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]), 'change_seq', 'run_fingerprint'];

const roles = Object.entries(DESK_ROLES) as [keyof typeof DESK_ROLES, string][];

export const ACCESS_SQL = `
  CREATE OR REPLACE FUNCTION desk_author() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    -- The desk's owner (and its members) write authors as given: moving a desk in keeps its history.
    IF pg_has_role(session_user, (SELECT datdba FROM pg_database WHERE datname = current_database()), 'MEMBER') THEN RETURN NEW; END IF;
    IF TG_OP = 'INSERT' THEN
      NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user::text));
    ELSE
      NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], to_jsonb(OLD) -> TG_ARGV[0]));
    END IF;
    RETURN NEW;
  END $$;
  ${Object.entries(AUTHORS)
    .map(([table, column]) => `CREATE OR REPLACE TRIGGER ${table}_author BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION desk_author('${column}');`)
    .join('\n  ')}
  REVOKE ALL ON ${TABLES.join(', ')} FROM ${roles.map(([, role]) => role).join(', ')};
  GRANT SELECT ON ${TABLES.join(', ')} TO ${roles.map(([, role]) => role).join(', ')};
  ${roles
    .flatMap(([name, role]) => TABLES.map((table) => [WRITES[name](table), table, role]).filter(([privileges]) => privileges))
    .map(([privileges, table, role]) => `GRANT ${privileges} ON ${table} TO ${role};`)
    .join('\n  ')}
  GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${DESK_ROLES.specialist}, ${DESK_ROLES.developer};
  ALTER TABLE document ENABLE ROW LEVEL SECURITY;
  DROP POLICY IF EXISTS document_read ON document;
  CREATE POLICY document_read ON document FOR SELECT USING (true);
  DROP POLICY IF EXISTS document_specialist ON document;
  CREATE POLICY document_specialist ON document FOR ALL TO ${DESK_ROLES.specialist} USING (true) WITH CHECK (true);
  DROP POLICY IF EXISTS document_developer ON document;
  CREATE POLICY document_developer ON document FOR ALL TO ${DESK_ROLES.developer} USING (kind <> 'closing-act') WITH CHECK (kind <> 'closing-act');
`;

/** The SQL an administrator runs once per server when the login that makes the desk may not create roles. */
export const CREATE_ROLES_SQL = roles.map(([, role]) => `CREATE ROLE ${role} NOLOGIN;`).join(' ');
