// The extension's settings (package.json `contributes.configuration`, section `repro`), typed once for the
// client and the server. Recipe for a new setting: add it to package.json (with its nls strings), here with
// its default, and read it where it is used through `settings(uri)` (client) or `settingsOf(uri)` (server).

export interface Settings {
  run: {
    /** The whole-run timeout in seconds, for scripts without a `timeout` directive. */
    timeout: number;
    /** How many times Run ×N runs a script. */
    repeat: number;
    /** Runs at the same time for Run ×N; 0: as many as there are cores. */
    jobs: number;
  };
  codeLens: { enabled: boolean };
  testing: {
    /** The outcome the Testing view counts as passed. */
    expect: 'reproduced' | 'not-reproduced';
  };
}

export function defaultSettings(): Settings {
  return { run: { timeout: 60, repeat: 10, jobs: 0 }, codeLens: { enabled: true }, testing: { expect: 'reproduced' } };
}

/**
 * Settings from a client's `workspace/configuration` answer: any client may send some sections, some keys or
 * values of the wrong type; what is missing or mistyped keeps its default.
 */
export function resolveSettings(value: unknown): Settings {
  const result = defaultSettings();
  const given = isObject(value) ? value : {};
  for (const [section, defaults] of Object.entries(result) as [keyof Settings, Record<string, unknown>][]) {
    const from = given[section];
    if (!isObject(from)) continue;
    for (const key of Object.keys(defaults)) {
      if (typeof from[key] === typeof defaults[key]) defaults[key] = from[key];
    }
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
