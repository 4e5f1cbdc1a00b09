// A process that writes to a desk, for the reliability tests: `node writer.js DB PREFIX COUNT [COMPACT_BYTES]`;
// DB is a file or a team desk's URL. Each change adds an organization named PREFIX-i, or with
// REPRO_WRITER_OPERATION=ticket creates a ticket with that subject (a change that takes the next SUP-N).
// After each change is durable it prints the change's name on a line of its own: a line printed is a change
// the desk promised to keep. With COMPACT_BYTES it compacts whenever the journal passes that size, so that a
// kill can also land in the middle of a compaction.

import { perform } from '../../shared/desk/operations';
import { openStore } from '../../shared/desk/open';

async function main(): Promise<void> {
  const [path, prefix, count, compactBytes] = process.argv.slice(2);
  const desk = await openStore(path, { user: prefix, compactAfterBytes: compactBytes ? Number(compactBytes) : undefined, lockTimeoutMs: 60_000 });
  for (let i = 1; i <= Number(count); i++) {
    const name = `${prefix}-${i}`;
    if (process.env.REPRO_WRITER_OPERATION === 'ticket') await perform(desk, 'createTicket', { subject: name });
    else await perform(desk, 'addOrganization', { name });
    process.stdout.write(`${name}\n`);
    if (compactBytes && desk.needsCompaction) await desk.compact?.();
  }
  desk.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
