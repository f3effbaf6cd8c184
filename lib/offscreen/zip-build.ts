import { makeZip } from 'client-zip';
import type { ZipOrder } from '../downloads/zip-order';
import { AppError } from '../errors';
import { fetchEntry } from './zip-fetch-entry';

const folderName = 'trackerdrop-zips';

async function zipFolder(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle(folderName, { create: true });
}

/** Counts bytes as they pass, for progress. */
function counting(onBytes: (bytes: number) => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      onBytes(chunk.byteLength);
      controller.enqueue(chunk);
    },
  });
}

/**
 * Streams every entry, fetched one after another, through client-zip (store-only, ZIP64 when needed) into a file
 * in the origin-private file system. Memory stays at a few chunks whatever the ZIP's size; the result is a
 * disk-backed File the downloads API can take as a blob URL.
 */
export async function buildZipFile(
  order: ZipOrder,
  onBytes: (total: number) => void,
  signal: AbortSignal,
): Promise<File> {
  let fetched = 0;
  async function* inputs() {
    for (const entry of order.entries) {
      const body = await fetchEntry(order.tracker, entry, signal);
      yield {
        name: entry.path,
        lastModified: new Date(),
        input: body.pipeThrough(
          counting((bytes) => {
            fetched += bytes;
            onBytes(fetched);
          }),
        ),
      };
    }
  }
  const handle = await (await zipFolder()).getFileHandle(`${order.jobId}.zip`, { create: true });
  const writable = await handle.createWritable();
  try {
    await makeZip(inputs(), { buffersAreUTF8: true }).pipeTo(writable, { signal });
  } catch (error) {
    await discardZipFile(order.jobId);
    if (signal.aborted) throw new AppError('cancelled');
    throw error instanceof AppError ? error : new AppError('network', { detail: String(error) });
  }
  return handle.getFile();
}

export async function discardZipFile(jobId: string): Promise<void> {
  await (await zipFolder()).removeEntry(`${jobId}.zip`).catch(() => undefined);
}
