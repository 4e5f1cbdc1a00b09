// Where the desk lives when nobody says (spec §5): a per-user data folder that the CLI and the extension share,
// so that runs recorded in a terminal or CI appear in the editor. REPRO_DESK_DB, a setting or --db override it.

import { homedir } from 'node:os';
import { join } from 'node:path';

export const DESK_FILE = 'desk.sqlite';

export function defaultDeskPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (env.REPRO_DESK_DB) return env.REPRO_DESK_DB;
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'repro-desk', DESK_FILE);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'repro-desk', DESK_FILE);
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'repro-desk', DESK_FILE);
}

/** A desk location that is a PostgreSQL URL is a team desk (engines/postgres); anything else is a file. */
export function isTeamDeskUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}
