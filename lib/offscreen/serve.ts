import { AppError, asAppError } from '../errors';
import { memoryMemo } from '../settings/memory-memo';
import { abortUpload, type FinishedBatch, runUploads } from '../uploads/runner';
import { offscreenMessages } from './protocol';
import { fromOurWorker } from './senders';
import { documentEnvironment } from './upload-environment';
import { hostAbortZip, hostBuildZip, hostDiscardZip } from './zip-host';

// Reports are fire and forget: a worker that is gone hears of the queue from IndexedDB when it is back.
const tell = (report: Promise<unknown>) => void report.catch(() => undefined);

/** The clients' sessions: the worker's to start with; one renewed here goes back to the worker's storage. */
const memo = memoryMemo((key, value) => tell(offscreenMessages.sendMessage('memoChanged', { key, value })));

const report = {
  batchFinished: (batch: FinishedBatch) => tell(offscreenMessages.sendMessage('uploadBatchFinished', batch)),
  progressed: (jobId: string, bytesSent: number) =>
    tell(offscreenMessages.sendMessage('uploadProgress', { jobId, bytesSent })),
};

/** Runs the upload queue with the credentials the worker gives this document alone. */
async function runWithWorkersSetup(): Promise<void> {
  const setup = await offscreenMessages.sendMessage('runnerSetup');
  memo.seed(setup.memo);
  void runUploads(documentEnvironment(setup, report, memo));
}

/** The offscreen document's side: runs the upload queue and builds ZIPs as the worker asks, and reports back. */
export function serveTransfers(): void {
  offscreenMessages.onMessage('runUploads', ({ sender }) => {
    if (fromOurWorker(sender)) tell(runWithWorkersSetup());
  });
  offscreenMessages.onMessage('abortUpload', ({ data, sender }) => {
    if (fromOurWorker(sender)) abortUpload(data);
  });
  offscreenMessages.onMessage('buildZip', async ({ data: order, sender }) => {
    try {
      if (!fromOurWorker(sender)) throw new AppError('forbidden');
      const value = await hostBuildZip(
        order,
        (bytes) => {
          void offscreenMessages.sendMessage('zipProgress', { jobId: order.jobId, bytes }).catch(() => undefined);
        },
        async (index) => {
          const answer = await offscreenMessages.sendMessage('zipEntryRequest', { jobId: order.jobId, index });
          if (!answer.ok) throw new AppError(answer.error.kind, answer.error.details);
          return answer.value;
        },
      );
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
