import browser from 'webextension-polyfill';

/**
 * Chromium stops an extension's worker after 30 s without an event or an extension API call, a fetch under way or
 * not; a file fetched for a menu click may take longer. Chrome's documented remedy ("Keep a service worker alive
 * until a long-running operation is finished", developer.chrome.com, extension service worker lifecycle): call a
 * trivial API now and then until the work is done.
 */
const nudgeEveryMs = 25_000;

export async function keptAwake<T>(work: () => Promise<T>): Promise<T> {
  const nudge = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), nudgeEveryMs);
  try {
    return await work();
  } finally {
    clearInterval(nudge);
  }
}
