import type { EntryRequest, ZipOrder } from '../downloads/zip-order';
import { AppError } from '../errors';
import type { ZipWorkerReply, ZipWorkerRequest } from './zip-file-protocol';
import ZipWorker from './zip-file-worker?worker';
import { claimZipFile, releaseZipFile, sweepZipFiles, zipFolder, zipFolderName } from './zip-files';
import { sendEntries } from './zip-send';

/**
 * Runs one build on two threads: this one fetches the entries (zip-send.ts) and a worker of its own writes the ZIP
 * (zip-file-worker.ts), the pieces going between them over a channel. Rejects with the worker's AppError.
 */
function inWorker(
  order: ZipOrder,
  request: ZipWorkerRequest,
  onBytes: (total: number) => void,
  signal: AbortSignal,
  requestFor: EntryRequest,
): Promise<void> {
  const worker = new ZipWorker();
  const pieces = new MessageChannel();
  const fetching = new AbortController();
  const abort = () => worker.postMessage({ kind: 'abort' } satisfies ZipWorkerRequest);
  return new Promise<void>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ZipWorkerReply>) => {
      const reply = event.data;
      if (reply.kind === 'progress') onBytes(reply.bytes);
      else if (reply.kind === 'built') resolve();
      else reject(new AppError(reply.error.kind, reply.error.details));
    };
    worker.onerror = (event) => reject(new AppError('unexpected', { detail: event.message }));
    signal.addEventListener('abort', abort, { once: true });
    worker.postMessage(request, [pieces.port2]);
    void sendEntries(order, pieces.port1, AbortSignal.any([signal, fetching.signal]), requestFor);
  }).finally(() => {
    signal.removeEventListener('abort', abort);
    fetching.abort();
    pieces.port1.close();
    worker.terminate();
  });
}

/**
 * Builds the ZIP into a file of the origin-private file system: the entries fetched here, written by a dedicated
 * worker (zip-file-worker.ts). Memory stays at the read-ahead's few MiB whatever the ZIP's size; the result
 * is a disk-backed File the downloads API can take as a blob URL. A failed or cancelled build leaves no file.
 */
export async function buildZipFile(
  order: ZipOrder,
  onBytes: (total: number) => void,
  signal: AbortSignal,
  requestFor: EntryRequest,
): Promise<File> {
  const name = claimZipFile(order.jobId);
  const folder = await zipFolder();
  await sweepZipFiles(folder);
  try {
    if (signal.aborted) throw new AppError('cancelled');
    await inWorker(order, { kind: 'build', folder: zipFolderName, name }, onBytes, signal, requestFor);
  } catch (error) {
    releaseZipFile(order.jobId, name);
    throw error;
  }
  return (await folder.getFileHandle(name)).getFile();
}
