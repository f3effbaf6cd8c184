import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, asAppError, type SerializedError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import type { MessageKey } from '../../lib/i18n/messages';
import { tIn } from '../../lib/i18n/t';

/** errorText as a Russian browser words it (`t()` asks `browser.i18n` first). */
function inRussian(error: SerializedError): string {
  vi.stubGlobal('browser', {
    i18n: { getMessage: (key: string, substitutions: string[] = []) => tIn('ru', key as MessageKey, ...substitutions) },
  });
  try {
    return errorText(error);
  } finally {
    vi.unstubAllGlobals();
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('an unexpected failure of the browser or the extension', () => {
  // What the download queue gets from a rejected browser.downloads.download.
  const failure = asAppError(new Error('Invalid filename')).toJSON();

  it('does not blame the tracker, in English', () => {
    const text = errorText(failure);
    expect(text).not.toMatch(/\btracker\b/i);
    expect(text).toContain('TrackerDrop');
    expect(text).toContain('(Error: Invalid filename)');
  });

  it('does not blame the tracker, and keeps English only as the technical detail in parentheses, in Russian', () => {
    const text = inRussian(failure);
    expect(text).not.toMatch(/трекер/i);
    expect(text).toContain('(Error: Invalid filename)');
    const sentence = text.replace('(Error: Invalid filename)', '').replace('TrackerDrop', '');
    expect(sentence).not.toMatch(/[A-Za-z]/);
    expect(sentence).toMatch(/[А-Яа-яЁё]/);
  });

  it("words the router's fallback the same way", () => {
    const internal = new AppError('unexpected', { detail: 'internal error' }).toJSON();
    expect(errorText(internal)).not.toMatch(/tracker answered/i);
    expect(inRussian(internal)).not.toMatch(/трекер/i);
  });
});

describe("a tracker's unexpected answer", () => {
  it('still says the tracker answered, with its detail or its HTTP status', () => {
    const answer = new AppError('unexpected', { tracker: 'pyrus', detail: 'no guid' }).toJSON();
    expect(errorText(answer)).toBe('The tracker answered with something unexpected (no guid).');
    expect(inRussian(answer)).toBe('Трекер ответил неожиданно (no guid).');
    const status = new AppError('unexpected', { tracker: 'yandex-tracker', status: 422 }).toJSON();
    expect(errorText(status)).toBe('The tracker answered with something unexpected (HTTP 422).');
  });
});

describe('no room in the browser storage', () => {
  it('where the browser could not tell what is left, says what is needed and no made-up "0 B free"', () => {
    const text = errorText(new AppError('quota', { neededBytes: 5 * 1024 * 1024 }).toJSON());
    expect(text).toContain('5');
    expect(text).not.toMatch(/free|0 B/);
    expect(inRussian(new AppError('quota', { neededBytes: 1024 }).toJSON())).not.toMatch(/свободно/);
  });
});

describe('a file over the limit', () => {
  it('names the limit where the tracker documents one, and says no "0 B" where a server answered 413', () => {
    const documented = new AppError('too-large', { tracker: 'pyrus', limitBytes: 25 * 1024 * 1024 }).toJSON();
    expect(errorText(documented)).toContain('25');
    const answered = new AppError('too-large', { tracker: 'worksection', status: 413 }).toJSON();
    expect(errorText(answered)).not.toMatch(/\b0 B\b/);
    expect(inRussian(answered)).toContain('413');
  });
});
