import type { ZipBuilder } from '../downloads/zip-order';
import { AppError } from '../errors';
import { ensureOffscreenDocument, transfersRunHere } from './place';
import { offscreenMessages } from './protocol';
import { hostAbortZip, hostBuildZip, hostDiscardZip } from './zip-host';

const progressListeners = new Map<string, (bytes: number) => void>();
let listening = false;

/** The messaging library allows one listener per message: one for all builds, dispatching by job. */
function listenForProgress(): void {
  if (listening) return;
  listening = true;
  offscreenMessages.onMessage('zipProgress', ({ data }) => progressListeners.get(data.jobId)?.(data.bytes));
}

/**
 * The download queue's side. Chrome's service worker cannot make blob URLs, so the offscreen document builds the
 * ZIP; Firefox's background is a page that can, and builds it in place.
 */
export const zipBuilder: ZipBuilder = {
  async build(order, onProgress) {
    if (transfersRunHere()) return hostBuildZip(order, onProgress);
    await ensureOffscreenDocument();
    listenForProgress();
    progressListeners.set(order.jobId, onProgress);
    try {
      const result = await offscreenMessages.sendMessage('buildZip', order);
      if (!result.ok) throw new AppError(result.error.kind, result.error.details);
      return result.value;
    } finally {
      progressListeners.delete(order.jobId);
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
