import browser from 'webextension-polyfill';
import { AppError, asAppError } from '../errors';
import { abortUpload, runUploads } from '../uploads/runner';
import { offscreenMessages } from './protocol';
import { documentEnvironment } from './upload-environment';
import { hostAbortZip, hostBuildZip, hostDiscardZip } from './zip-host';

function fromOurWorker(sender: { id?: string; tab?: unknown }): boolean {
  return sender.id === browser.runtime.id && sender.tab === undefined;
}

/** The offscreen document's side: runs the upload queue and builds ZIPs as the worker asks, and reports back. */
export function serveTransfers(): void {
  offscreenMessages.onMessage('runUploads', ({ data, sender }) => {
    if (!fromOurWorker(sender)) return;
    // Reports are fire and forget: a worker that is gone hears of the queue from IndexedDB when it is back.
    const tell = (report: Promise<unknown>) => void report.catch(() => undefined);
    void runUploads(
      documentEnvironment(data, {
        batchFinished: (batchId) => tell(offscreenMessages.sendMessage('uploadBatchFinished', batchId)),
        progressed: (jobId, bytesSent) => tell(offscreenMessages.sendMessage('uploadProgress', { jobId, bytesSent })),
      }),
    );
  });
  offscreenMessages.onMessage('abortUpload', ({ data, sender }) => {
    if (fromOurWorker(sender)) abortUpload(data);
  });
  offscreenMessages.onMessage('buildZip', async ({ data: order, sender }) => {
    try {
      if (!fromOurWorker(sender)) throw new AppError('forbidden');
      const value = await hostBuildZip(order, (bytes) => {
        void offscreenMessages.sendMessage('zipProgress', { jobId: order.jobId, bytes }).catch(() => undefined);
      });
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: asAppError(error).toJSON() };
    }
  });
  offscreenMessages.onMessage('abortZip', ({ data: jobId, sender }) => {
    if (fromOurWorker(sender)) hostAbortZip(jobId);
  });
  offscreenMessages.onMessage('discardZip', async ({ data: jobId, sender }) => {
    if (fromOurWorker(sender)) await hostDiscardZip(jobId);
  });
}
