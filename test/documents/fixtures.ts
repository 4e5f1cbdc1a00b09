// Desk data for the documents' tests, as shared/desk would gather it: Russian and Latin names, a reproduced
// and a not-reproduced run, intermittent k/n with a divergence, a fix verified, a superseding act, a draft,
// a void act, a period with and one without anything in it.

import type { ClosingActData, ComplaintAnalysisData, ReproReportData } from '../../shared/documents/types';

const EXPORT_SCRIPT = `# Export crashes when the customer name is not ASCII
ticket  SUP-1042
ticket  SUP-1057
requires acme >=2.3
timeout 30s
seed    7
mask    /\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z/ "<time>"

step "Create a customer with a non-ASCII name"
  run acme init --db data.db
  run acme customer add --db data.db "Zoë Müller"
  expect stdout contains "created"

step "Export the monthly report"
  run acme report export --db data.db --format pdf --config report.toml
  bug exit != 0
  bug stderr ~ /UnicodeEncodeError/

-- report.toml --
[report]
period = "2026-10"
`;

const EXPORT_TRANSCRIPT = `  2  requires acme >=2.3: ok
  9  step "Create a customer with a non-ASCII name"
 10  run acme init --db data.db
 10  exit 0
 11  run acme customer add --db data.db "Zoë Müller"
 11  exit 0
 11  stdout "created customer 1\\n"
 12  expect stdout contains "created": ok
 14  step "Export the monthly report"
 15  run acme report export --db data.db --format pdf --config report.toml
 15  exit 3
 15  stderr "Traceback (most recent call last):\\n  …\\nUnicodeEncodeError: 'latin-1' codec can't encode character '\\\\xeb'\\n"
 16  bug exit != 0: ok
 17  bug stderr ~ /UnicodeEncodeError/: ok`;

/** A ticket's report: reproduced 2 times of 3, the runs diverging at the export. */
export const REPORT_TICKET: ReproReportData = {
  generatedAt: '2026-03-05T09:30:12.000Z',
  subject: {
    kind: 'ticket',
    key: 'SUP-1042',
    title: 'Экспорт отчёта падает, если имя клиента не в ASCII (Zoë Müller)',
    status: 'escalated',
    priority: 'high',
    severity: 'major',
    organization: 'ООО «Ромашка»',
    contact: 'Иван Петров',
    product: 'Acme Reports',
    reportedVersion: '2.4.1',
    environment: 'Debian 12, Python 3.11, LANG=ru_RU.UTF-8',
  },
  tickets: [
    { key: 'SUP-1042', subject: 'Экспорт отчёта падает, если имя клиента не в ASCII (Zoë Müller)', organization: 'ООО «Ромашка»' },
    { key: 'SUP-1057', subject: 'PDF export fails for customer "Zoë"', organization: 'Zoë Müller GmbH' },
  ],
  bugs: [{ key: 'BUG-17', title: 'Report export encodes names as Latin-1', status: 'in-progress' }],
  script: {
    path: 'repro/SUP-1042-export.repro',
    title: 'Export crashes when the customer name is not ASCII',
    steps: ['Create a customer with a non-ASCII name', 'Export the monthly report'],
    content: EXPORT_SCRIPT,
  },
  run: {
    at: '2026-03-04T14:07:55.000Z',
    by: 'Анна Смирнова',
    outcome: 'reproduced',
    reason: 'line 16: bug exit != 0 matched: exit 3',
    reproducedRuns: 2,
    conclusiveRuns: 3,
    runs: 3,
    fingerprints: ['9c1d0f7a5e2b4c6d8e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d', '04e2b8f1c3d5a7b9e1f3a5c7d9e1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d7'],
    divergesAt: 15,
    versionTested: '2.4.1',
    environment: 'Debian 12 (bookworm), x86_64',
    durationMs: 1840,
    checks: [
      { line: 12, role: 'expect', check: 'stdout contains "created"', passed: true, actual: 'stdout "created customer 1\\n"' },
      { line: 16, role: 'bug', check: 'exit != 0', passed: true, actual: 'exit 3' },
      { line: 17, role: 'bug', check: 'stderr ~ /UnicodeEncodeError/', passed: true, actual: 'stderr "Traceback (most recent call last):\\n  …"' },
    ],
    transcript: EXPORT_TRANSCRIPT,
  },
  history: [
    { at: '2026-03-02T11:20:00.000Z', outcome: 'inconclusive', reproducedRuns: 0, conclusiveRuns: 0, versionTested: '2.4.0' },
    { at: '2026-03-03T16:45:30.000Z', outcome: 'reproduced', reproducedRuns: 1, conclusiveRuns: 1, versionTested: '2.4.1' },
  ],
};

