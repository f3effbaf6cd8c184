import { makeZip } from 'client-zip';
import { AppError } from '../errors';
import type { ReceivedEntry } from './zip-receive';

/**
 * Writes the entries' ZIP front to back through `write`, in their order, by client-zip (stored, ZIP64 where needed;
 * its CRC-32 is what costs here, which is why the fetching runs on another thread: zip-send.ts). Each entry's
 * pieces go into the ZIP as they are; once written, `written` gets each one back. Fails with the AppError its
 * entries fail with, or `unexpected`.
 */
export async function writeZip(
  entries: AsyncIterable<ReceivedEntry>,
  write: (bytes: Uint8Array) => void,
  written: (bytes: Uint8Array) => void,
  onBytes: (total: number) => void,
): Promise<void> {
  let total = 0;
  async function* counted(pieces: AsyncIterable<Uint8Array>) {
    for await (const piece of pieces) {
      total += piece.length;
      onBytes(total);
      yield piece;
    }
  }
  async function* inputs() {
    for await (const entry of entries) {
      yield { name: entry.path, lastModified: new Date(entry.modified), input: counted(entry.pieces) };
    }
  }
  const zip = makeZip(inputs(), { buffersAreUTF8: true }).getReader();
  try {
    for (let next = await zip.read(); !next.done; next = await zip.read()) {
      write(next.value);
      written(next.value);
    }
  } catch (error) {
    await zip.cancel().catch(() => undefined);
    if (error instanceof AppError) throw error;
    throw new AppError('unexpected', { detail: String(error) });
  }
}
