// Redmine (5.0's REST API, JSON): issues are created in the configured project with their attachments in the
// same request (uploads first, each one a token), found again by the marker in their description (the issue
// query's `description` "contains" filter, over every status), and read with their journals. The API key
// goes in the X-Redmine-API-Key header, never in a URL (URLs get logged).

import * as l10n from '@vscode/l10n';
import type { TrackerComment, TrackerConfig, TrackerState } from '../desk/workflows/tracker';
import { holdsMarker, TrackerError, type AdapterFactory, type ExternalIssue, type IssueStamp, type NewIssue, type TrackerAdapter } from './adapter';

/** How long one request may take before the tracker counts as unreachable. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Redmine's largest page of a list. */
const PAGE = 100;
/** How old a change must be (by the tracker's clock) before no other can share its one-second stamp. */
const SETTLED_MS = 2000;
/** The call any valid key may make: who the key belongs to. */
const CURRENT_USER = '/users/current.json';

interface RedmineIssue {
  id: number;
  description?: string;
  status: { name: string };
  assigned_to?: { name: string };
  fixed_version?: { name: string };
  updated_on: string;
  journals?: { id: number; user?: { name: string }; notes?: string | null; created_on: string }[];
}

export const redmineAdapter: AdapterFactory = (config, apiKey) => new Redmine(config, apiKey);

class Redmine implements TrackerAdapter {
  private priorities: Promise<Map<string, number>> | undefined;

  constructor(
    private readonly config: TrackerConfig,
    private readonly apiKey: string,
  ) {}

  async create(issue: NewIssue): Promise<ExternalIssue> {
    const uploads = [];
    for (const file of issue.files) {
      const { upload } = await this.call<{ upload: { token: string } }>('POST', `/uploads.json?filename=${encodeURIComponent(file.name)}`, Buffer.from(file.content, 'utf8'));
      uploads.push({ token: upload.token, filename: file.name, content_type: file.contentType });
    }
    const priority = issue.priority ? await this.priorityId(issue.priority) : undefined;
    const { issue: made } = await this.call<{ issue: RedmineIssue }>('POST', `/projects/${encodeURIComponent(this.config.project)}/issues.json`, {
      issue: { subject: issue.subject, description: issue.description, ...(priority === undefined ? {} : { priority_id: priority }), uploads },
    });
    return this.external(made.id);
  }

  async findByMarker(marker: string): Promise<ExternalIssue | undefined> {
    const query = new URLSearchParams({ project_id: this.config.project, status_id: '*', description: `~${marker}`, limit: String(PAGE) });
    const { issues } = await this.call<{ issues: RedmineIssue[] }>('GET', `/issues.json?${query}`);
    const found = issues.filter((i) => holdsMarker(i.description ?? '', marker)).sort((a, b) => a.id - b.id)[0];
    return found && this.external(found.id);
  }

  async stamps(keys: readonly string[]): Promise<IssueStamp[]> {
    const stamps: IssueStamp[] = [];
    for (let i = 0; i < keys.length; i += PAGE) {
      const ids = keys.slice(i, i + PAGE).map(issueId);
      const query = new URLSearchParams({ issue_id: ids.join(','), status_id: '*', limit: String(PAGE) });
      const { issues } = await this.call<{ issues: RedmineIssue[] }>('GET', `/issues.json?${query}`);
      stamps.push(...issues.map((issue) => ({ key: `#${issue.id}`, updatedOn: issue.updated_on })));
    }
    return stamps;
  }

  async read(key: string, after: number): Promise<TrackerState> {
    const { issue, date } = await this.call<{ issue: RedmineIssue; date: number }>('GET', `/issues/${issueId(key)}.json?include=journals`);
    const comments: TrackerComment[] = (issue.journals ?? [])
      .filter((j) => j.id > after && j.notes?.trim())
      .map((j) => ({ id: j.id, author: j.user?.name ?? l10n.t('someone in the tracker'), body: j.notes!, at: new Date(j.created_on).toISOString() }));
    return {
      status: issue.status.name,
      assignee: issue.assigned_to?.name ?? null,
      fixedVersion: issue.fixed_version?.name ?? null,
      // Redmine stamps changes to the second: an issue changed in the second it was read may change again
      // unseen within that second, so its stamp is kept only once it is older than that (by Redmine's clock).
      updatedOn: date - Date.parse(issue.updated_on) >= SETTLED_MS ? issue.updated_on : '',
      comments,
    };
  }

