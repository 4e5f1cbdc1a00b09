// Where tests leave what a person would want to open: screenshots of the editor, figures measured in it.
// (git-ignored; CI keeps the folder as the run's artifacts.)

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './golden';

export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The path of an artifact, its folder made. */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
