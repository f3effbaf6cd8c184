import { AppError } from '../errors';
import { ensureOffscreenDocument, hasOffscreenDocuments } from '../uploads/offscreen-document';
import { hostAbortZip, hostBuildZip, hostDiscardZip } from './builder-host';
import { type ZipOrder, zipMessages } from './protocol';

/**
 * The download runner's side. Chrome's service worker cannot make blob URLs, so the offscreen document builds the
 * ZIP; Firefox's background is a page that can, and builds it in place.
 */
export async function buildZipUrl(
  order: ZipOrder,
  onProgress: (bytes: number) => void,
): Promise<{ url: string; bytes: number }> {
  if (!hasOffscreenDocuments()) return hostBuildZip(order, onProgress);
  await ensureOffscreenDocument();
  listenForProgress();
  progressListeners.set(order.jobId, onProgress);
  try {
    const result = await zipMessages.sendMessage('buildZip', order);
    if (!result.ok) throw new AppError(result.error.kind, result.error.details);
    return result.value;
  } finally {
    progressListeners.delete(order.jobId);
  }
}

const progressListeners = new Map<string, (bytes: number) => void>();
let listening = false;

/** The messaging library allows one listener per message: one for all builds, dispatching by job. */
function listenForProgress(): void {
  if (listening) return;
  listening = true;
  zipMessages.onMessage('zipProgress', ({ data }) => progressListeners.get(data.jobId)?.(data.bytes));
}

export async function abortZip(jobId: string): Promise<void> {
  if (!hasOffscreenDocuments()) hostAbortZip(jobId);
  else await zipMessages.sendMessage('abortZip', jobId).catch(() => undefined);
}

export async function discardZip(jobId: string): Promise<void> {
  if (!hasOffscreenDocuments()) await hostDiscardZip(jobId);
  else await zipMessages.sendMessage('discardZip', jobId).catch(() => undefined);
}
