import { createMD5 } from 'hash-wasm';

const pieceSize = 1024 * 1024;

/**
 * A Blob's bytes in pieces, read into one reused buffer where the stream is a byte stream (Chromium's is). Reading
 * slices as new ArrayBuffers instead left garbage faster than it was collected: hashing 1 GiB beside an upload grew
 * the browser's memory by some 500 MiB, and took longer.
 */
async function* piecesOf(blob: Blob): AsyncGenerator<Uint8Array> {
  const stream = blob.stream();
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: each piece comes in a buffer of the stream's own.
    yield* stream;
    return;
  }
  try {
    let buffer = new ArrayBuffer(pieceSize);
    for (;;) {
      const { done, value } = await byob.read(new Uint8Array(buffer));
      if (done || !value) return;
      yield value;
      buffer = value.buffer;
    }
  } finally {
    await byob.cancel().catch(() => undefined);
  }
}

/** MD5 of a Blob, read piece by piece so a disk-backed file never sits whole in memory. */
export async function blobMd5(blob: Blob, signal?: AbortSignal): Promise<string> {
  const md5 = await createMD5();
  md5.init();
  for await (const piece of piecesOf(blob)) {
    signal?.throwIfAborted();
    md5.update(piece);
  }
  signal?.throwIfAborted();
  return md5.digest('hex');
}
