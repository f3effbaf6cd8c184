import type { EntryRequest, ZipOrder } from '../downloads/zip-order';
import { AppError } from '../errors';
import type { ZipWorkerReply, ZipWorkerRequest } from './zip-file-protocol';
import ZipWorker from './zip-file-worker?worker';
import { sendEntries } from './zip-send';

const folderName = 'trackerdrop-zips';
/** The file of each build under way, by job: a second build of a job never opens the file of the first. */
const filesInUse = new Map<string, string>();
let buildCount = 0;

async function zipFolder(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(folderName, { create: true });
}

/** Files left by builds that are no longer under way (a closed browser, a build replaced by another). */
async function sweep(folder: FileSystemDirectoryHandle): Promise<void> {
  const inUse = new Set(filesInUse.values());
  for await (const name of folder.keys()) {
    if (!inUse.has(name)) await folder.removeEntry(name).catch(() => undefined);
  }
}

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
  const name = `${order.jobId}.${++buildCount}.zip`;
  filesInUse.set(order.jobId, name);
  const folder = await zipFolder();
  await sweep(folder);
  try {
    if (signal.aborted) throw new AppError('cancelled');
    await inWorker(order, { kind: 'build', folder: folderName, name }, onBytes, signal, requestFor);
  } catch (error) {
    if (filesInUse.get(order.jobId) === name) filesInUse.delete(order.jobId);
    throw error;
  }
  return (await folder.getFileHandle(name)).getFile();
}

/** The browser has the ZIP (or gave up on it): its file goes. */
export async function discardZipFile(jobId: string): Promise<void> {
  const name = filesInUse.get(jobId);
  if (!name) return;
  filesInUse.delete(jobId);
  await (await zipFolder()).removeEntry(name).catch(() => undefined);
}