// A script whose archive holds Markdown with a fence, so the report's own fence must be longer.
const JQ_SCRIPT = `# jq rounds an order number that is bigger than 2^53
ticket  SUP-1002
requires jq
timeout 20s

step "Read the order number from the exported JSON"
  run --stdin order.json jq .order
  expect exit 0
  bug stdout !contains "12345678901234567891"

-- order.json --
{"order": 12345678901234567891, "customer": "Zoë Müller"}
-- README.md --
Run it as:
\`\`\`
repro run jq-big-integers.repro
\`\`\`
`;

/** A bug's report after the fix: not reproduced in 3 of 3, as the verification expected. */
export const REPORT_BUG: ReproReportData = {
  generatedAt: '2026-04-11T08:00:00Z',
  subject: {
    kind: 'bug',
    key: 'BUG-23',
    title: 'jq rounds integers above 2^53 in order numbers',
    status: 'resolved',
    severity: 'critical',
    reproducibility: 'always',
    product: 'Order Export',
    reportedVersion: '1.6',
  },
  tickets: [
    { key: 'SUP-1002', subject: 'Номер заказа в выгрузке не совпадает с номером в системе', organization: 'АО «Северный ветер»' },
    { key: 'SUP-1011', subject: 'Order numbers rounded in the JSON export' },
  ],
  bugs: [{ key: 'BUG-23', title: 'jq rounds integers above 2^53 in order numbers', status: 'resolved' }],
  script: { path: 'repro/jq-big-integers.repro', steps: ['Read the order number from the exported JSON'], content: JQ_SCRIPT },
  run: {
    at: '2026-04-10T17:02:03.456Z',
    by: 'Dmitri Volkov',
    outcome: 'not-reproduced',
    reason: 'line 9: bug stdout !contains "12345678901234567891" did not match: stdout "12345678901234567891\\n"',
    expected: 'not-reproduced',
    reproducedRuns: 0,
    conclusiveRuns: 3,
    runs: 3,
    fingerprints: ['5f0e3c2a1b9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f'],
    divergesAt: null,
    versionTested: '1.7.1',
    environment: 'Debian 13 (trixie), aarch64',
    durationMs: 312,
    checks: [
      { line: 8, role: 'expect', check: 'exit 0', passed: true, actual: 'exit 0' },
      { line: 9, role: 'bug', check: 'stdout !contains "12345678901234567891"', passed: false, actual: 'stdout "12345678901234567891\\n"' },
    ],
    transcript: '  3  requires jq: ok\n  6  step "Read the order number from the exported JSON"\n  7  run jq .order\n  7  exit 0\n  7  stdout "12345678901234567891\\n"\n  8  expect exit 0: ok\n  9  bug stdout !contains "12345678901234567891": failed',
  },
  history: [
    { at: '2026-02-20T10:00:00.000Z', outcome: 'reproduced', reproducedRuns: 5, conclusiveRuns: 5, versionTested: '1.6' },
    { at: '2026-03-01T12:30:00.000Z', outcome: 'reproduced', reproducedRuns: 3, conclusiveRuns: 3 },
    { at: '2026-04-09T09:15:00.000Z', outcome: 'error', reproducedRuns: 0, conclusiveRuns: 0, versionTested: '1.7.1' },
  ],
};

const PROVIDER = { name: 'ООО «Сервис Плюс»', phone: '+7 495 123-45-67', email: 'support@servis-plus.example' };

