import { createMD5 } from 'hash-wasm';

const pieceSize = 1024 * 1024;
const sliceSize = 4 * 1024 * 1024;
/**
 * Chromium's byte stream of a Blob sometimes stopped delivering for good: in the offscreen document, hashing a
 * 256 MiB queued file beside its upload, a read never settled in 3 of 5 bench runs of 12 files (at 0 and at
 * 55 MiB), and the job never finished. Holding the reader while it reads ended that (4 runs clean), and so did racing
 * each read against a timer, which also holds it (9 runs clean; the timer never fired): a pending read that nothing
 * held was, it seems, collected. Both stay; should a read still bring nothing for this long, the rest is read as
 * slices, which never stalled.
 */
const defaultStallMs = 3000;
const readersInUse = new Set<ReadableStreamBYOBReader>();

export interface Md5Options {
  signal?: AbortSignal;
  stallMs?: number;
}

function withinTime<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * A Blob's bytes in pieces, read into one reused buffer where the stream is a byte stream (Chromium's is). Reading
 * slices as new ArrayBuffers instead left garbage faster than it was collected: hashing 1 GiB beside an upload grew
 * the browser's memory by some 500 MiB, and took longer.
 */
async function* piecesOf(blob: Blob, stallMs: number): AsyncGenerator<Uint8Array> {
  const stream = blob.stream();
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: each piece comes in a buffer of the stream's own.
    yield* stream;
    return;
  }
  let offset = 0;
  readersInUse.add(byob);
  try {
    let buffer = new ArrayBuffer(pieceSize);
    for (;;) {
      const read = await withinTime(byob.read(new Uint8Array(buffer)), stallMs);
      if (!read) break;
      if (read.done || !read.value) return;
      offset += read.value.byteLength;
      yield read.value;
      buffer = read.value.buffer;
    }
  } finally {
    readersInUse.delete(byob);
    // Not awaited: a stalled stream may not answer a cancel either.
    void byob.cancel().catch(() => undefined);
  }
  for (; offset < blob.size; offset += sliceSize) {
    yield new Uint8Array(await blob.slice(offset, offset + sliceSize).arrayBuffer());
  }
}

/**
 * Lets the thread's waiting tasks run. A Blob's bytes already read ahead come back as microtasks, so hashing them
 * one after another held off everything else: beside a first upload, the second upload's start waited 0.4–1.1 s
 * (IndexedDB events, the request itself) in the bench.
 */
function letTasksRun(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/** MD5 of a Blob, read piece by piece so a disk-backed file never sits whole in memory. */
export async function blobMd5(blob: Blob, options: Md5Options = {}): Promise<string> {
  const md5 = await createMD5();
  md5.init();
  for await (const piece of piecesOf(blob, options.stallMs ?? defaultStallMs)) {
    options.signal?.throwIfAborted();
    md5.update(piece);
    await letTasksRun();
  }
  options.signal?.throwIfAborted();
  return md5.digest('hex');
}
