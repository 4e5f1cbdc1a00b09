// By hand (after `bash test/e2e/setup.sh` and `node esbuild.mjs`):
//   node out/test/e2e/harness/cli.js open <folder> [--untrusted]
//       code-server with this repository's extension loaded as the extension under development; prints the URL
//       and runs until Ctrl-C.
//   node out/test/e2e/harness/cli.js tests <extensionDevelopmentPath> <extensionTestsPath> <workspace> [--untrusted]
//       runs the tests module inside the extension host and exits with its code.

import { resolve } from 'node:path';
import { REPO_ROOT, runExtensionTests, startCodeServer, workbenchUrl } from './codeServer';

const USAGE = `usage:
  node out/test/e2e/harness/cli.js open <folder> [--untrusted]
  node out/test/e2e/harness/cli.js tests <extensionDevelopmentPath> <extensionTestsPath> <workspace> [--untrusted]`;

async function main(argv: string[]): Promise<number> {
  const untrusted = argv.includes('--untrusted');
  const [command, ...rest] = argv.filter((a) => a !== '--untrusted');
  if (command === 'open' && rest.length === 1) {
    const folder = resolve(rest[0]);
    const server = await startCodeServer({ workspace: folder, trusted: !untrusted });
    const url = workbenchUrl(server, folder, { extensionDevelopmentPath: REPO_ROOT });
    console.log(`code-server ${untrusted ? '(Restricted Mode)' : '(trusted)'} on ${server.url}`);
    console.log(`extension under development: ${REPO_ROOT}`);
    console.log(`open: ${url}`);
    console.log('Ctrl-C to stop.');
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    await server.stop();
    return 0;
  }
  if (command === 'tests' && rest.length === 3) {
    const [extensionDevelopmentPath, extensionTestsPath, workspace] = rest.map((p) => resolve(p));
    const run = await runExtensionTests({
      extensionDevelopmentPath,
      extensionTestsPath,
      workspace,
      trusted: !untrusted,
      onConsole: (line) => console.log(line),
    });
    if (run.timedOut) console.error('extension tests timed out');
    console.log(`extension tests exited with ${run.exitCode}`);
    return run.exitCode;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