/** An issued act that corrects an earlier one. */
export const ACT_ISSUED: ClosingActData = {
  number: 'ACT-2026-0007',
  status: 'issued',
  date: '2026-04-15T12:00:00.000Z',
  supersedes: 'ACT-2026-0004',
  provider: PROVIDER,
  organization: { name: 'ООО «Ромашка»', phone: '+7 812 555-01-02', email: 'it@romashka.example' },
  contact: { name: 'Иван Петров', phone: '+7 921 000-11-22', email: 'i.petrov@romashka.example' },
  period: { from: '2026-03-01', to: '2026-03-31' },
  tickets: [
    {
      key: 'SUP-1042',
      subject: 'Экспорт отчёта падает, если имя клиента не в ASCII (Zoë Müller)',
      type: 'complaint',
      status: 'closed',
      resolution: 'fixed',
      product: 'Acme Reports',
      reportedVersion: '2.4.1',
      fixedInVersion: '2.4.2',
      openedAt: '2026-03-02T08:14:00.000Z',
      resolvedAt: '2026-04-10T17:30:00.000Z',
      bugs: [{ key: 'BUG-17', title: 'Report export encodes names as Latin-1' }],
      work: [
        'Ошибка воспроизведена сценарием воспроизведения repro/SUP-1042-export.repro (2 из 3 запусков).',
        'Назначен разработчик; исправление вошло в версию 2.4.2.',
        'Technical call to the user on 2026-04-10: the fix is confirmed on the customer’s data.',
      ],
    },
    {
      key: 'SUP-1063',
      subject: 'Как перенести настройки отчётов на новую версию?',
      type: 'upgrade',
      status: 'resolved',
      resolution: 'answered',
      product: 'Acme Reports',
      reportedVersion: '2.3.9',
      openedAt: '2026-03-20T10:00:00.000Z',
      resolvedAt: '2026-03-21T09:45:00.000Z',
      bugs: [],
      work: ['Проведено обучение пользователей: перенос настроек при переходе на более позднюю версию.'],
    },
  ],
  evidence: [
    {
      ticketKey: 'SUP-1042',
      script: 'repro/SUP-1042-export.repro',
      at: '2026-04-10T16:58:00.000Z',
      outcome: 'not-reproduced',
      expected: 'not-reproduced',
      reproducedRuns: 0,
      conclusiveRuns: 5,
      versionTested: '2.4.2',
      fingerprint: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    },
    {
      ticketKey: 'SUP-1042',
      script: 'repro/SUP-1042-export.repro',
      at: '2026-04-10T17:05:00.000Z',
      outcome: 'reproduced',
      expected: 'reproduced',
      reproducedRuns: 3,
      conclusiveRuns: 3,
      versionTested: '2.4.1',
    },
  ],
  preparedBy: { name: 'Анна Смирнова', role: 'специалист по сопровождению' },
};

/** A draft: no number, a Latin-named customer without a contact, a ticket without work or evidence. */
export const ACT_DRAFT: ClosingActData = {
  number: 'ACT-2026-0099',
  status: 'draft',
  date: '2026-05-02T07:45:00Z',
  provider: { name: 'Servis Plus LLC' },
  organization: { name: 'Zoë Müller GmbH', email: 'office@mueller.example' },
  tickets: [
    {
      key: 'SUP-1057',
      subject: 'PDF export fails for customer "Zoë"',
      type: 'incident',
      status: 'fix-ready',
      openedAt: '2026-03-03T12:00:00.000Z',
      bugs: [{ key: 'BUG-17', title: 'Report export encodes names as Latin-1' }],
      work: [],
    },
  ],
  evidence: [],
  preparedBy: { name: 'Dmitri Volkov' },
};

/** The act ACT_ISSUED replaces, now void: its fix was verified on a release candidate that still failed once in 5. */
export const ACT_VOID: ClosingActData = {
  ...ACT_ISSUED,
  number: 'ACT-2026-0004',
  status: 'void',
  date: '2026-04-12T09:00:00.000Z',
  supersedes: undefined,
  tickets: [ACT_ISSUED.tickets[0]],
  evidence: [
    {
      ticketKey: 'SUP-1042',
      script: 'repro/SUP-1042-export.repro',
      at: '2026-04-11T20:10:00.000Z',
      outcome: 'reproduced',
      expected: 'not-reproduced',
      reproducedRuns: 1,
      conclusiveRuns: 5,
      versionTested: '2.4.2-rc1',
      fingerprint: '04e2b8f1c3d5a7b9e1f3a5c7d9e1b3f5a7c9e1d3b5f7a9c1e3d5b7f9a1c3e5d7',
    },
  ],
};

