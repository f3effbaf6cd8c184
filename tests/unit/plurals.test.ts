import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogs, en, type MessageKey } from '../../lib/i18n/messages';
import { type PluralBase, pluralKey, tCount, tCountIn } from '../../lib/i18n/plural';
import { tIn } from '../../lib/i18n/t';

const forms = ['One', 'Few', 'Many', 'Other'] as const;
/** The counted messages: a key ending in Other alone (copyOther) is an ordinary message. */
const bases = Object.keys(en)
  .filter((key) => key.endsWith('Other') && `${key.slice(0, -'Other'.length)}One` in en)
  .map((key) => key.slice(0, -'Other'.length) as PluralBase);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('plural forms', () => {
  it('picks Russian one / few / many, and Other for fractions', () => {
    const picked = [0, 1, 2, 5, 11, 21, 22, 101, 111, 1.5].map((n) => pluralKey('ru', 'toolbarFinished', n));
    expect(picked).toEqual([
      'toolbarFinishedMany',
      'toolbarFinishedOne',
      'toolbarFinishedFew',
      'toolbarFinishedMany',
      'toolbarFinishedMany',
      'toolbarFinishedOne',
      'toolbarFinishedFew',
      'toolbarFinishedOne',
      'toolbarFinishedMany',
      'toolbarFinishedOther',
    ]);
  });

  it('picks English one and other', () => {
    expect([0, 1, 2, 5, 21].map((n) => pluralKey('en', 'toolbarFinished', n))).toEqual([
      'toolbarFinishedOther',
      'toolbarFinishedOne',
      'toolbarFinishedOther',
      'toolbarFinishedOther',
      'toolbarFinishedOther',
    ]);
  });

  it('every counted message has all four forms in both languages, English Few and Many repeating Other', () => {
    expect(bases.length).toBeGreaterThan(0);
    for (const base of bases) {
      for (const form of forms) {
        const key = `${base}${form}` as MessageKey;
        expect(catalogs.en[key], key).toBeTruthy();
        expect(catalogs.ru[key], key).toBeTruthy();
      }
      expect(catalogs.en[`${base}Few` as MessageKey], base).toBe(catalogs.en[`${base}Other` as MessageKey]);
      expect(catalogs.en[`${base}Many` as MessageKey], base).toBe(catalogs.en[`${base}Other` as MessageKey]);
    }
  });

  it('words the upload notification for any count', () => {
    const ru = (n: number) => tCountIn('ru', 'notifyBatchDone', n, 'Pyrus 1001');
    expect(ru(1)).toBe('Прикреплён 1 файл — Pyrus 1001');
    expect(ru(2)).toBe('Прикреплено 2 файла — Pyrus 1001');
    expect(ru(5)).toBe('Прикреплено 5 файлов — Pyrus 1001');
    expect(ru(11)).toBe('Прикреплено 11 файлов — Pyrus 1001');
    expect(ru(21)).toBe('Прикреплён 21 файл — Pyrus 1001');
    expect(tCountIn('en', 'notifyBatchDone', 1, 'Pyrus 1001')).toBe('1 file attached to Pyrus 1001');
    expect(tCountIn('en', 'notifyBatchDone', 2, 'Pyrus 1001')).toBe('2 files attached to Pyrus 1001');
  });

  it('words the toolbar summary and outcome for any count', () => {
    for (const n of [1, 2, 5, 11, 21]) {
      expect(tCountIn('ru', 'toolbarCount', n, '2 KB')).toBe(`Вложений: ${n}, 2 KB`);
      expect(tCountIn('ru', 'toolbarFinishedWithFailures', n, '3')).toBe(`Скачано файлов: ${n}; с ошибкой: 3.`);
    }
    expect(tCountIn('en', 'toolbarCount', 1, '2 KB')).toBe('1 attachment, 2 KB');
    expect(tCountIn('en', 'toolbarCount', 2, '2 KB')).toBe('2 attachments, 2 KB');
    expect(tCountIn('en', 'toolbarFinished', 1)).toBe('Saved 1 file.');
    expect(tCountIn('en', 'toolbarFinished', 2)).toBe('Saved 2 files.');
    expect(tCountIn('en', 'toolbarFinishedWithFailures', 1, '2')).toBe('Saved 1 file; 2 failed.');
    expect(tCountIn('en', 'listDownloadTasks', 1)).toBe('Download attachments of 1 task');
    expect(tCountIn('en', 'listDownloadTasks', 2)).toBe('Download attachments of 2 tasks');
  });

  it('tCount follows the browser language, and English outside the extension', () => {
    expect(tCount('listTaskSaved', 1)).toBe('saved 1 file');
    expect(tCount('listTaskSaved', 2)).toBe('saved 2 files');
    vi.stubGlobal('browser', {
      i18n: { getMessage: (key: MessageKey, substitutions?: string[]) => tIn('ru', key, ...(substitutions ?? [])) },
    });
    expect(tCount('notifyBatchDone', 21, 'Pyrus 1001')).toBe('Прикреплён 21 файл — Pyrus 1001');
    expect(tCount('notifyBatchDone', 2, 'Pyrus 1001')).toBe('Прикреплено 2 файла — Pyrus 1001');
    expect(tCount('storageCleared', 5)).toBe('Удалено завершённых передач: 5.');
  });
});
