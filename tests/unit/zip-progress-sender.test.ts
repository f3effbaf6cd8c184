import * as v from 'valibot';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type browser from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';
import type { ZipOrder } from '../../lib/downloads/zip-order';
import { zipBuilder } from '../../lib/offscreen/zip-client';

// Chromium's arrangement, with the offscreen document played by this test: the ZIP is built "elsewhere".
vi.mock('../../lib/offscreen/place', () => ({
  ensureOffscreenDocument: async () => undefined,
  transfersRunHere: () => false,
}));

/** ZIP progress reaches the download queue only from the offscreen document, not from a tab's content script. */

const order: ZipOrder = { jobId: 'zip-1', tracker: 'pyrus', entries: [], parallel: 1 };

type Sender = browser.Runtime.MessageSender;
type Reply = (answer: unknown) => void;

/** The callback-style `chrome.runtime` the messaging library calls, over WXT's promise-based fake. */
const chromeRuntime = {
  get id() {
    return fakeBrowser.runtime.id;
  },
  lastError: undefined,
  sendMessage: (message: unknown, reply: Reply) => void fakeBrowser.runtime.sendMessage(message).then(reply),
  onMessage: {
    addListener(listener: (message: unknown, sender: Sender, reply: Reply) => boolean) {
      fakeBrowser.runtime.onMessage.addListener(
        (message: unknown, sender: Sender) =>
          new Promise((resolve) => {
            if (!listener(message, sender, resolve)) resolve(undefined);
          }),
      );
    },
  },
};

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('chrome', { runtime: chromeRuntime });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function progressFrom(sender: Sender, bytes: number): Promise<unknown> {
  const message = { id: 1, type: 'zipProgress', data: { jobId: order.jobId, bytes }, timestamp: Date.now() };
  return fakeBrowser.runtime.onMessage.trigger(message, sender);
}

it('counts the offscreen document’s progress and ignores a content script’s', async () => {
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
  await progressFrom({ id: fakeBrowser.runtime.id }, 5);
  finish?.({ res: { ok: true, value: { url: 'blob:zip', bytes: 5 } } });
  expect(await building).toEqual({ url: 'blob:zip', bytes: 5 });
  expect(reported).toEqual([5]);
});