/** A quarter with tickets of every kind, an unset value, a label too long for a chart, two overdue tickets. */
export const ANALYSIS: ComplaintAnalysisData = {
  from: '2026-01-01',
  to: '2026-03-31T23:59:59.999Z',
  generatedAt: '2026-04-01T06:00:00.000Z',
  totals: { opened: 42, resolved: 32, closed: 27, reopened: 4, open: 10 },
  byStatus: [
    { value: 'new', count: 2 },
    { value: 'triaged', count: 1 },
    { value: 'reproducing', count: 3 },
    { value: 'waiting', count: 2 },
    { value: 'escalated', count: 1 },
    { value: 'fix-ready', count: 1 },
    { value: 'resolved', count: 5 },
    { value: 'closed', count: 27 },
    { value: 'cancelled', count: 0 },
  ],
  byPriority: [
    { value: 'low', count: 6 },
    { value: 'normal', count: 25 },
    { value: 'high', count: 9 },
    { value: 'urgent', count: 2 },
  ],
  bySeverity: [
    { value: 'minor', count: 20 },
    { value: 'major', count: 15 },
    { value: 'critical', count: 4 },
    { value: '', count: 3 },
  ],
  byProduct: [
    { value: 'Acme Reports', count: 30 },
    { value: 'Order Export', count: 11 },
    { value: 'Модуль интеграции с бухгалтерией предприятия (редакция 3.0)', count: 1 },
  ],
  byVersion: [
    { value: '2.4.1', count: 18 },
    { value: '2.4.0', count: 12 },
    { value: '1.6', count: 11 },
    { value: '', count: 1 },
  ],
  byOrganization: [
    { value: 'ООО «Ромашка»', count: 17 },
    { value: 'Zoë Müller GmbH', count: 14 },
    { value: 'АО «Северный ветер»', count: 11 },
  ],
  byChannel: [
    { value: 'phone', count: 21 },
    { value: 'email', count: 12 },
    { value: 'chat', count: 5 },
    { value: 'portal', count: 3 },
    { value: 'other', count: 1 },
  ],
  byType: [
    { value: 'complaint', count: 24 },
    { value: 'incident', count: 10 },
    { value: 'question', count: 6 },
    { value: 'upgrade', count: 2 },
  ],
  firstResponse: { count: 41, medianHours: 1.25, averageHours: 2.4166666, p90Hours: 6 },
  resolution: { count: 32, medianHours: 30.5, averageHours: 47.84, p90Hours: 120.25 },
  reopenRate: 0.125,
  topBugs: [
    { key: 'BUG-17', title: 'Report export encodes names as Latin-1', tickets: 9, customers: 3 },
    { key: 'BUG-23', title: 'jq rounds integers above 2^53 in order numbers', tickets: 6, customers: 2 },
    { key: 'BUG-31', title: 'Ночной импорт завершается с ошибкой примерно через раз', tickets: 2, customers: 1 },
  ],
  reproducibility: [
    { value: 'always', count: 5 },
    { value: 'sometimes', count: 2 },
    { value: 'random', count: 1 },
    { value: 'have-not-tried', count: 1 },
    { value: 'unable-to-reproduce', count: 1 },
    { value: 'not-applicable', count: 0 },
  ],
  overdue: [
    { key: 'SUP-1071', subject: 'Не приходит письмо со сводным отчётом', organization: 'ООО «Ромашка»', due: '2026-03-27T10:00:00.000Z', daysOverdue: 4, status: 'waiting' },
    { key: 'SUP-1080', subject: 'Slow login after the upgrade to 2.4.1', due: '2026-03-30T15:00:00.000Z', daysOverdue: 1, status: 'reproducing' },
  ],
};

/** A period in which nothing happened: every section says so instead of drawing nothing. */
export const ANALYSIS_EMPTY: ComplaintAnalysisData = {
  from: '2026-07-01',
  to: '2026-07-31',
  generatedAt: '2026-08-01T00:00:00.000Z',
  totals: { opened: 0, resolved: 0, closed: 0, reopened: 0, open: 0 },
  byStatus: [],
  byPriority: [],
  bySeverity: [],
  byProduct: [],
  byVersion: [],
  byOrganization: [],
  byChannel: [],
  byType: [],
  firstResponse: null,
  resolution: null,
  reopenRate: null,
  topBugs: [],
  reproducibility: [],
  overdue: [],
};
