// Loading sql.js (SQLite compiled to WebAssembly) once per process, and only when a desk is opened: commands
// that never touch the desk do not pay for it. The bundles carry sql-wasm.wasm beside them (esbuild.mjs
// copies it); run from sources, it comes from node_modules.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

export function loadSqlite(): Promise<SqlJsStatic> {
  loading ??= import('sql.js').then(({ default: initSqlJs }) =>
    initSqlJs({
      locateFile: (file: string) => {
        const beside = join(__dirname, file);
        return existsSync(beside) ? beside : require.resolve(`sql.js/dist/${file}`);
      },
    }),
  );
  return loading;
}
