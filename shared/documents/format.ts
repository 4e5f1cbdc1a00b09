// How values read in a document: dates, numbers, the desk's vocabulary and run outcomes. Deterministic and
// independent of the machine: no locale-dependent Date formatting and no clock, everything from the data.
// Dates read the same in both languages (ISO order, UTC); decimals take the language's separator.

import { label } from '../desk/vocabulary';
import { rateText, type RateCounts } from '../runner/rateText';
import { OUTCOME_LABELS } from '../runner/results';
import type { Translate } from './language';
import type { DocumentLanguage } from './types';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/** The instant an ISO 8601 date-time names; one without a zone is UTC, as the desk stores every time. */
function instant(iso: string): Date | undefined {
  const match = DATE_TIME.exec(iso.trim());
  if (!match) return undefined;
  const [, date, time, zone] = match;
  const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const parsed = new Date(`${date}T${time}${offset}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** `YYYY-MM-DD` (in UTC). Text that is not an ISO date is shown as it is rather than hidden. */
export function formatDate(iso: string): string {
  if (DATE_ONLY.test(iso)) return iso;
  return instant(iso)?.toISOString().slice(0, 10) ?? iso;
}

/** `YYYY-MM-DD HH:MM UTC`, for when the time of day matters (a run, a report's generation). */
export function formatDateTime(iso: string): string {
  if (DATE_ONLY.test(iso)) return iso;
  const at = instant(iso)?.toISOString();
  return at ? `${at.slice(0, 10)} ${at.slice(11, 16)} UTC` : iso;
}

/** A period, `from – to`, as dates. */
export function formatPeriod(from: string, to: string): string {
  return `${formatDate(from)} – ${formatDate(to)}`;
}

const DECIMAL_SEPARATOR: Readonly<Record<DocumentLanguage, string>> = { en: '.', ru: ',' };

/** A number with `digits` decimals and the language's separator; `—` for a number that is not one. */
export function formatDecimal(value: number, lang: DocumentLanguage, digits = 1): string {
  if (!Number.isFinite(value)) return '—';
  return value.toFixed(digits).replace('.', DECIMAL_SEPARATOR[lang] ?? '.');
}

/** A share (0…1) as a percentage with one decimal. */
export function formatPercent(t: Translate, share: number, lang: DocumentLanguage): string {
  return t('{0}%', formatDecimal(share * 100, lang));
}

/** A run's duration, in seconds. */
export function formatDuration(t: Translate, ms: number, lang: DocumentLanguage): string {
  return t('{0} s', formatDecimal(ms / 1000, lang));
}

/** A vocabulary value as a person reads it, in the document's language; "not set" for none. */
export function vocabularyText(t: Translate, value: string | undefined | null): string {
  if (!value) return t('not set');
  const english = label(value);
  return t(typeof english === 'string' ? english : value);
}

function fromTable(t: Translate, table: Readonly<Record<string, string>>, value: string): string {
  return Object.hasOwn(table, value) ? t(table[value]) : value;
}

/** A run's outcome: reproduced, not reproduced, inconclusive, error in the script. */
export function outcomeText(t: Translate, outcome: string): string {
  return fromTable(t, OUTCOME_LABELS, outcome);
}

/**
 * A run's reproducibility from its k/n with the 95% interval ("intermittent, 2/5, 95% 12–77%"; one run:
 * "1/1, 95% 21–100%", no word), or "not determined" when no run was conclusive.
 */
export function runReproducibilityText(t: Translate, run: RateCounts): string {
  return rateText(t, run) || t('not determined');
}

export interface RunCounts extends RateCounts {
  outcome: string;
}

/**
 * The outcome in words with its k/n and interval: "reproduced (always, 3/3, 95% 44–100%)",
 * "воспроизведена (периодически, 2/5, 95% 12–77%)". Left out when no run was conclusive (0/0 says nothing).
 * The word comes from k/n, not from a stored value: a row recorded before one run stopped meaning `always`
 * reads right too.
 */
export function runSummary(t: Translate, run: RunCounts): string {
  const outcome = outcomeText(t, run.outcome);
  const rate = rateText(t, run);
  return rate ? `${outcome} (${rate})` : outcome;
}

/** A party or person with the ways to reach them: `Name · phone · email`. */
export function partyText(party: { name: string; phone?: string; email?: string }): string {
  return [party.name, party.phone, party.email].filter((part) => part).join(' · ');
}

/** The value, or a dash for an empty one (a table cell or a field is never blank by accident). */
export function orDash(value: string | undefined | null): string {
  return value ? value : '—';
}
