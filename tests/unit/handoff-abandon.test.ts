import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { forwardHandoffs } from '../../lib/bridge/forward';
import { db } from '../../lib/jobs/db';
import { allJobs } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import { chunkSize } from '../../lib/uploads/chunk-size';
import { type HandoffReply, handoffKind } from '../../lib/uploads/handoff-protocol';
import { receiveHandoffs } from '../../lib/uploads/handoff-receiver';
import { issueHandoffToken } from '../../lib/uploads/handoff-tokens';
import { type BatchPlan, storeBatch } from '../../lib/uploads/intake';
import { freshQueueWorld } from '../support/fresh-queue-world';

/**
 * A hand-off the bridge gives up on is never committed: storing stops at the next file, transaction of chunks or
 * before the batch is marked arrived, and the whole batch goes. The real bridge, receiver and store
 * (fake-indexeddb); only the bridge's timers are fake.
 */
const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };

function planOf(blobs: readonly Blob[]): BatchPlan {
  const files = blobs.map((blob, index) => ({ name: `file ${index}.bin`, size: blob.size, type: '' }));
  return { batchId: crypto.randomUUID(), task, files };
}

async function nothingStored(): Promise<void> {
  expect(await allJobs('uploads')).toEqual([]);
  expect(await (await db()).count('chunks')).toBe(0);
}

beforeEach(freshQueueWorld);

describe('storing a batch that is stopped', () => {
  it.each([
    ['before its last file', 1],
    ['after its last file, before it is marked arrived', 2],
  ])('%s rejects and leaves no job and no chunk', async (_when, abortAfter) => {
    const blobs = [new Blob(['one!!']), new Blob(['two!!'])];
    const stop = new AbortController();
    let stored = 0;
    const storing = storeBatch(
      planOf(blobs),
      blobs,
      () => {
        if (++stored === abortAfter) stop.abort();
      },
      { signal: stop.signal },
    );
    expect(await storing.catch((error: unknown) => error)).toBe(stop.signal.reason);
    expect(stored).toBe(abortAfter);
    await nothingStored();
  });

  it('between two transactions of one large file rejects and leaves no job and no chunk', async () => {
    // Six chunks: the first five in one transaction (32 MiB at most), the sixth in another.
    const large = new Blob([new Uint8Array(chunkSize * 6)]);
    const stop = new AbortController();
    let transactions = 0;
    const storing = storeBatch(planOf([large]), [large], undefined, {
      signal: stop.signal,
      onProgress: () => {
        if (++transactions === 1) stop.abort();
      },
    });
    expect(await storing.catch((error: unknown) => error)).toBe(stop.signal.reason);
    expect(transactions).toBe(1);
    await nothingStored();
  });

  it('while the batch waits to be marked arrived rejects, and leaves no job and no chunk', async () => {
    const blobs = [new Blob(['one!!']), new Blob(['two!!'])];
    const stop = new AbortController();
    let release: Promise<() => Promise<void>> | undefined;
    let stored = 0;
    const storing = storeBatch(
      planOf(blobs),
      blobs,
      () => {
        // After the last file: the jobs' store is busy, so the batch's last transaction waits for it.
        if (++stored === blobs.length) release = holdStore('uploads');
      },
      { signal: stop.signal },
    );
    const held = await until(() => release);
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    await (await held)();
    expect(await storing.catch((error: unknown) => error)).toBe(stop.signal.reason);
    await nothingStored();
  });
});

/** A store held in a write transaction: the worker's writes to it wait (the chunks: as for a large file). */
async function holdStore(store: 'chunks' | 'uploads' = 'chunks'): Promise<() => Promise<void>> {
  const transaction = (await db()).transaction(store, 'readwrite');
  let held = true;
  const keepBusy = (): void => {
    if (held) void transaction.store.count().then(keepBusy);
  };
  keepBusy();
  return async () => {
    held = false;
    await transaction.done;
  };
}

async function until<T>(read: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (let turn = 0; turn < 2000; turn++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('never got there');
}

describe('a hand-off the bridge abandons', () => {
  const bridgeUrl = 'chrome-extension://trackerdrop/bridge.html';
  let stored: Promise<unknown>[] = [];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    stored = [];
    // The worker: its message listener, as receiveHandoffs registers it, and the bridge's way to it.
    const workerScope = new EventTarget();
    vi.stubGlobal('addEventListener', workerScope.addEventListener.bind(workerScope));
    const worker = {
      postMessage(data: unknown, ports: MessagePort[]) {
        const event = Object.assign(new Event('message'), {
          data,
          ports,
          source: { url: bridgeUrl },
          waitUntil: (work: Promise<unknown>) => stored.push(work),
        });
        workerScope.dispatchEvent(event);
      },
    };
    vi.stubGlobal('navigator', { serviceWorker: { ready: Promise.resolve({ active: worker }) } });
    vi.stubGlobal('window', Object.assign(new EventTarget(), { parent: {} }));
    vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
      manifest_version: 3,
      name: 'TrackerDrop',
      version: '1',
      background: { service_worker: 'background.js' },
    });
    receiveHandoffs(bridgeUrl, () => undefined);
    forwardHandoffs();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('stores none of the batch, and the page gets the worker’s failure', async () => {
    const blobs = [new Blob(['one!!']), new Blob(['two!!'])];
    const token = issueHandoffToken(planOf(blobs));
    const release = await holdStore();
    const aborts = vi.spyOn(AbortController.prototype, 'abort');

    const page = new MessageChannel();
    let reply: HandoffReply | undefined;
    page.port1.onmessage = (event: MessageEvent<HandoffReply>) => {
      reply = event.data;
    };
    const frame = window as unknown as EventTarget & { parent: unknown };
    const handoff = { kind: handoffKind, token, files: blobs };
    frame.dispatchEvent(
      Object.assign(new Event('message'), { source: frame.parent, ports: [page.port2], data: handoff }),
    );
    // The jobs are written; the first file's bytes wait for the chunk store.
    await until(async () => ((await allJobs('uploads')).length === 2 ? true : undefined));

    await vi.advanceTimersByTimeAsync(5 * 60_000);
    // The worker reads the bridge's abandon (a bridge that does not send one has answered the page by now).
    await until(() => (aborts.mock.calls.length > 0 || reply ? true : undefined));
    await release();
    await Promise.all(stored);
    const answer = await until(() => reply);
    page.port1.close();

    expect(answer).toMatchObject({
      ok: false,
      error: { kind: 'unexpected', details: { detail: 'the bridge stopped waiting' } },
    });
    await nothingStored();
  });
});
