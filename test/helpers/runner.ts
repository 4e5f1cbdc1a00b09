// Runs script text through the real runner (real processes, a real sandbox) for tests.

import { prepareScript } from '../../shared/runner/prepare';
import { runScript, type RepeatOptions, type ScriptRun } from '../../shared/runner/repeat';

export function runText(text: string | Uint8Array, options: RepeatOptions = {}): Promise<ScriptRun> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return runScript(prepareScript('test.repro', bytes, { predefined: Object.keys(options.env ?? {}) }), { path: process.env.PATH, ...options });
}

/** A script body under one step, with the header lines first. */
export function script(body: string, header = ''): string {
  return `${header}${header ? '\n' : ''}step "Test"\n${body.replace(/^/gm, '  ')}\n`;
}
