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
    // Who makes the changes is the server's login, whatever `user` says: it is not passed on.
    return TeamDesk.open(location, {
      create: options.create,
      readOnly: options.readOnly,
      clock: options.clock,
      password: options.password,
      onChange: options.onChange,
      onStatus: options.onStatus,
      reconnectMs: options.reconnectMs,
    });
  }
  return Desk.open(location, options);
}
