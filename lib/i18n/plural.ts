import type { Locale, MessageKey } from './messages';
import { t, tIn } from './t';

/**
 * The forms a counted message comes in, as key suffixes. chrome.i18n has no plurals, so each form is a message of
 * its own: English uses One and Other (its Few and Many repeat Other), Russian One, Few and Many (Other is for
 * fractions).
 */
export type PluralForm = 'One' | 'Few' | 'Many' | 'Other';

/** A message with all four forms: `<base>One`, `<base>Few`, `<base>Many` and `<base>Other`. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}Other`
    ? `${Base}${PluralForm}` extends MessageKey
      ? Base
      : never
    : never;
}[MessageKey];

const formOf: Record<Intl.LDMLPluralRule, PluralForm> = {
  zero: 'Other',
  one: 'One',
  two: 'Other',
  few: 'Few',
  many: 'Many',
  other: 'Other',
};

const rules = new Map<string, Intl.PluralRules>();

function pluralRules(locale: string): Intl.PluralRules {
  let found = rules.get(locale);
  if (!found) {
    found = new Intl.PluralRules(locale);
    rules.set(locale, found);
  }
  return found;
}

/** The key of the form of `base` that `n` takes in `locale`. */
export function pluralKey(locale: string, base: PluralBase, n: number): MessageKey {
  return `${base}${formOf[pluralRules(locale).select(n)]}`;
}

/** A counted message in the given locale: `$1` is `n`, `$2`.. are `substitutions`. */
export function tCountIn(locale: Locale, base: PluralBase, n: number, ...substitutions: string[]): string {
  return tIn(locale, pluralKey(locale, base, n), String(n), ...substitutions);
}

/** A counted message in the UI language: `$1` is `n`, `$2`.. are `substitutions`. */
export function tCount(base: PluralBase, n: number, ...substitutions: string[]): string {
  return t(pluralKey(t('htmlLang'), base, n), String(n), ...substitutions);
}
