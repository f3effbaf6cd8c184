import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CopyToTask } from '../../components/pick-task/CopyToTask';
import { AppError, type Result } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import type { MessageKey } from '../../lib/i18n/messages';
import { t, tIn } from '../../lib/i18n/t';
import { savePendingCopy } from '../../lib/uploads/copy-pending';
import { installDom, settle } from '../support/dom';

/** The "Copy to task…" picker: its language, and what it says when the worker is copying these files already. */

let root!: Element;
let answer: Result<unknown>;

const status = () => root.querySelector('[role=status]')?.textContent;

async function show(): Promise<void> {
  render(<CopyToTask copyId="copy-1" />, root);
  await settle();
}

beforeAll(() => {
  root = installDom();
});

beforeEach(async () => {
  fakeBrowser.reset();
  vi.stubGlobal('navigator', { language: 'en' });
  await savePendingCopy({
    id: 'copy-1',
    source: { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' },
    which: 'all',
    createdAt: Date.now(),
  });
  fakeBrowser.runtime.onMessage.addListener(() => Promise.resolve(answer));
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

describe('the copy picker', () => {
  it('says the files are on their way already when the worker is copying them, not that a name is taken', async () => {
    const busy = new AppError('conflict', { detail: 'already copying' }).toJSON();
    answer = { ok: false, error: busy };
    await show();
    const input = root.querySelector('input[type=text]') as HTMLInputElement;
    input.value = 'https://pyrus.com/t#id1002';
    await act(() => void input.dispatchEvent(new window.Event('input')));
    const form = root.querySelector('form') as HTMLFormElement;
    await act(() => void form.dispatchEvent(new window.Event('submit', { cancelable: true })));
    await settle();
    expect(status()).toBe(t('pickBusy'));
    expect(status()).not.toBe(errorText(busy));
  });

  it("declares the language its words are in (the extension's catalog), not the browser's", async () => {
    vi.stubGlobal('navigator', { language: 'de-DE' });
    vi.stubGlobal('browser', {
      i18n: { getMessage: (key: MessageKey, substitutions?: string[]) => tIn('ru', key, ...(substitutions ?? [])) },
    });
    await show();
    expect(document.documentElement.lang).toBe('ru');
    expect(root.querySelector('h1')?.textContent).toBe(tIn('ru', 'copyTitle'));
  });
});
