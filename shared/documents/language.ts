// Documents are written in a language of their own choosing (a Russian closing act from an English editor),
// so they do not use the process-wide l10n bundle: `documentText(lang)` gives a `t` that looks a message up in
// the same Russian bundle (l10n/bundle.l10n.ru.json) the rest of the product uses. The l10n test collects
// the literal calls of `t` as it does those of `l10n.t`.

import type { DocumentLanguage } from './types';

let russian: Record<string, string> | undefined;

export type Translate = (message: string, ...args: (string | number)[]) => string;

export function documentText(lang: DocumentLanguage): Translate {
  if (lang === 'ru') russian ??= require('../../l10n/bundle.l10n.ru.json') as Record<string, string>;
  const bundle = lang === 'ru' ? russian! : undefined;
  // Own keys only: a vocabulary value from the data such as `constructor` must not find Object's members.
  return (message, ...args) => (bundle && Object.hasOwn(bundle, message) ? bundle[message] : message).replace(/\{(\d+)\}/g, (whole, n: string) => (args[Number(n)] === undefined ? whole : String(args[Number(n)])));
}
