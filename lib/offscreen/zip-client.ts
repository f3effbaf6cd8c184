import type { EntryRequest, ZipBuilder } from '../downloads/zip-order';
import { AppError, asAppError, type Result } from '../errors';
import type { DownloadRequest } from '../trackers/types';
import { ensureOffscreenDocument, transfersRunHere } from './place';
import { offscreenMessages } from './protocol';
import { fromOffscreenDocument } from './senders';
import { hostAbortZip, hostBuildZip, hostDiscardZip } from './zip-host';

const progressListeners = new Map<string, (bytes: number) => void>();
const entryRequests = new Map<string, EntryRequest>();
let listening = false;

/** The messaging library allows one listener per message: one for all builds, dispatching by job. */
function listenToBuilds(): void {
  if (listening) return;
  listening = true;
  offscreenMessages.onMessage('zipProgress', ({ data, sender }) => {
    if (fromOffscreenDocument(sender)) progressListeners.get(data.jobId)?.(data.bytes);
  });
  offscreenMessages.onMessage('zipEntryRequest', async ({ data, sender }): Promise<Result<DownloadRequest>> => {
    const requestFor = entryRequests.get(data.jobId);
    if (!fromOffscreenDocument(sender) || !requestFor) return { ok: false, error: new AppError('forbidden').toJSON() };
    try {
      return { ok: true, value: await requestFor(data.index) };
    } catch (error) {
      return { ok: false, error: asAppError(error).toJSON() };
    }
  });
}

/**
 * The download queue's side. Chrome's service worker cannot make blob URLs, so the offscreen document builds the
 * ZIP; Firefox's background is a page that can, and builds it in place.
 */
export const zipBuilder: ZipBuilder = {
  async build(order, onProgress, requestFor) {
    if (transfersRunHere()) return hostBuildZip(order, onProgress, requestFor);
    await ensureOffscreenDocument();
    listenToBuilds();
    progressListeners.set(order.jobId, onProgress);
    entryRequests.set(order.jobId, requestFor);
    try {
      const result = await offscreenMessages.sendMessage('buildZip', order);
      if (!result.ok) throw new AppError(result.error.kind, result.error.details);
      return result.value;
    } finally {
      // A build of the job begun since (a retry while this one was being aborted) keeps its own.
      if (progressListeners.get(order.jobId) === onProgress) progressListeners.delete(order.jobId);
      if (entryRequests.get(order.jobId) === requestFor) entryRequests.delete(order.jobId);
    }
  },
  async abort(jobId) {
    if (transfersRunHere()) hostAbortZip(jobId);
    else await offscreenMessages.sendMessage('abortZip', jobId).catch(() => undefined);
  },
  async discard(jobId) {
    if (transfersRunHere()) await hostDiscardZip(jobId);
    else await offscreenMessages.sendMessage('discardZip', jobId).catch(() => undefined);
  },
};
