import { createMD5 } from 'hash-wasm';

const sliceSize = 4 * 1024 * 1024;

/** MD5 of a Blob, read slice by slice so a disk-backed file never sits whole in memory. */
export async function blobMd5(blob: Blob, signal?: AbortSignal): Promise<string> {
  const md5 = await createMD5();
  md5.init();
  for (let offset = 0; offset < blob.size; offset += sliceSize) {
    signal?.throwIfAborted();
    md5.update(new Uint8Array(await blob.slice(offset, offset + sliceSize).arrayBuffer()));
  }
  return md5.digest('hex');
}
