import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { PreferencesSection } from '../../components/options/PreferencesSection';
import { t } from '../../lib/i18n/t';
import { defaultPathPattern, loadPreferences } from '../../lib/settings/preferences';
import { installDom, settle } from '../support/dom';

/** The options page's preferences: what Save stores, and how the number fields take what is typed. */

let root!: Element;

beforeAll(() => {
  root = installDom();
});

beforeEach(async () => {
  await fakeBrowser.storage.local.clear();
  render(<PreferencesSection />, root);
  await settle();
});

afterEach(() => {
  render(null, root);
  vi.restoreAllMocks();
});

function field(id: string): HTMLInputElement {
  const input = root.querySelector(`#${id}`) as HTMLInputElement;
  // linkedom has no valueAsNumber; a browser's number field answers NaN while it is empty.
  Object.defineProperty(input, 'valueAsNumber', {
    configurable: true,
    get: () => (input.value === '' ? Number.NaN : Number(input.value)),
  });
  return input;
}

async function type(input: HTMLInputElement, text: string): Promise<void> {
  input.value = text;
  await act(() => void input.dispatchEvent(new window.Event('input')));
}

async function save(): Promise<string | null | undefined> {
  await act(() => void root.querySelector('form')?.dispatchEvent(new window.Event('submit')));
  await settle();
  return root.querySelector('[role=status]')?.textContent;
}

describe('the preferences form', () => {
  it('saves an emptied folder pattern as the default one the preview shows', async () => {
    await type(field('pref-path'), '');
    expect(await save()).toBe(t('prefsSaved'));
    expect((await loadPreferences()).pathPattern).toBe(defaultPathPattern);
    expect(field('pref-path').value).toBe(defaultPathPattern);
  });

  it('says so in the status line when the preferences cannot be stored', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    expect(await save()).toBe(t('prefsSaveFailed', t('errorInternal', 'Error: QUOTA_BYTES quota exceeded')));
  });

  it('keeps an emptied count field empty while typing, and saves the number typed next', async () => {
    const downloads = field('pref-downloads');
    await type(downloads, '');
    expect(downloads.value).toBe('');
    await type(downloads, '3');
    expect(downloads.value).toBe('3');
    await save();
    expect((await loadPreferences()).parallelDownloads).toBe(3);
  });
});
