// Running the built CLI as a process, in an environment that holds nothing of the caller's.

import { join } from 'node:path';
import { ROOT } from './golden';

export const REPRO = join(ROOT, 'dist', 'repro.js');

/** The environment of every CLI test: no locale or colors of the caller (undefined removes a variable). */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', NO_COLOR: '1', ...extra };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}
