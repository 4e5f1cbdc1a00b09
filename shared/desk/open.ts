// Opening a desk by its location, whichever engine holds it: a postgresql:// URL is the team desk
// (engines/postgres), anything else a file of the embedded desk. (Each engine loads its own client only when
// a desk of it is opened: sql.js in Desk.open, node-postgres in the team desk's worker thread.)

import { TeamDesk, type TeamDeskOptions } from './engines/postgres/teamDesk';
import { isTeamDeskUrl } from './paths';
import { Desk, type DeskStore, type OpenOptions } from './store';

export interface OpenStoreOptions extends Pick<OpenOptions, 'create' | 'readOnly' | 'clock' | 'user' | 'lockTimeoutMs' | 'compactAfterBytes'> {
  /** The team desk's password when it does not come from libpq's places (VS Code's SecretStorage). */
  password?: string;
  /** Team desk: called with each change's number, from any process. */
  onChange?: (seq: number) => void;
  /** Team desk: the server went away ('offline', why) or came back ('online'; then `refresh()` catches up). */
  onStatus?: TeamDeskOptions['onStatus'];
  /** Team desk: how long a statement waits for a server that went away (an editor waits less than a CLI). */
  reconnectMs?: number;
}

export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<DeskStore> {
  if (isTeamDeskUrl(location)) {
    // Who makes the changes is the server's login, whatever `user` says: it is not passed on. A password given
    // here goes into the URL: node-postgres reads a connection string's password (empty when it has none) over
    // the `password` it is given, so that one would never be used. (The desk shows and logs the URL without it.)
    const url = options.password === undefined ? location : withPassword(location, options.password);
    return TeamDesk.open(url, { create: options.create, readOnly: options.readOnly, clock: options.clock, onChange: options.onChange, onStatus: options.onStatus, reconnectMs: options.reconnectMs });
  }
  return Desk.open(location, options);
}

/** `postgresql://USER@HOST/…` with PASSWORD in it (percent-encoded), whatever password it held. */
export function withPassword(url: string, password: string): string {
  const parts = /^([a-z]+:\/\/)([^/?#]*)([\s\S]*)$/i.exec(url);
  if (!parts) return url;
  const [, scheme, authority, rest] = parts;
  const at = authority.lastIndexOf('@');
  const user = at < 0 ? '' : authority.slice(0, at).split(':')[0];
  return `${scheme}${user}:${encodeURIComponent(password)}@${authority.slice(at + 1)}${rest}`;
}
