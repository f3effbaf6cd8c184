export interface ReadAhead {
  /** How many entries are fetched at once, the one being written included. */
  parallel: number;
  /** How much of each entry after the one being written may wait in memory. */
  bytesAhead: number;
  signal: AbortSignal;
}

/** One entry, opened: its bytes in order, the first of them read while earlier entries were written. */
export interface FetchedEntry<T> {
  item: T;
  /** The body's own chunks, in order: nothing is copied on the way to the ZIP. */
  pieces(): AsyncGenerator<Uint8Array>;
}

/** An entry whose body is read ahead until `bytesAhead` bytes wait or the entry's turn comes. */
function entryReading<T>(item: T, body: ReadableStream<Uint8Array>, bytesAhead: number): FetchedEntry<T> {
  const reader = body.getReader();
  const waiting: Uint8Array[] = [];
  let waitingBytes = 0;
  let ended = false;
  let turnCame = false;
  const readingAhead = (async () => {
    while (!turnCame && !ended && waitingBytes < bytesAhead) {
      const { value, done } = await reader.read();
      if (done) ended = true;
      else {
        waiting.push(value);
        waitingBytes += value.length;
      }
    }
  })();
  // A failure is seen when the entry's turn comes.
  readingAhead.catch(() => undefined);
  return {
    item,
    async *pieces() {
      turnCame = true;
      await readingAhead;
      yield* waiting.splice(0);
      while (!ended) {
        const { value, done } = await reader.read();
        if (done) ended = true;
        else yield value;
      }
    },
  };
}

/**
 * Opens several entries at once and hands them on in their order. The entries after the one being written are read
 * ahead up to `bytesAhead` bytes each and then wait, the rest held back by the connection's flow control: memory is
 * about `parallel × bytesAhead` whatever the sizes, and small files, which cost a round trip each, arrive while a
 * larger one is written. A failed entry fails when its turn comes; whatever is left open when the caller stops early
 * is aborted.
 */
export async function* readAhead<T>(
  items: readonly T[],
  open: (item: T, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>,
  { parallel, bytesAhead, signal }: ReadAhead,
): AsyncGenerator<FetchedEntry<T>> {
  const width = Math.max(1, parallel);
  const stop = new AbortController();
  const either = AbortSignal.any([signal, stop.signal]);
  const opened: Promise<FetchedEntry<T>>[] = [];
  const openUpTo = (end: number) => {
    for (let index = opened.length; index < Math.min(end, items.length); index++) {
      const item = items[index] as T;
      const entry = open(item, either).then((body) => entryReading(item, body, bytesAhead));
      // Seen when its turn comes; until then a failure must not count as unhandled.
      entry.catch(() => undefined);
      opened.push(entry);
    }
  };
  try {
    for (let index = 0; index < items.length; index++) {
      openUpTo(index + width);
      yield await (opened[index] as Promise<FetchedEntry<T>>);
    }
  } finally {
    stop.abort();
  }
}
