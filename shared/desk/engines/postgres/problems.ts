// What went wrong with the team desk's server, in one line a person can act on: a table from the error's
// SQLSTATE or network code to a message (l10n). Invariant: no message holds a password; the desk is named by
// its URL without one (displayUrl).

import * as l10n from '@vscode/l10n';
import { userInfo } from 'node:os';
import { PostgresError } from './sync';

/** The URL as shown to people: never its password. */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*):[^@/]*@/i, '$1@');
}

/** By SQLSTATE or network code; shown through l10n.t. */
export const PROBLEMS: Record<string, string> = {
  '28P01': 'the team desk at {0} refused the password for {1} (give it in PGPASSWORD or ~/.pgpass)',
  '28000': 'the team desk at {0} does not let {1} in: {2}',
  '3D000': 'there is no database at {0}: create it first (see the README: a team desk)',
  '42501': 'your login {1} may not do that on the team desk: {2}',
  ECONNREFUSED: 'cannot reach the team desk at {0}: no server is listening there; it may be stopped',
  ENOENT: 'cannot reach the team desk at {0}: no server is listening there; it may be stopped',
  ECONNRESET: 'the connection to the team desk at {0} was lost: {2}',
  ETIMEDOUT: 'the team desk at {0} did not answer in time',
  ESERVICE: 'the team desk at {0}: {2} (in PGSERVICEFILE, ~/.pg_service.conf or the system\'s pg_service.conf)',
  '57P01': 'the team desk at {0} ended this connection (the server shut down, or an administrator ended it); nothing of the unfinished change was kept',
  ECONNLOST: 'the connection to the team desk at {0} was lost; nothing of the unfinished change was kept',
  ENOSSL: 'the team desk at {0} does not offer TLS, and the URL requires it (sslmode); ask its administrator, or change sslmode',
};

/** Anything else the server said. */
export const OTHER_PROBLEM = 'the team desk at {0}: {2}';

/** Who a URL logs in as: its user, else PGUSER, else the system user (as libpq decides). */
export function loginOf(url: string): string {
  // postgresql://USER[:PASSWORD]@… (a URL with no host before the path is not one WHATWG URL reads).
  const named = /^[a-z]+:\/\/([^:@/]+)(?::[^@/]*)?@/i.exec(url)?.[1];
  return named ? decodeURIComponent(named) : (process.env.PGUSER ?? userInfo().username);
}

/** Whether the URL itself holds a password (then nothing else is asked for: the URL's wins). */
export function urlHasPassword(url: string): boolean {
  return /^[a-z]+:\/\/[^:@/]*:[^@/]*@/i.test(url);
}

/** What node-postgres says when it had no password to give, or the server what it says of a wrong one. */
const REFUSED_MESSAGES = /password authentication failed|client password must be/i;

/** Whether the server refused the login for want of the right password (SQLSTATE 28P01, or none was given). */
export function passwordRefused(error: unknown): boolean {
  return error instanceof PostgresError && (error.code === '28P01' || REFUSED_MESSAGES.test(error.message));
}

export function connectionProblem(error: PostgresError, url: string): string {
  const template = (error.code && PROBLEMS[error.code]) || OTHER_PROBLEM;
  return l10n.t(template, displayUrl(url), loginOf(url), error.message);
}
