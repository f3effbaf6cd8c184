import browser from 'webextension-polyfill';
import { handleAttachmentMessages } from './handlers/attachments';
import { handleConnectionMessages } from './handlers/connection';
import { handleContextMenuMessages } from './handlers/context-menu';
import { handleDownloadMessages } from './handlers/downloads';
import { handleQueueMessages } from './handlers/queue';
import { handleTransferMessages } from './handlers/transfers';
import { handleUploadMessages } from './handlers/uploads';
import type { SenderContext } from './sender-check';

/** Answers messages from content scripts and extension pages; each handler checks who asks and what. */
export function registerMessageHandlers(): void {
  const context: SenderContext = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
  handleAttachmentMessages(context);
  handleDownloadMessages(context);
  handleTransferMessages(context);
  handleUploadMessages(context);
  handleContextMenuMessages(context);
  handleConnectionMessages(context);
  handleQueueMessages(context);
}
