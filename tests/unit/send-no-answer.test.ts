import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { errorText } from '../../lib/i18n/error-text';
import { send } from '../../lib/messages/send';

/** A page the extension was updated or reloaded under gets an answer it can word, not a throw or `undefined`. */

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

const task = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' } as const;

describe('asking the background', () => {
  it('when the extension context is gone, answers an error that tells to reload the page', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Extension context invalidated.'));
    const answer = await send('startDownloads', { task, which: 'all' });
    expect(answer).toEqual({ ok: false, error: { kind: 'no-answer', details: {} } });
    if (!answer.ok) expect(errorText(answer.error)).toContain('Reload the page');
  });

  it('when nothing answers, or something that is no Result, answers the same error', async () => {
    for (const reply of [undefined, 'pong', { ok: 'yes' }]) {
      vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(reply);
      expect(await send('startDownloads', { task, which: 'all' })).toMatchObject({
        ok: false,
        error: { kind: 'no-answer' },
      });
    }
  });

  it("passes the router's answers through, a value or an error", async () => {
    const refused = { ok: false, error: { kind: 'auth', details: { tracker: 'pyrus' } } };
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValueOnce({ ok: true }).mockResolvedValueOnce(refused);
    expect(await send('startDownloads', { task, which: 'all' })).toEqual({ ok: true });
    expect(await send('startDownloads', { task, which: 'all' })).toEqual(refused);
  });
});
