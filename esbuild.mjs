// Builds everything: the CLI and language-server bundles in dist/, and a file-per-file transpile of all
// TypeScript into out/ for the tests and benchmarks. Type checking is `tsc --noEmit` (npm test runs it).
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const watch = process.argv.includes('--watch');

/** Every .ts file under the given folders. */
function sources(...folders) {
  return folders.flatMap((folder) => {
    try {
      return readdirSync(folder, { recursive: true })
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
        .map((f) => join(folder, f));
    } catch {
      return [];
    }
  });
}

const common = {
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { REPRO_VERSION: JSON.stringify(pkg.version) },
};

const bundles = [
  { entryPoints: ['cli/main.ts'], outfile: 'dist/repro.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The team desk's PostgreSQL connection runs in a worker thread of its own (shared/desk/engines/postgres/sync.ts);
  // pg-native is pg's optional libpq binding, not used.
  { entryPoints: ['shared/desk/engines/postgres/worker.ts'], outfile: 'dist/pgWorker.js', external: ['pg-native'] },
  // Benchmarks measure bundled code, as it ships (a per-file transpile adds a getter to every import).
  { entryPoints: ['bench/index.ts'], outfile: 'out/bench.js', external: ['playwright-core'] },
  // The team desk's connection thread beside the benchmarks' bundle, where sync.ts looks for it.
  { entryPoints: ['shared/desk/engines/postgres/worker.ts'], outfile: 'out/pgWorker.js', external: ['pg-native'] },
];

rmSync('out', { recursive: true, force: true });
const builds = [
  // Bundles drop whitespace and simplify syntax (less to parse at every start) but keep their names, so that a
  // stack trace in a bug report still reads; the source maps hold the rest.
  ...bundles.map((b) => ({ ...common, ...b, bundle: true, minifyWhitespace: true, minifySyntax: true })),
  {
    ...common,
    entryPoints: sources('shared', 'cli', 'server', 'client', 'test', 'bench', 'scripts'),
    outdir: 'out',
    outbase: '.',
    bundle: false,
  },
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  for (const b of bundles) chmodSync(b.outfile, 0o755);
}
// What the code reads beside itself at run time: the desk's SQLite (WebAssembly) next to the bundles, and the
// message bundles where the per-file output looks for them (out/shared/… requires ../../l10n).
mkdirSync('dist', { recursive: true });
cpSync('node_modules/sql.js/dist/sql-wasm.wasm', 'dist/sql-wasm.wasm');
cpSync('l10n', 'out/l10n', { recursive: true });
