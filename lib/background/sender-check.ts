import { AppError } from '../errors';
import { parseTrackerHost } from '../trackers/pages';

export interface MessageSenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; incognito?: boolean };
}

/** Who we are, to tell our own pages from everything else. */
export interface SenderContext {
  extensionId: string;
  /** Which tracker's page host a page is on (every tracker's pages by default; a test registry's in tests). */
  readPageHost?: (href: string) => Shown | undefined;
  /** `chrome-extension://<id>/` */
  extensionOrigin: string;
}

type Shown = { tracker: string; host: string };

function sameTrackerHost(a: Shown, b: Shown): boolean {
  return a.tracker === b.tracker && a.host === b.host;
}

export function isExtensionPage(context: SenderContext, sender: MessageSenderLike): boolean {
  return sender.id === context.extensionId && (sender.url?.startsWith(context.extensionOrigin) ?? false);
}

/**
 * May this sender ask about this task? Our own extension pages may ask about any task; a content script only
 * about tasks of the tracker and host its page is on (so a compromised tracker page cannot reach another
 * tracker's data). Not by what the page shows: after single-page navigation (a hash change, `pushState`) the
 * browser may still report the page's earlier address (an inbox) when the message arrives.
 */
export function senderMayAsk(context: SenderContext, sender: MessageSenderLike, task: Shown): boolean {
  if (sender.id !== context.extensionId || !sender.url) return false;
  if (isExtensionPage(context, sender)) return true;
  const shown = (context.readPageHost ?? parseTrackerHost)(sender.url);
  return shown !== undefined && sameTrackerHost(shown, task);
}

export function requireTaskSender(context: SenderContext, sender: MessageSenderLike, task: Shown): void {
  if (!senderMayAsk(context, sender, task)) {
    throw new AppError('forbidden', { detail: 'this page may not ask about that task' });
  }
}

/** Our content scripts (on any page they run in) and our extension pages: nothing of another extension's. */
export function requireOwnContext(context: SenderContext, sender: MessageSenderLike): void {
  if (sender.id !== context.extensionId) {
    throw new AppError('forbidden', { detail: 'only the extension may ask this' });
  }
}

export function requireExtensionPage(context: SenderContext, sender: MessageSenderLike): void {
  if (!isExtensionPage(context, sender)) {
    throw new AppError('forbidden', { detail: 'only the extension pages may ask this' });
  }
}
