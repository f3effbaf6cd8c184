import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { PickTask } from '../../components/pick-task/PickTask';
import { AppError, type Result } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import type { MessageKey } from '../../lib/i18n/messages';
import { t, tIn } from '../../lib/i18n/t';
import { installDom, settle } from '../support/dom';

/** The "Other task…" picker: it names its own click's item, and takes one submit at a time. */

const taskUrl = 'https://pyrus.com/t#id1001';
const notConnected = new AppError('not-configured', { tracker: 'pyrus' }).toJSON();
let root!: Element;
let sent: unknown[];
let answer: (result: Result<void>) => void;

const button = () => root.querySelector('button[type=submit]') as HTMLButtonElement;
const status = () => root.querySelector('[role=status]')?.textContent;

async function submit(): Promise<void> {
  const form = root.querySelector('form') as HTMLFormElement;
  await act(() => void form.dispatchEvent(new window.Event('submit', { cancelable: true })));
  await settle();
}

beforeAll(() => {
  root = installDom();
});

beforeEach(async () => {
  fakeBrowser.reset();
  vi.stubGlobal('navigator', { language: 'en' });
  sent = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    sent.push(message);
    return new Promise<Result<void>>((resolve) => {
      answer = resolve;
    });
  });
  render(<PickTask attachId="click-1" />, root);
  const input = root.querySelector('input[type=text]') as HTMLInputElement;
  input.value = taskUrl;
  await act(() => void input.dispatchEvent(new window.Event('input')));
});

afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

describe('the task picker', () => {
  it("asks to attach its own click's item, with Attach disabled until the answer; after a failure it may retry", async () => {
    await submit();
    expect(sent).toEqual([{ route: 'attachPendingTo', input: { attachId: 'click-1', taskUrl } }]);
    expect(button().disabled).toBe(true);

    await act(() => answer({ ok: false, error: notConnected }));
    await settle();
    expect(status()).toBe(errorText(notConnected));
    expect(button().disabled).toBe(false);

    await submit();
    await act(() => answer({ ok: true, value: undefined }));
    await settle();
    expect(status()).toBe(t('pickDone'));
    expect(button().disabled).toBe(true);
    expect(sent).toHaveLength(2);
  });

  it("declares the language its words are in (the extension's catalog), not the browser's", async () => {
    render(null, root);
    vi.stubGlobal('navigator', { language: 'de-DE' });
    vi.stubGlobal('browser', {
      i18n: { getMessage: (key: MessageKey, substitutions?: string[]) => tIn('ru', key, ...(substitutions ?? [])) },
    });
    await act(() => render(<PickTask attachId="click-1" />, root));
    expect(document.documentElement.lang).toBe('ru');
    expect(root.querySelector('h1')?.textContent).toBe(tIn('ru', 'pickTitle'));
  });
});
