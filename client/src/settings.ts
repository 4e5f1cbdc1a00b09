// Settings, read per resource (a multi-root workspace can set them per folder).

import * as vscode from 'vscode';
import { defaultSettings, type Settings } from '../../shared/settings';

export function settings(uri?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('repro', uri);
  const d = defaultSettings();
  return {
    run: { timeout: c.get('run.timeout', d.run.timeout), repeat: c.get('run.repeat', d.run.repeat), jobs: c.get('run.jobs', d.run.jobs) },
    codeLens: { enabled: c.get('codeLens.enabled', d.codeLens.enabled) },
    testing: { expect: c.get('testing.expect', d.testing.expect) },
  };
}
