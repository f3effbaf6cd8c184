import browser from 'webextension-polyfill';
import { uploadMessages } from './protocol';
import { abortUpload, runUploads } from './runner';
import { documentEnvironment } from './runner-host';

function fromOurWorker(sender: { id?: string; tab?: unknown }): boolean {
  return sender.id === browser.runtime.id && sender.tab === undefined;
}

/** The offscreen document's side of the upload queue: runs it with what the worker sends, and reports back. */
export function serveUploadRunner(): void {
  uploadMessages.onMessage('runUploads', ({ data, sender }) => {
    if (!fromOurWorker(sender)) return;
    void runUploads(
      documentEnvironment(data, (batchId) => {
        void uploadMessages.sendMessage('uploadBatchFinished', batchId).catch(() => undefined);
      }),
    );
  });
  uploadMessages.onMessage('abortUpload', ({ data, sender }) => {
    if (fromOurWorker(sender)) abortUpload(data);
  });
}
