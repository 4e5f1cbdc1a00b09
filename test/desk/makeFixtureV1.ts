// Writes test/fixtures/desk-v1.sqlite: a desk as the first schema (migration 1 alone) made it, with a little of
// everything in it, for the migration test. Run once and commit the file:
//   node esbuild.mjs && node out/test/desk/makeFixtureV1.js
// It stays valid as long as migration 1 never changes (migrations are append-only).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../../shared/desk/schema';
import { loadSqlite } from '../../shared/desk/storage/sqlite';
import { ROOT } from '../helpers/golden';

export const FIXTURE_V1 = join(ROOT, 'test', 'fixtures', 'desk-v1.sqlite');

async function main(): Promise<void> {
  const SQL = await loadSqlite();
  const db = new SQL.Database();
  db.exec(MIGRATIONS[0]);
  db.exec('PRAGMA user_version = 1');
  const at = '2025-11-20T10:00:00.000Z';
  db.exec(`
    INSERT INTO desk_meta VALUES ('epoch', '6f1c2a9e-0000-4000-8000-000000000001'), ('created', '${at}'), ('journal_seq', '12');
    INSERT INTO counter VALUES ('key:SUP', 3), ('key:BUG', 1), ('document:ACT:2025', 1);
    INSERT INTO organization (name, phone, email, created_at) VALUES ('ООО «Ромашка»', '+7 495 000-00-00', 'it@romashka.example', '${at}'), ('Acme Corp', NULL, NULL, '${at}');
    INSERT INTO contact (organization_id, name, phone, email, created_at) VALUES (1, 'Зоя Мюллер', '+7 495 000-00-01', NULL, '${at}'), (2, 'John Doe', NULL, 'john@acme.example', '${at}');
    INSERT INTO product (name) VALUES ('Acme Report');
    INSERT INTO component (product_id, name) VALUES (1, 'export');
    INSERT INTO version (product_id, name, sort_key, released, released_at) VALUES (1, '2.9', '000000000002.000000000009', 1, '2025-10-01'), (1, '2.10', '000000000002.000000000010', 0, NULL);
    INSERT INTO staff (login, name, role) VALUES ('anna', 'Анна Петрова', 'specialist'), ('dev', 'Ivan Sidorov', 'developer');
    INSERT INTO ticket (key, subject, description, channel, contact_id, organization_id, product_id, reported_version_id, status, priority, severity, created_at, created_by, updated_at, first_response_at)
      VALUES ('SUP-1', 'Ошибка экспорта отчёта с именем «Зоя»', 'Экспорт падает с UnicodeEncodeError', 'phone', 1, 1, 1, 1, 'escalated', 'high', 'major', '${at}', 'anna', '${at}', '${at}'),
             ('SUP-2', 'Export crashes on a non-ASCII name', 'Same as SUP-1 at another customer', 'email', 2, 2, 1, 1, 'escalated', 'normal', 'major', '${at}', 'anna', '${at}', NULL),
             ('SUP-3', 'How do I change the period?', '', 'chat', 2, 2, 1, NULL, 'resolved', 'low', 'minor', '${at}', 'anna', '${at}', '${at}');
    UPDATE ticket SET resolution = 'answered', resolved_at = '${at}' WHERE key = 'SUP-3';
    INSERT INTO bug (key, title, description, status, severity, reproducibility, product_id, component_id, developer_id, created_at, created_by, updated_at)
      VALUES ('BUG-1', 'UnicodeEncodeError in the export of names', 'ascii codec', 'in-progress', 'major', 'always', 1, 1, 2, '${at}', 'anna', '${at}');
    INSERT INTO bug_version VALUES (1, 1);
    INSERT INTO ticket_bug VALUES (1, 1, 'caused-by', '${at}', 'anna'), (2, 1, 'caused-by', '${at}', 'anna');
    INSERT INTO call (direction, purpose, channel, contact_id, organization_id, ticket_id, staff, at, duration_s, summary, outcome, callback_due)
      VALUES ('in', 'report', 'phone', 1, 1, 1, 'anna', '${at}', 300, 'Звонок: экспорт падает', 'reached', '2025-11-21T10:00:00.000Z'),
             ('out', 'reproduction', 'phone', 1, 1, 1, 'anna', '${at}', 600, 'Воспроизвели вместе с пользователем', 'reached', NULL);
    INSERT INTO script (path, title, content, content_hash, created_at, updated_at) VALUES ('tickets/SUP-1.repro', 'Export crashes', 'ticket SUP-1\nrun true\nbug exit 0\n', 'abc', '${at}', '${at}');
    INSERT INTO script_ticket VALUES (1, 1);
    INSERT INTO run (script_id, content_hash, outcome, reason, reproduced_runs, conclusive_runs, runs, reproducibility, fingerprints, by, at)
      VALUES (1, 'abc', 'reproduced', 'line 3: bug exit 0 matched: exit 0', 3, 3, 3, 'always', '["${'a'.repeat(64)}"]', 'anna', '${at}');
    INSERT INTO run_ticket VALUES (1, 1);
    INSERT INTO note (ticket_id, kind, visibility, body, by, at) VALUES (1, 'comment', 'public', 'Мы воспроизвели ошибку и передали её разработчикам.', 'anna', '${at}');
    INSERT INTO note (bug_id, kind, visibility, body, by, at) VALUES (1, 'internal', 'private', 'encode with utf-8', 'dev', '${at}');
    INSERT INTO change_log (entity, entity_id, field, old_value, new_value, by, at) VALUES ('ticket', 1, 'status', 'new', 'escalated', 'anna', '${at}');
    INSERT INTO document (kind, number, status, lang, title, organization_id, data, markdown, html, content_hash, created_at, created_by, issued_at)
      VALUES ('closing-act', 'ACT-2025-0001', 'issued', 'ru', 'ACT-2025-0001 — Acme Corp', 2, '{}', '# ACT-2025-0001', '<h1>ACT-2025-0001</h1>', 'def', '${at}', 'anna', '${at}');
    INSERT INTO document_ticket VALUES (1, 3);
  `);
  writeFileSync(FIXTURE_V1, db.export());
  process.stdout.write(`wrote ${FIXTURE_V1}\n`);
}

if (require.main === module) void main();
