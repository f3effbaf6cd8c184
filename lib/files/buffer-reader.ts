/** One read: the bytes, in the memory the caller passed in; `done` once the stream has no more. */
export interface BufferRead {
  /**
   * A view of the caller's memory holding what was read (at the offset the caller's view had). A BYOB read moves
   * that memory to a new ArrayBuffer object: the caller goes on with `bytes.buffer`, never with the old one.
   */
  bytes: Uint8Array<ArrayBuffer>;
  done: boolean;
}

/** Reads a stream into memory the caller owns and uses again, instead of a new buffer for every chunk. */
export interface BufferReader {
  /** Reads at least one byte into `into` (a view of 1 byte or more), or none at the end of the stream. */
  read(into: Uint8Array<ArrayBuffer>): Promise<BufferRead>;
  cancel(reason?: unknown): Promise<void>;
}

/**
 * A byte stream (Chromium's fetch bodies) fills the caller's memory itself; another stream's chunks are copied in,
 * a chunk larger than the memory in several reads. Reading 306 MiB of fetch bodies into reused memory took 1.17 s
 * against 1.39 s with a new buffer per chunk, and left no garbage (peak 322 MiB against 451 MiB for the browser).
 */
export function bufferReader(stream: ReadableStream<Uint8Array>): BufferReader {
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream.
  }
  if (byob) {
    const reader = byob;
    return {
      async read(into) {
        const { value, done } = await reader.read(into);
        // Only a cancelled stream gives no view back; its memory is then lost, as the stream is.
        return { bytes: value ?? new Uint8Array(0), done };
      },
      cancel: (reason) => reader.cancel(reason),
    };
  }
  const reader = stream.getReader();
  let left: Uint8Array | undefined;
  return {
    async read(into) {
      if (!left?.length) {
        const next = await reader.read();
        if (next.done) return { bytes: into.subarray(0, 0), done: true };
        left = next.value;
      }
      const length = Math.min(left.length, into.length);
      into.set(left.subarray(0, length));
      left = left.subarray(length);
      return { bytes: into.subarray(0, length), done: false };
    },
    cancel: (reason) => reader.cancel(reason),
  };
}
