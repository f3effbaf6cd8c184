import { describe, expect, it } from 'vitest';
import { localeFiles } from '../../lib/i18n/locale-files';
import { catalogs, en, featureCatalogs } from '../../lib/i18n/messages';
import { tIn } from '../../lib/i18n/t';

describe('i18n catalogs', () => {
  it('no feature overrides another feature key', () => {
    const declared = featureCatalogs.flatMap((catalog) => Object.keys(catalog.en));
    expect(new Set(declared).size).toBe(declared.length);
    expect(Object.keys(en)).toHaveLength(declared.length);
  });

  it('every Russian message keeps the substitutions of its English one', () => {
    for (const [key, english] of Object.entries(catalogs.en)) {
      const russian = catalogs.ru[key as keyof typeof en];
      expect(russian.trim().length, key).toBeGreaterThan(0);
      expect(russian.match(/\$\d/g)?.sort(), key).toEqual(english.match(/\$\d/g)?.sort());
    }
  });

  it('writes browser locale files the way chrome.i18n reads them', () => {
    const files = Object.fromEntries(localeFiles().map((file) => [file.relativeDest, JSON.parse(file.contents)]));
    expect(files['_locales/ru/messages.json'].toolbarCountFew.message).toBe(catalogs.ru.toolbarCountFew);
    expect(Object.keys(files['_locales/en/messages.json'])).toEqual(Object.keys(en));
  });

  it('fills substitutions', () => {
    expect(tIn('ru', 'toolbarCountFew', '3', '2 KB')).toBe('Вложений: 3, 2 KB');
  });
});
