import { catalogs, en, type Locale, type MessageKey } from './messages';

interface I18nApi {
  getMessage(key: string, substitutions?: string[]): string;
}

function browserI18n(): I18nApi | undefined {
  const scope = globalThis as { chrome?: { i18n?: I18nApi }; browser?: { i18n?: I18nApi } };
  return scope.browser?.i18n ?? scope.chrome?.i18n;
}

function substitute(template: string, substitutions: readonly string[]): string {
  return template.replace(/\$(\d)/g, (whole, digit: string) => substitutions[Number(digit) - 1] ?? whole);
}

/** A message in the given locale, without asking the browser (tests, and places that must pick a language). */
export function tIn(locale: Locale, key: MessageKey, ...substitutions: string[]): string {
  return substitute(catalogs[locale][key], substitutions);
}

/** A message in the browser's language; English outside the extension. */
export function t(key: MessageKey, ...substitutions: string[]): string {
  const fromBrowser = browserI18n()?.getMessage(key, substitutions);
  return fromBrowser || substitute(en[key], substitutions);
}