  private external(id: number): ExternalIssue {
    return { key: `#${id}`, url: `${this.config.url}/issues/${id}` };
  }

  private priorityId(name: string): Promise<number> {
    this.priorities ??= this.call<{ issue_priorities: { id: number; name: string }[] }>('GET', '/enumerations/issue_priorities.json').then(
      ({ issue_priorities }) => new Map(issue_priorities.map((p) => [p.name.toLowerCase(), p.id])),
    );
    return this.priorities.then((known) => {
      const id = known.get(name.toLowerCase());
      if (id === undefined) throw new TrackerError('invalid', l10n.t('the tracker at {0} has no priority {1} (it has: {2})', this.config.url, name, [...known.keys()].join(', ')));
      return id;
    });
  }

  /** One request; its failure as a TrackerError that says what to do, in the tracker's own words where it has some. */
  private async call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: object | Buffer): Promise<T> {
    const binary = Buffer.isBuffer(body);
    let response: Response;
    try {
      response = await fetch(`${this.config.url}${path}`, {
        method,
        headers: {
          'X-Redmine-API-Key': this.apiKey,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': binary ? 'application/octet-stream' : 'application/json' }),
        },
        body: body === undefined ? undefined : binary ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TrackerError('unreachable', l10n.t('cannot reach the tracker at {0}: {1}', this.config.url, networkReason(error)));
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      try {
        return { ...(JSON.parse(text) as object), date: Date.parse(response.headers.get('date') ?? '') || Date.now() } as T;
      } catch {
        throw new TrackerError('failed', l10n.t('the tracker at {0} answered {1} with something that is not JSON: is it a Redmine?', this.config.url, `${method} ${path.split('?')[0]}`));
      }
    }
    // Redmine answers a key it does not know as it answers anonymous: 404 for a private project, 403 for an
    // action. Whether the key itself is the reason is asked once, of the one call every valid key may make.
    if ((response.status === 404 || response.status === 403) && path !== CURRENT_USER && !(await this.keyWorks())) throw this.problem(401, '', path);
    throw this.problem(response.status, text, path);
  }

  private async keyWorks(): Promise<boolean> {
    try {
      await this.call('GET', CURRENT_USER);
      return true;
    } catch (error) {
      return !(error instanceof TrackerError && error.problem === 'unauthorized');
    }
  }

  private problem(status: number, text: string, path: string): TrackerError {
    const url = this.config.url;
    if (status === 401) return new TrackerError('unauthorized', l10n.t('the tracker at {0} refused the API key (check it in your account page there: My account → API access key)', url));
    if (status === 403) return new TrackerError('forbidden', l10n.t('the tracker at {0} does not let this API key do that (is the REST API enabled, and are you a member of project {1}?)', url, this.config.project));
    if (status === 404) {
      const issue = /^\/issues\/(\d+)\.json/.exec(path);
      return issue
        ? new TrackerError('not-found', l10n.t('the tracker at {0} has no issue #{1} (deleted, or this API key cannot see it)', url, issue[1]))
        : new TrackerError('not-found', l10n.t('the tracker at {0} has no project {1} (or this API key cannot see it)', url, this.config.project));
    }
    if (status === 422) {
      let errors: string[] = [];
      try {
        errors = (JSON.parse(text) as { errors?: string[] }).errors ?? [];
      } catch {
        // Not Redmine's JSON: said as a status below.
      }
      return new TrackerError('invalid', l10n.t('the tracker at {0} refused the issue: {1}', url, errors.join('; ') || `HTTP ${status}`));
    }
    return new TrackerError('failed', l10n.t('the tracker at {0} answered HTTP {1}', url, status));
  }
}

/** Redmine's issue number from the key the desk keeps (`#123`). */
function issueId(key: string): number {
  const id = Number(key.replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0) throw new TrackerError('invalid', l10n.t('{0} is not a Redmine issue number', key));
  return id;
}

/** Why fetch failed, in words (its own error is "fetch failed", the reason is its cause). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return l10n.t('no answer within {0} s', REQUEST_TIMEOUT_MS / 1000);
  if (cause?.code === 'ECONNREFUSED') return l10n.t('nothing listens there');
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return l10n.t('no such host');
  if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return l10n.t('the connection was dropped');
  return cause?.message ?? (error as Error).message;
}
