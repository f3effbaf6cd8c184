import browser from 'webextension-polyfill';

const offscreenPath = 'offscreen.html';
let creating: Promise<void> | undefined;

/** The offscreen document's address, as its messages' sender has it. */
export function offscreenDocumentUrl(): string {
  return browser.runtime.getURL(`/${offscreenPath}`);
}

/** Chrome allows one offscreen document per extension: reuse it, create it once even when asked twice at once. */
export async function ensureOffscreenDocument(): Promise<void> {
  // Firefox has no offscreen documents: its build leaves this out altogether.
  if (import.meta.env.FIREFOX) return;
  const url = offscreenDocumentUrl();
  const existing = await chrome.runtime.getContexts({
    contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
    documentUrls: [url],
  });
  if (existing.length > 0) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: offscreenPath,
      reasons: [chrome.offscreen.Reason.BLOBS],
      justification: 'Uploads and ZIP files run here so they outlive the service worker.',
    })
    .finally(() => {
      creating = undefined;
    });
  await creating;
}

/**
 * Where transfers (uploads, ZIPs) run: in Chromium an offscreen document, which outlives the service worker; in
 * Firefox the background page itself, which is a document already.
 */
export function transfersRunHere(): boolean {
  return import.meta.env.FIREFOX || typeof chrome === 'undefined' || chrome.offscreen === undefined;
}
