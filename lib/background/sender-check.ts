import { parseTaskUrl } from '../trackers/pages';
import type { TaskRef } from '../trackers/types';

export interface MessageSenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

function sameTask(a: TaskRef, b: TaskRef): boolean {
  return a.tracker === b.tracker && a.kind === b.kind && a.id === b.id && a.host === b.host;
}

/**
 * May this sender ask about this task? Our own extension pages may ask about any task; a content script only
 * about the task its own page shows (so a compromised tracker page cannot reach another tracker's data).
 */
export function senderMayAsk(
  sender: MessageSenderLike,
  task: TaskRef,
  extensionId: string,
  extensionOrigin: string,
): boolean {
  if (sender.id !== extensionId || !sender.url) return false;
  if (sender.url.startsWith(extensionOrigin)) return true;
  const shown = parseTaskUrl(sender.url);
  return shown !== undefined && sameTask(shown, task);
}
