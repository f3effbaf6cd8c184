import { describe, expect, it } from 'vitest';
import { bufferReader } from '../../lib/files/buffer-reader';
import { startSpacing } from '../../lib/http/limiter';
import { type FetchedEntry, readAhead, type Scratch } from '../../lib/offscreen/zip-read-ahead';

const chunk = 1024;
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A body of `chunks` chunks (chunk n filled with n) that counts what was pulled from it. */
function countedBody(chunks: number, type?: 'bytes') {
  const seen = { pulled: 0, cancelled: false };
  let sent = 0;
  const next = (): Uint8Array<ArrayBuffer> | undefined => {
    if (sent === chunks) return undefined;
    sent++;
    seen.pulled += chunk;
    return new Uint8Array(chunk).fill(sent % 256);
  };
  const cancel = () => {
    seen.cancelled = true;
  };
  // Nothing is pulled before it is read.
  const body: ReadableStream<Uint8Array> =
    type === 'bytes'
      ? new ReadableStream(
          {
            type,
            pull(controller) {
              const bytes = next();
              if (bytes) return controller.enqueue(bytes);
              controller.close();
              // A pending read into the caller's memory ends only when answered.
              controller.byobRequest?.respond(0);
            },
            cancel,
          },
          { highWaterMark: 0 },
        )
      : new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              const bytes = next();
              if (bytes) controller.enqueue(bytes);
              else controller.close();
            },
            cancel,
          },
          { highWaterMark: 0 },
        );
  return { body, seen };
}

/** Every byte of an entry, copied out of the reused memory piece by piece. */
async function drain<T>(entry: FetchedEntry<T>, scratch: Scratch): Promise<Uint8Array> {
  const pieces: number[] = [];
  for await (const piece of entry.pieces(scratch)) pieces.push(...piece);
  return new Uint8Array(pieces);
}

const newScratch = (): Scratch => ({ view: new Uint8Array(new ArrayBuffer(3000)) });
/** Every entry listed as small unless `sizeOf` says otherwise. */
const options = (parallel: number, bytesAhead: number, sizeOf: (item: number) => number = () => 0) => ({
  parallel,
  bytesAhead,
  sizeOf,
  signal: new AbortController().signal,
});

