import * as v from 'valibot';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type browser from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import type { ZipOrder } from '../../lib/downloads/zip-order';
import { zipBuilder } from '../../lib/offscreen/zip-client';
import { chromeRuntime, libraryMessage } from '../support/chrome-runtime';

// Chromium's arrangement, with the offscreen document played by this test: the ZIP is built "elsewhere".
vi.mock('../../lib/offscreen/place', () => ({
  offscreenDocumentUrl: () => fakeBrowser.runtime.getURL('/offscreen.html'),
  ensureOffscreenDocument: async () => undefined,
  transfersRunHere: () => false,
}));

/** ZIP progress reaches the download queue only from the offscreen document, not from a tab's content script. */

const order: ZipOrder = { jobId: 'zip-1', tracker: 'pyrus', entries: [], parallel: 1 };

type Sender = browser.Runtime.MessageSender;

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('chrome', { runtime: chromeRuntime });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function progressFrom(sender: Sender, bytes: number): Promise<unknown> {
  return fakeBrowser.runtime.onMessage.trigger(libraryMessage('zipProgress', { jobId: order.jobId, bytes }), sender);
}

it('counts the offscreen document’s progress and ignores a content script’s and another extension page’s', async () => {
  let finish: ((answer: unknown) => void) | undefined;
  // The offscreen document: it answers buildZip when the test lets it.
  fakeBrowser.runtime.onMessage.addListener((message: unknown) =>
    v.is(v.object({ type: v.literal('buildZip') }), message) ? new Promise((resolve) => (finish = resolve)) : undefined,
  );
  const reported: number[] = [];
  const building = zipBuilder.build(
    order,
    (bytes) => reported.push(bytes),
    () => Promise.reject(new Error('no entries')),
  );
  for (let turn = 0; turn < 100 && !finish; turn++) await new Promise((resolve) => setImmediate(resolve));
  const tab = { id: 3, index: 0, highlighted: false, active: true, pinned: false, incognito: false };
  await progressFrom({ id: fakeBrowser.runtime.id, tab }, 999);
  await progressFrom({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') }, 998);
  await progressFrom({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/offscreen.html') }, 5);
  finish?.({ res: { ok: true, value: { url: 'blob:zip', bytes: 5 } } });
  expect(await building).toEqual({ url: 'blob:zip', bytes: 5 });
  expect(reported).toEqual([5]);
});
