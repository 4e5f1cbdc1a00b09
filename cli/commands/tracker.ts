// `repro tracker config|push|pull`: handing bugs to the developers' tracker and hearing back (shared/tracker).
// The configuration lives in the desk (a team shares it); the API key is each person's, from
// REPRO_TRACKER_KEY, and is never printed. The desk's code is loaded when a verb runs (see ../desk.ts).

import * as l10n from '@vscode/l10n';
import { BUG_SEVERITIES, label, TRACKER_KINDS, TRACKER_MARKUPS, type BugSeverity } from '../../shared/desk/vocabulary';
import type { TrackerSettings } from '../../shared/desk/workflows/tracker';
import type { DeskStore } from '../../shared/desk/store';
import { hasOption, optionValue, type OptionSpec, type ParsedArgs } from '../args';
import { EXIT, UsageError, type CliContext, type Subcommand } from '../context';
import { DB_OPTION, documentLanguage, withDesk } from '../desk';
import { columns } from './help';
import { JSON_OPTION, verbHelp } from '../verbs';

/** The environment variable that holds the person's API key for the tracker. */
export const TRACKER_KEY_VARIABLE = 'REPRO_TRACKER_KEY';

/** The link back to a bug, as the extension opens it (client/src/desk/links.ts). */
const bugLink = (key: string): string => `vscode://repro-desk.repro-desk/bug/${encodeURIComponent(key)}`;

const EXIT_TEXT = "0: done; 2: a usage error, no tracker configured, no such bug, a desk that cannot be read, or the tracker refused or could not be reached (its reason on stderr)";

function verb(name: string, usage: string, summary: string, options: readonly OptionSpec[], run: (ctx: CliContext, args: ParsedArgs) => Promise<number | UsageError>): Subcommand {
  const subcommand: Subcommand = { name, usage: `repro tracker ${name} ${usage}`.trim(), summary, details: '', exitStatus: EXIT_TEXT, options: [...options, DB_OPTION], help: () => verbHelp(subcommand), run };
  return subcommand;
}

/** The API key from the environment, or why there is none. */
function apiKey(ctx: CliContext): string | UsageError {
  const key = ctx.env[TRACKER_KEY_VARIABLE]?.trim();
  return key ? key : new UsageError(l10n.t('give your API key for the tracker in {0} (it is never stored in the desk)', TRACKER_KEY_VARIABLE));
}

async function withTracker<R>(ctx: CliContext, args: ParsedArgs, work: (desk: DeskStore, adapter: import('../../shared/tracker/adapter').TrackerAdapter) => Promise<R>): Promise<R | UsageError> {
  const key = apiKey(ctx);
  if (key instanceof UsageError) return key;
  const [{ TRACKERS, TrackerError }, { adapterFor }, { requireTrackerConfig }] = await Promise.all([
    import('../../shared/tracker'),
    import('../../shared/tracker/handoff'),
    import('../../shared/desk/workflows/tracker'),
  ]);
  return withDesk(ctx, args, async (desk) => {
    try {
      return await work(desk, adapterFor(TRACKERS, requireTrackerConfig(desk), key));
    } catch (error) {
      if (error instanceof TrackerError) return new UsageError(error.message);
      throw error;
    }
  }, { create: 'never' });
}

/** `--priority SEVERITY=NAME`, repeated, as a map; or the mistake. */
function priorities(args: ParsedArgs): TrackerSettings['priorities'] | UsageError | undefined {
  const given = args.options.get('--priority');
  if (!given) return undefined;
  const map: TrackerSettings['priorities'] = {};
  for (const pair of given) {
    const eq = pair.indexOf('=');
    const severity = pair.slice(0, eq).trim() as BugSeverity;
    if (eq < 0 || !(BUG_SEVERITIES as readonly string[]).includes(severity)) return new UsageError(l10n.t('--priority takes SEVERITY=NAME, SEVERITY one of {0}: {1}', BUG_SEVERITIES.join(', '), pair));
    map[severity] = pair.slice(eq + 1).trim();
  }
  return map;
}