describe('readAhead', () => {
  it('hands the entries on in their order, whatever order they answer in, each byte in place', async () => {
    const delays = [30, 5, 20, 1, 10];
    const order: number[] = [];
    const scratch = newScratch();
    for await (const entry of readAhead(
      delays,
      async (delay) => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        return countedBody(delay).body;
      },
      options(3, 4 * chunk),
    )) {
      const bytes = await drain(entry, scratch);
      expect(bytes.length).toBe(entry.item * chunk);
      for (let index = 0; index < entry.item; index++) expect(bytes[index * chunk]).toBe((index + 1) % 256);
      order.push(entry.item);
    }
    expect(order).toEqual(delays);
  });

  it('opens at most `parallel` entries, and reads those ahead only up to `bytesAhead` each', async () => {
    const bodies = Array.from({ length: 6 }, () => countedBody(1000));
    const opened: number[] = [];
    const entries = readAhead(
      [0, 1, 2, 3, 4, 5],
      async (index) => {
        opened.push(index);
        return (bodies[index] as ReturnType<typeof countedBody>).body;
      },
      options(3, 8 * chunk),
    );
    const first = await entries.next();
    await settle();
    expect(opened).toEqual([0, 1, 2]);
    for (const index of [1, 2]) {
      const pulled = bodies[index]?.seen.pulled ?? 0;
      expect(pulled).toBeGreaterThanOrEqual(8 * chunk);
      // The stash, and what the stream itself queues.
      expect(pulled).toBeLessThanOrEqual(10 * chunk);
    }
    expect(bodies[3]?.seen.pulled).toBe(0);
    const scratch = newScratch();
    if (!first.done) expect((await drain(first.value, scratch)).length).toBe(1000 * chunk);
    const second = await entries.next();
    if (!second.done) expect((await drain(second.value, scratch)).length).toBe(1000 * chunk);
    await settle();
    // The second written, the third under way: the two after it are open.
    await entries.next();
    expect(opened).toEqual([0, 1, 2, 3, 4]);
    await entries.return(undefined);
  });

  it('opens a large entry before its turn only while no other large one waits', async () => {
    const sizes = [100, 100, 100, 1, 1, 1];
    const opened: number[] = [];
    const entries = readAhead(
      [0, 1, 2, 3, 4, 5],
      async (index) => {
        opened.push(index);
        return countedBody(sizes[index] ?? 0).body;
      },
      options(4, 8 * chunk, (index) => (sizes[index] ?? 0) * chunk),
    );
    const scratch = newScratch();
    const first = await entries.next();
    await settle();
    // The second waits large: the third, large too, is not opened, nor anything after it.
    expect(opened).toEqual([0, 1]);
    if (!first.done) await drain(first.value, scratch);
    await entries.next();
    await settle();
    // The second's turn: the third is the one large entry waiting, the small ones after it open as well.
    expect(opened).toEqual([0, 1, 2, 3, 4]);
    await entries.return(undefined);
  });

  it('a failed entry fails when its turn comes, the ones before it delivered whole', async () => {
    const failure = new Error('file 2: 404');
    const delivered: number[] = [];
    const scratch = newScratch();
    const run = async () => {
      for await (const entry of readAhead(
        [0, 1, 2, 3],
        async (index) => {
          if (index === 2) throw failure;
          return countedBody(4).body;
        },
        options(4, 64 * chunk),
      )) {
        await drain(entry, scratch);
        delivered.push(entry.item);
      }
    };
    await expect(run()).rejects.toBe(failure);
    expect(delivered).toEqual([0, 1]);
  });

  it('spaces the starts of the entries by `startSpacing` (a tracker’s rate); without it they open together', async () => {
    /** The time between the starts of successive entries, all of them open at once. */
    const gapsWith = async (spacing: ReturnType<typeof startSpacing>) => {
      const starts: number[] = [];
      const scratch = newScratch();
      for await (const entry of readAhead(
        [0, 1, 2, 3],
        async (index) => {
          starts[index] = performance.now();
          return countedBody(2).body;
        },
        { ...options(4, 4 * chunk), startSpacing: spacing },
      )) {
        await drain(entry, scratch);
      }
      return starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
    };
    const spaced = await gapsWith(startSpacing('read-ahead test', 50));
    expect(spaced).toHaveLength(3);
    // A timer may fire a millisecond early.
    for (const gap of spaced) expect(gap).toBeGreaterThanOrEqual(48);
    expect(startSpacing('read-ahead test', undefined)).toBeUndefined();
    const together = await gapsWith(undefined);
    for (const gap of together) expect(gap).toBeLessThan(10);
  });

  it('stopping early aborts what is still being fetched', async () => {
    const signals: AbortSignal[] = [];
    const entries = readAhead(
      [0, 1, 2],
      async (_index, signal) => {
        signals.push(signal);
        return countedBody(1000).body;
      },
      options(3, 4 * chunk),
    );
    await entries.next();
    expect(signals.some((signal) => signal.aborted)).toBe(false);
    await entries.return(undefined);
    expect(signals).toHaveLength(3);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
  });
});

describe('bufferReader', () => {
  it('has a byte stream fill the caller’s memory, which it hands back for the next read', async () => {
    const reader = bufferReader(countedBody(3, 'bytes').body);
    let memory = new Uint8Array(new ArrayBuffer(4 * chunk));
    const seen: number[] = [];
    for (;;) {
      const { bytes, done } = await reader.read(memory);
      expect(bytes.buffer.byteLength).toBe(4 * chunk);
      memory = new Uint8Array(bytes.buffer);
      if (bytes.length > 0) seen.push(bytes[0] ?? -1);
      if (done) break;
    }
    expect(seen).toEqual([1, 2, 3]);
  });

  it('copies another stream’s chunks in, a chunk larger than the memory over several reads', async () => {
    const reader = bufferReader(countedBody(2).body);
    const memory = new Uint8Array(new ArrayBuffer(600));
    const lengths: number[] = [];
    for (;;) {
      const { bytes, done } = await reader.read(memory);
      expect(bytes.buffer).toBe(memory.buffer);
      if (done) break;
      lengths.push(bytes.length);
    }
    expect(lengths).toEqual([600, 424, 600, 424]);
  });
});
