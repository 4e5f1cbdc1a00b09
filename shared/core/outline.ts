// What a script says about itself: its title, tickets and steps (for reports, the runner and the outline).

import type { Script } from './ast';

/** The `title` directive, else the first whole-line comment before the first command, without its `#`. */
export function scriptTitle(script: Script): string | undefined {
  const directive = script.statements.find((s) => s.node.kind === 'title');
  if (directive?.node.kind === 'title' && directive.node.text?.value) return directive.node.text.value;
  for (const item of script.items) {
    if (item.type === 'statement' && item.spec?.kind === 'command') break;
    if (item.type === 'comment') {
      const text = item.comment.text.replace(/^#+/, '').trim();
      if (text) return text;
    }
  }
  return undefined;
}

/** The ticket keys of the `ticket` directives, in order. */
export function scriptTickets(script: Script): string[] {
  return script.statements.flatMap((s) => (s.node.kind === 'ticket' && s.node.key?.value ? [s.node.key.value] : []));
}

/** The steps' titles in order: the "steps to reproduce" a report prints. */
export function stepTitles(script: Script): string[] {
  return script.statements.flatMap((s) => (s.node.kind === 'step' && s.node.title?.value !== undefined ? [s.node.title.value] : []));
}
