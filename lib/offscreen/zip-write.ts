import { makeZip } from 'client-zip';
import type { ZipEntry, ZipOrder } from '../downloads/zip-order';
import { AppError } from '../errors';
import { openDownload } from '../http/open-download';
import { PiecePool } from './piece-pool';
import { type FetchedEntry, readAhead, type Scratch } from './zip-read-ahead';

/** How much of each entry after the one being written may wait in memory: small files whole, a start of large ones. */
const bytesAheadPerEntry = 4 * 1024 * 1024;
/** The memory the entry being written is read into, again and again. */
const scratchBytes = 1024 * 1024;

/**
 * An entry's bytes as client-zip takes them. Each piece is copied out: the read-ahead reads into the same memory
 * again as soon as the next piece is asked for, and client-zip's stream may ask before the last one is written.
 */
async function* copiedPieces(
  entry: FetchedEntry<ZipEntry>,
  scratch: Scratch,
  pool: PiecePool,
  onBytes: (bytes: number) => void,
) {
  for await (const piece of entry.pieces(scratch)) {
    onBytes(piece.length);
    yield pool.copy(piece);
  }
}

/**
 * Writes the order's ZIP front to back through `write`: entries fetched several at a time (readAhead) and written in
 * their order by client-zip (stored, ZIP64 where needed). Its CRC-32 is plain JavaScript, its bottleneck by its own
 * README: 465 MB/s on one core here. Fails with an AppError: the entry's own (an HTTP error names the file),
 * `network` naming the entry whose bytes stopped coming, or `cancelled`. The bytes given to `write` are valid during
 * the call only: their memory is reused.
 */
export async function writeZip(
  order: ZipOrder,
  write: (bytes: Uint8Array) => void,
  signal: AbortSignal,
  onBytes: (total: number) => void,
): Promise<void> {
  const scratch: Scratch = { view: new Uint8Array(new ArrayBuffer(scratchBytes)) };
  const pool = new PiecePool(Math.max(scratchBytes, bytesAheadPerEntry));
  const entries = readAhead(
    order.entries,
    (entry, either) => openDownload(order.tracker, entry.request, entry.path, either),
    {
      parallel: order.parallel,
      bytesAhead: bytesAheadPerEntry,
      sizeOf: (entry) => entry.size,
      signal,
    },
  );
  let total = 0;
  let entryUnderWay = '';
  async function* inputs() {
    for await (const entry of entries) {
      entryUnderWay = entry.item.path;
      const input = copiedPieces(entry, scratch, pool, (bytes) => {
        total += bytes;
        onBytes(total);
      });
      yield { name: entry.item.path, lastModified: new Date(entry.item.modified), input };
    }
  }
  const zip = makeZip(inputs(), { buffersAreUTF8: true }).getReader();
  try {
    for (let next = await zip.read(); !next.done; next = await zip.read()) {
      write(next.value);
      pool.giveBack(next.value);
    }
  } catch (error) {
    await zip.cancel().catch(() => undefined);
    if (signal.aborted) throw new AppError('cancelled');
    if (error instanceof AppError) throw error;
    throw new AppError('network', { tracker: order.tracker, detail: `${entryUnderWay}: ${String(error)}` });
  }
}