const configVerb = verb(
  'config',
  '[--kind redmine] [--url URL] [--project ID] [--markup textile|commonmark] [--priority SEVERITY=NAME]… [--resolved STATUS]… [--json]',
  "sets the desk's tracker (what is not given stays as it was); with no options, shows it",
  [
    { name: '--kind', value: 'KIND', choices: TRACKER_KINDS, summary: 'the kind of tracker' },
    { name: '--url', value: 'URL', summary: "the tracker's address (http or https)" },
    { name: '--project', value: 'ID', summary: "the tracker's project the bugs go to (Redmine: its identifier)" },
    { name: '--markup', value: 'MARKUP', choices: TRACKER_MARKUPS, summary: "the tracker's text formatting (Redmine: Administration → Settings → General → Text formatting)" },
    { name: '--priority', value: 'SEVERITY=NAME', repeatable: true, summary: "the tracker's priority for a bug severity (repeat for more)" },
    { name: '--resolved', value: 'STATUS', repeatable: true, summary: 'a tracker status that means resolved (repeat for more; replaces the list)' },
    JSON_OPTION,
  ],
  async (ctx, args) => {
    const map = priorities(args);
    if (map instanceof UsageError) return map;
    const given: Partial<TrackerSettings> = {
      kind: optionValue(args, '--kind') as TrackerSettings['kind'] | undefined,
      url: optionValue(args, '--url'),
      project: optionValue(args, '--project'),
      markup: optionValue(args, '--markup') as TrackerSettings['markup'] | undefined,
      priorities: map,
      resolved: args.options.get('--resolved'),
    };
    const changing = Object.values(given).some((v) => v !== undefined);
    const [{ perform }, { trackerConfig }, { newDeskId }] = await Promise.all([import('../../shared/desk/operations'), import('../../shared/desk/workflows/tracker'), import('../../shared/tracker/handoff')]);
    const config = await withDesk(ctx, args, async (desk) => (changing ? perform(desk, 'configureTracker', given, newDeskId()) : trackerConfig(desk)), { create: changing ? 'default' : 'never', readOnly: !changing });
    if (config instanceof UsageError) return config;
    if (!config) return new UsageError(l10n.t('no tracker is configured for this desk: repro tracker config --kind redmine --url URL --project PROJECT'));
    if (hasOption(args, '--json')) {
      ctx.stdout(JSON.stringify(config, null, 2) + '\n');
      return EXIT.ok;
    }
    const rows = [
      { term: l10n.t('kind'), text: config.kind },
      { term: l10n.t('address'), text: config.url },
      { term: l10n.t('project'), text: config.project },
      { term: l10n.t('markup'), text: config.markup },
      ...Object.entries(config.priorities).map(([severity, name]) => ({ term: l10n.t('priority of {0}', l10n.t(label(severity))), text: name })),
      { term: l10n.t('resolved when'), text: config.resolved.join(', ') },
    ];
    ctx.stdout(columns(rows) + '\n');
    return EXIT.ok;
  },
);

const pushVerb = verb('push', 'BUG… [--json]', "hands bugs to the developers' tracker (a bug already handed over is not handed again)", [JSON_OPTION], async (ctx, args) => {
  if (args.positionals.length === 0) return new UsageError(l10n.t('name the bugs to hand over, e.g. repro tracker push BUG-1'));
  const { direct, pushBug } = await import('../../shared/tracker/handoff');
  const lang = documentLanguage(ctx, args);
  const results = await withTracker(ctx, args, async (desk, adapter) => {
    const done = [];
    for (const key of args.positionals) done.push(await pushBug(direct(desk), adapter, key, { lang, link: bugLink(key.toUpperCase()) }));
    return done;
  });
  if (results instanceof UsageError) return results;
  const said = {
    created: (key: string, url: string) => l10n.t('handed over as {0}: {1}', key, url),
    found: (key: string, url: string) => l10n.t('already in the tracker as {0} (linked now): {1}', key, url),
    linked: (key: string, url: string) => l10n.t('already handed over as {0}: {1}', key, url),
  };
  ctx.stdout(hasOption(args, '--json') ? JSON.stringify(results, null, 2) + '\n' : results.map((r) => `${r.bug}: ${said[r.how](r.issue.key, r.issue.url)}\n`).join(''));
  return EXIT.ok;
});

const pullVerb = verb('pull', '[BUG…] [--json]', "reads the handed-over bugs' status, assignee, fixed version and comments from the tracker", [JSON_OPTION], async (ctx, args) => {
  const { direct, pullBugs } = await import('../../shared/tracker/handoff');
  const result = await withTracker(ctx, args, (desk, adapter) => pullBugs(direct(desk), adapter, args.positionals.length ? args.positionals : undefined));
  if (result instanceof UsageError) return result;
  if (hasOption(args, '--json')) {
    ctx.stdout(JSON.stringify(result, null, 2) + '\n');
    return EXIT.ok;
  }
  const lines = [l10n.t('bugs checked: {0}, changed: {1}, resolved: {2}; new comments: {3}', result.checked, result.changed.length, result.resolved.length, result.comments)];
  if (result.resolved.length) lines.push(l10n.t('resolved: {0}', result.resolved.join(', ')));
  if (result.missing.length) lines.push(l10n.t('not found in the tracker (deleted, moved, or out of your sight): {0}', result.missing.join(', ')));
  ctx.stdout(lines.join('\n') + '\n');
  return EXIT.ok;
});

export const trackerCommand: Subcommand = {
  name: 'tracker',
  usage: 'repro tracker config|push|pull …',
  summary: "hands bugs to the developers' tracker (Redmine) and reads back their status and comments",
  details:
    "The tracker is configured once per desk (repro tracker config), so a team shares it; each person's API key comes from REPRO_TRACKER_KEY. push creates an issue with the reproduction report as its description, the scripts and the HTML report attached, the priority mapped from the bug's severity, and a marker that keeps a second push from making a second issue. pull moves a bug the tracker resolved to resolved (its escalated tickets to fix ready, with a callback due) and adds the developers' comments to its timeline.",
  exitStatus: EXIT_TEXT,
  options: [DB_OPTION],
  verbs: [configVerb, pushVerb, pullVerb],
  run: async () => new UsageError(l10n.t('name an action: repro tracker config, repro tracker push BUG, repro tracker pull')),
};
