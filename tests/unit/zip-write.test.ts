import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryRequest, ZipEntry, ZipOrder } from '../../lib/downloads/zip-order';
import { AppError } from '../../lib/errors';
import { receiveEntries } from '../../lib/offscreen/zip-receive';
import { sendEntries } from '../../lib/offscreen/zip-send';
import { writeZip } from '../../lib/offscreen/zip-write';

const modified = Date.UTC(2026, 0, 12, 10, 30, 0);

function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

const files: Record<string, Uint8Array> = {
  'report.txt': new TextEncoder().encode('quarterly report\n'),
  'Отчёт за квартал.pdf': randomBytes(3_000_000, 1),
  'empty.bin': new Uint8Array(0),
  'photo (2).jpg': randomBytes(70_001, 2),
  'large.bin': randomBytes(9_000_000, 3),
};

/** Serves each file at /<index>, in 16 KiB writes; /cut/<index> stops halfway, /missing answers 404. */
let server: Server;
let base = '';
/** When each request reached the server (performance.now()). */
let arrivals: number[] = [];
beforeAll(async () => {
  const bodies = Object.values(files);
  server = createServer((request, response) => {
    arrivals.push(performance.now());
    const cut = request.url?.startsWith('/cut/');
    const body = bodies[Number(request.url?.split('/').at(-1))];
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-length': body.length });
    const end = cut ? body.length / 2 : body.length;
    for (let at = 0; at < end; at += 16384) response.write(body.subarray(at, Math.min(at + 16384, end)));
    if (cut) response.destroy();
    else response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** An entry with the address it is served at, which the test's `requestFor` hands out. */
type ServedEntry = ZipEntry & { url: string };

function order(paths: (name: string, index: number) => string = (_name, index) => `/${index}`): ZipOrder {
  const entries: ServedEntry[] = Object.keys(files).map((name, index) => ({
    path: name,
    size: files[name]?.length ?? 0,
    modified,
    url: `${base}${paths(name, index)}`,
  }));
  return { jobId: 'job', tracker: 'pyrus', parallel: 3, entries };
}

/** The requests of an order made by `order`, asked entry by entry as the builder asks the worker. */
function requestsOf(zipOrder: ZipOrder): EntryRequest {
  return async (index) => ({ url: (zipOrder.entries[index] as ServedEntry).url, headers: [] });
}

/**
 * Both halves as the extension runs them, over a real MessageChannel: zip-send fetching, zip-receive and zip-write
 * writing. `write` sees each piece before its memory goes back to the fetching side.
 */
async function writeOverChannel(
  zipOrder: ZipOrder,
  write: (bytes: Uint8Array) => void,
  signal: AbortSignal,
  requestFor: EntryRequest = requestsOf(zipOrder),
): Promise<void> {
  const channel = new MessageChannel();
  void sendEntries(zipOrder, channel.port1, signal, requestFor);
  const { entries, giveBack } = receiveEntries(channel.port2, signal);
  try {
    await writeZip(entries, write, giveBack, () => undefined);
  } finally {
    channel.port1.close();
    channel.port2.close();
  }
}

/** The ZIP as the worker writes it: every piece copied out before its memory goes back. */
async function built(zipOrder: ZipOrder, signal = new AbortController().signal): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  await writeOverChannel(zipOrder, (bytes) => pieces.push(bytes.slice()), signal);
  const whole = new Uint8Array(pieces.reduce((total, piece) => total + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    whole.set(piece, at);
    at += piece.length;
  }
  return whole;
}

/** Byte equality (vitest's deep equality walks megabytes element by element). */
function same(left: Uint8Array | undefined, right: Uint8Array): boolean {
  return left !== undefined && Buffer.from(left).equals(Buffer.from(right));
}

/** The CRC each central directory header records, by entry name (read as the format lays it out). */
function centralCrcs(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  let at = view.getUint32(end + 16, true);
  const found = new Map<string, number>();
  for (let index = 0; index < view.getUint16(end + 10, true); index++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    found.set(new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)), view.getUint32(at + 16, true));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return found;
}

describe('a ZIP written on two threads (sendEntries, receiveEntries, writeZip)', () => {
  it('writes the fetched entries in order, with their names, bytes and CRC', async () => {
    const zip = await built(order());
    const entries = unzipSync(zip);
    expect(Object.keys(entries)).toEqual(Object.keys(files));
    for (const [name, bytes] of Object.entries(files)) expect(same(entries[name], bytes)).toBe(true);
    const crcs = centralCrcs(zip);
    for (const [name, bytes] of Object.entries(files)) expect(crcs.get(name)).toBe(crc32(bytes));
  });

  it('gives the same bytes when built again: a retried ZIP is identical', async () => {
    expect(same(await built(order()), await built(order()))).toBe(true);
  });

  it('fails with the entry’s own error, naming the file, when the tracker refuses it', async () => {
    const failing = order((name, index) => (name === 'photo (2).jpg' ? '/missing' : `/${index}`));
    const error = await built(failing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('not-found');
    expect((error as AppError).details.detail).toContain('photo (2).jpg');
  });

  it('fails as a network error naming the entry whose bytes stopped coming', async () => {
    const cut = order((name, index) => (name === 'large.bin' ? `/cut/${index}` : `/${index}`));
    const error = await built(cut).catch((caught: unknown) => caught);
    expect((error as AppError).kind).toBe('network');
    expect((error as AppError).details.detail).toContain('large.bin');
  });

  it('keeps at most 8 pieces of 1 MiB on their way: the fetching side waits until memory comes back', async () => {
    const channel = new MessageChannel();
    const signal = new AbortController().signal;
    const large = order().entries.filter((entry) => entry.path === 'large.bin');
    const largeOnly = { ...order(), entries: large };
    void sendEntries(largeOnly, channel.port1, signal, requestsOf(largeOnly));
    const { entries, giveBack } = receiveEntries(channel.port2, signal);
    const held: Uint8Array[] = [];
    try {
      const first = await entries.next();
      if (first.done) throw new Error('no entry came');
      // 9,000,000 bytes make 9 pieces; none is given back, so the ninth never comes.
      for (let index = 0; index < 8; index++) {
        const piece = await first.value.pieces.next();
        if (piece.done) throw new Error('the entry ended early');
        held.push(piece.value);
      }
      const ninth = first.value.pieces.next();
      const waited = await Promise.race([ninth, new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))]);
      expect(waited).toBe('waiting');
      expect(held.every((piece) => piece.length === 1024 * 1024)).toBe(true);
      const giving = held[0] as Uint8Array;
      giveBack(giving);
      expect(giving.byteLength).toBe(0);
      const last = await ninth;
      expect(last.done).toBe(false);
      expect(last.value?.length).toBe(9_000_000 - 8 * 1024 * 1024);
    } finally {
      channel.port1.close();
      channel.port2.close();
    }
  });

  it('starts the entries’ requests at least the order’s `minIntervalMs` apart; without it, several at once', async () => {
    // When each entry's request is asked for: the opening of its fetch (the server's arrival times would add the
    // scheduling of a busy machine to what is measured).
    const startsOf = async (zipOrder: ZipOrder): Promise<number[]> => {
      const starts: number[] = [];
      await writeOverChannel(
        zipOrder,
        () => undefined,
        new AbortController().signal,
        async (index) => {
          starts.push(performance.now());
          return requestsOf(zipOrder)(index);
        },
      );
      return starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
    };
    const spaced = await startsOf({ ...order(), tracker: 'planfix', minIntervalMs: 50 });
    expect(spaced).toHaveLength(Object.keys(files).length - 1);
    // A timer may fire a millisecond early.
    for (const gap of spaced) expect(gap).toBeGreaterThanOrEqual(48);
    // `parallel` (3) entries are asked for at once, in one turn of the event loop.
    const together = await startsOf(order());
    expect(together.slice(0, 2).every((gap) => gap < 25)).toBe(true);
  });

  it('asks for each entry’s request only as it opens the entry, so none is signed long before it is fetched', async () => {
    const zipOrder = { ...order(), parallel: 1 };
    const asked: number[] = [];
    const answered: number[] = [];
    arrivals = [];
    await writeOverChannel(
      zipOrder,
      () => undefined,
      new AbortController().signal,
      async (index) => {
        // How many entries the server had answered when this one's request was asked for.
        asked.push(index);
        answered.push(arrivals.length);
        return requestsOf(zipOrder)(index);
      },
    );
    expect(asked).toEqual(Object.keys(files).map((_name, index) => index));
    // One at a time: entry n is asked for after the first n were fetched, not all of them before the first.
    expect(answered).toEqual(asked);
  });

  it('stops as cancelled when its signal is aborted', async () => {
    const controller = new AbortController();
    let written = 0;
    const building = writeOverChannel(
      order(),
      (bytes) => {
        written += bytes.length;
        if (written > 1_000_000) controller.abort();
      },
      controller.signal,
    );
    await expect(building).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
