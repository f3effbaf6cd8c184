import { catalogs } from './messages';

/** The `_locales/<lang>/messages.json` files the build writes, generated from `messages.ts`. */
export function localeFiles(): { relativeDest: string; contents: string }[] {
  return Object.entries(catalogs).map(([locale, messages]) => ({
    relativeDest: `_locales/${locale}/messages.json`,
    contents: JSON.stringify(
      Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, { message }])),
      null,
      2,
    ),
  }));
}
