import { type BufferReader, bufferReader } from '../files/buffer-reader';
import { type Limiter, spacedStart } from '../http/limiter';
import { BufferPool } from './buffer-pool';

export interface ReadAhead<T> {
  /** How many entries are fetched at once, the one being written included. */
  parallel: number;
  /** How much of each entry after the one being written may wait in memory. */
  bytesAhead: number;
  /**
   * An entry's size as listed. One larger than `bytesAhead` is opened before its turn only while no other such entry
   * waits: Chromium keeps reading a fetched body nobody asks for into the process's memory (about 64 MiB each here),
   * so three large entries waiting held 200 MiB more while a 5 GiB ZIP was written than while a 306 MiB one was.
   */
  sizeOf(item: T): number;
  signal: AbortSignal;
  /**
   * Spaces the starts of `open` (a tracker's request rate: PlanFix allows one API call a second, and an entry's
   * request is one); the bodies still come in together. Without it the entries open at once.
   */
  startSpacing?: Limiter;
}

/** Memory the caller reuses for every read (see BufferReader: a read may move it to a new ArrayBuffer object). */
export interface Scratch {
  view: Uint8Array<ArrayBuffer>;
}

/** One entry, opened: its bytes in order, the first of them read while earlier entries were written. */
export interface FetchedEntry<T> {
  item: T;
  /** Each piece is valid until the next one is asked for: the memory is read into again. */
  pieces(scratch: Scratch): AsyncGenerator<Uint8Array>;
}

/** An entry whose body is read into its stash until the stash is full or the entry's turn comes. */
function entryReading<T>(item: T, reader: BufferReader, pool: BufferPool): FetchedEntry<T> {
  let stash = new Uint8Array(pool.take());
  let filled = 0;
  let ended = false;
  let turnCame = false;
  const readingAhead = (async () => {
    while (!turnCame && !ended && filled < stash.length) {
      const { bytes, done } = await reader.read(stash.subarray(filled));
      stash = new Uint8Array(bytes.buffer);
      filled += bytes.length;
      ended = done;
    }
  })();
  // A failure is seen when the entry's turn comes.
  readingAhead.catch(() => undefined);
  return {
    item,
    async *pieces(scratch) {
      turnCame = true;
      try {
        await readingAhead;
        if (filled > 0) yield stash.subarray(0, filled);
      } finally {
        pool.give(stash.buffer);
      }
      while (!ended) {
        const { bytes, done } = await reader.read(scratch.view);
        scratch.view = new Uint8Array(bytes.buffer);
        ended = done;
        if (bytes.length > 0) yield bytes;
      }
    },
  };
}

/**
 * Opens several entries at once and hands them on in their order. The entry being written is read straight into
 * the caller's scratch memory; the next ones are read into stashes of `bytesAhead` bytes and then wait (the browser
 * reads on into memory of its own, which is why only one large entry waits at a time). Our memory is
 * `parallel × bytesAhead`, allocated once, whatever the sizes; small files, which cost a round trip each, arrive
 * while a larger one is written. A failed entry fails when its turn comes; whatever is left open when the caller
 * stops early is aborted.
 */
export async function* readAhead<T>(
  items: readonly T[],
  open: (item: T, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>,
  { parallel, bytesAhead, sizeOf, signal, startSpacing }: ReadAhead<T>,
): AsyncGenerator<FetchedEntry<T>> {
  const width = Math.max(1, parallel);
  // The read-ahead memory: one stash per entry open, allocated once for the whole ZIP.
  const pool = new BufferPool(bytesAhead, width);
  const stop = new AbortController();
  const either = AbortSignal.any([signal, stop.signal]);
  const opened: Promise<FetchedEntry<T>>[] = [];
  const isLarge = (index: number) => sizeOf(items[index] as T) > bytesAhead;
  const opening = (item: T) => spacedStart(startSpacing, either, () => open(item, either));
  const openFrom = (turn: number) => {
    for (let index = opened.length; index < Math.min(turn + width, items.length); index++) {
      if (index > turn && isLarge(index) && opened.some((_entry, open) => open > turn && isLarge(open))) return;
      const item = items[index] as T;
      const entry = opening(item).then((body) => entryReading(item, bufferReader(body), pool));
      // Seen when its turn comes; until then a failure must not count as unhandled.
      entry.catch(() => undefined);
      opened.push(entry);
    }
  };
  try {
    for (let index = 0; index < items.length; index++) {
      openFrom(index);
      yield await (opened[index] as Promise<FetchedEntry<T>>);
    }
  } finally {
    stop.abort();
  }
}
