import browser from 'webextension-polyfill';
import { handleAttachmentMessages } from './handlers/attachments';
import { handleContextMenuMessages } from './handlers/context-menu';
import { handleDownloadMessages } from './handlers/downloads';
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
}
