// A process that writes to a desk, for the reliability tests: `node writer.js DB PREFIX COUNT [COMPACT_BYTES]`;
// DB is a file or a team desk's URL.
// After each change is durable it prints what it made on a line of its own: a line printed is a change the desk
// promised to keep. With COMPACT_BYTES it compacts whenever the journal passes that size, so that a kill can
// also land in the middle of a compaction.
// REPRO_WRITER_OPERATION picks what each of the COUNT steps does (OPERATIONS below; default `organization`).

import { perform } from '../../shared/desk/operations';
import { openStore } from '../../shared/desk/open';
import type { DeskStore } from '../../shared/desk/store';

/** One step, named `PREFIX-i`: what it prints is what the desk kept. */
const OPERATIONS: Record<string, (desk: DeskStore, name: string) => Promise<string>> = {
  /** An organization named `name` (one change). */
  async organization(desk, name) {
    await perform(desk, 'addOrganization', { name });
    return name;
  },
  /** A ticket with `name` as its subject (one change, which takes the next SUP-N). */
  async ticket(desk, name) {
    await perform(desk, 'createTicket', { subject: name });
    return name;
  },
  /**
   * A closing act on a new ticket of the organization `Acme` (which the desk must hold): the ticket, its
   * resolution (work an act may report) and the act are three changes. Prints `ACT-YYYY-NNNN name`.
   */
  async act(desk, name) {
    const { key } = await perform(desk, 'createTicket', { subject: name, organization: 'Acme' });
    await perform(desk, 'changeTicketStatus', key, 'resolved', { resolution: 'answered' });
    const { number } = await perform(desk, 'issueClosingAct', { organization: 'Acme', tickets: [key], provider: { name: 'Support' }, lang: 'en' });
    return `${number} ${name}`;
  },
};

async function main(): Promise<void> {
  const [path, prefix, count, compactBytes] = process.argv.slice(2);
  const operation = OPERATIONS[process.env.REPRO_WRITER_OPERATION ?? 'organization'];
  if (!operation) throw new Error(`REPRO_WRITER_OPERATION is one of ${Object.keys(OPERATIONS).join(', ')}`);
  const desk = await openStore(path, { user: prefix, compactAfterBytes: compactBytes ? Number(compactBytes) : undefined, lockTimeoutMs: 60_000 });
  for (let i = 1; i <= Number(count); i++) {
    process.stdout.write(`${await operation(desk, `${prefix}-${i}`)}\n`);
    if (compactBytes && desk.needsCompaction) await desk.compact?.();
  }
  desk.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
