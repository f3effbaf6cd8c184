import type browser from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';

type Sender = browser.Runtime.MessageSender;
type Reply = (answer: unknown) => void;

/**
 * The callback-style `chrome.runtime` that @webext-core/messaging calls, over WXT's promise-based fake: stub it as
 * `chrome` (`vi.stubGlobal('chrome', { runtime: chromeRuntime })`) and deliver messages with
 * `fakeBrowser.runtime.onMessage.trigger(message, sender)`.
 */
export const chromeRuntime = {
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

/** A message as @webext-core/messaging sends it. */
export function libraryMessage(type: string, data?: unknown): unknown {
  return { id: 1, type, data, timestamp: Date.now() };
}
