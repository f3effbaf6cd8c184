import type { EntryRequest, ZipEntry, ZipOrder } from '../downloads/zip-order';
import { AppError } from '../errors';
import { startSpacing } from '../http/limiter';
import { openDownload } from '../http/open-download';
import { downloadFailureOf } from '../trackers/download-failures';
import { BufferPool } from './buffer-pool';
import { Wakeup } from './wakeup';
import type { PieceMessage, ReturnedBuffer } from './zip-pieces-protocol';
import { readAhead, type Scratch } from './zip-read-ahead';

/** How much of each entry after the one being written may wait in memory: small files whole, a start of large ones. */
const bytesAheadPerEntry = 4 * 1024 * 1024;
/** The memory the entry being written is read into, again and again. */
const scratchBytes = 1024 * 1024;
/** Each piece sent: filled up to this before it goes, so a 306 MiB ZIP is some 300 messages, not thousands. */
const pieceBytes = 1024 * 1024;
/** Pieces on their way or waiting to be written, at most: the memory between the two sides stays this small. */
const piecesOut = 8;

/** Buffers that travel to the writing side and come back; `take` waits while all of them are out. */
class TravellingBuffers {
  private readonly pool = new BufferPool(pieceBytes);
  private readonly returned: Wakeup;
  private out = 0;

  constructor(
    port: MessagePort,
    private readonly signal: AbortSignal,
  ) {
    this.returned = new Wakeup(signal);
    port.onmessage = (event: MessageEvent<ReturnedBuffer>) => {
      if (event.data.kind !== 'buffer' || event.data.buffer.byteLength !== pieceBytes) return;
      this.pool.give(event.data.buffer);
      this.out--;
      this.returned.ring();
    };
  }

  async take(): Promise<Uint8Array<ArrayBuffer>> {
    while (this.out >= piecesOut && !this.signal.aborted) await this.returned.next();
    this.signal.throwIfAborted();
    this.out++;
    return new Uint8Array(this.pool.take());
  }
}

/**
 * The fetching half of a ZIP: the order's entries fetched several at a time (readAhead) and sent over `port` in
 * their order, each piece in a buffer that moves to the writing side (zip-receive.ts) and comes back once written.
 * The two halves run on two threads, so client-zip's CRC-32 (plain JavaScript, 465 MB/s on one core here, its own
 * README's bottleneck) no longer holds up the reading: on one thread a 306 MiB ZIP took 1.73 times what fetching
 * the files alone took, and 1.01 times with its CRC left out (an experiment). A failure is sent, never thrown: the
 * entry's own (an HTTP error names the file), `network` naming the entry whose bytes stopped coming, `cancelled`.
 */
export async function sendEntries(
  order: ZipOrder,
  port: MessagePort,
  signal: AbortSignal,
  requestFor: EntryRequest,
): Promise<void> {
  const send = (message: PieceMessage, transfer: Transferable[] = []) => port.postMessage(message, transfer);
  const buffers = new TravellingBuffers(port, signal);
  const scratch: Scratch = { view: new Uint8Array(new ArrayBuffer(scratchBytes)) };
  let entryUnderWay = '';
  const failure = downloadFailureOf(order.tracker);
  try {
    const entries = readAhead<ZipEntry & { index: number }>(
      order.entries.map((entry, index) => ({ ...entry, index })),
      async (entry, either) => openDownload(order.tracker, await requestFor(entry.index), entry.path, either, failure),
      {
        parallel: order.parallel,
        bytesAhead: bytesAheadPerEntry,
        sizeOf: (entry) => entry.size,
        signal,
        // Shared by every ZIP of the tracker built here: two at once keep its rate together.
        startSpacing: startSpacing(order.tracker, order.minIntervalMs),
      },
    );
    for await (const entry of entries) {
      entryUnderWay = entry.item.path;
      send({ kind: 'entry', path: entry.item.path, modified: entry.item.modified });
      let piece: Uint8Array<ArrayBuffer> | undefined;
      let filled = 0;
      for await (const read of entry.pieces(scratch)) {
        for (let at = 0; at < read.length; ) {
          piece ??= await buffers.take();
          const length = Math.min(read.length - at, piece.length - filled);
          piece.set(read.subarray(at, at + length), filled);
          filled += length;
          at += length;
          if (filled === piece.length) {
            send({ kind: 'piece', bytes: piece }, [piece.buffer]);
            piece = undefined;
            filled = 0;
          }
        }
      }
      if (piece) send({ kind: 'piece', bytes: piece.subarray(0, filled) }, [piece.buffer]);
    }
    send({ kind: 'end' });
  } catch (error) {
    const failure = signal.aborted
      ? new AppError('cancelled')
      : error instanceof AppError
        ? error
        : new AppError('network', { tracker: order.tracker, detail: `${entryUnderWay}: ${String(error)}` });
    send({ kind: 'failed', error: failure.toJSON() });
  }
}
