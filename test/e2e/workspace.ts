// The folder the end-to-end tests open: a fresh copy of test/vscode/workspace (the tests write settings and
// scripts into it).

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/golden';

export function workspaceCopy(): string {
  const folder = mkdtempSync(join(tmpdir(), 'repro-e2e-ws-'));
  cpSync(join(ROOT, 'test', 'vscode', 'workspace'), folder, { recursive: true });
  return folder;
}
