// Which language the command line (and the language server, for clients that do not say) speaks: `--lang`,
// else the POSIX locale variables, else English.

import * as l10n from '@vscode/l10n';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language of a POSIX locale (`ru_RU.UTF-8` → ru), looked up in the order POSIX gives them priority. */
export function languageFromEnv(env: NodeJS.ProcessEnv): Language {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/** Loads the message bundle of a language; English is the source text and needs none. */
export function useLanguage(language: Language): void {
  // The bundle is inlined in the bundles at build time and parsed only when Russian is asked for.
  l10n.config({ contents: language === 'ru' ? require('../l10n/bundle.l10n.ru.json') : {} });
}
