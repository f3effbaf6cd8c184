import browser from 'webextension-polyfill';
import { offscreenDocumentUrl } from './place';

interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
}

/**
 * A message from the offscreen document: not from a tab (content scripts, the bridge frame) nor from another page of
 * the extension (the popup, options), which must not be told credentials or a file's request.
 */
export function fromOffscreenDocument(sender: Sender): boolean {
  return sender.id === browser.runtime.id && sender.tab === undefined && sender.url === offscreenDocumentUrl();
}

/** A message from the extension itself and not from a tab (the worker's, as the offscreen document hears it). */
export function fromOurWorker(sender: Sender): boolean {
  return sender.id === browser.runtime.id && sender.tab === undefined;
}
