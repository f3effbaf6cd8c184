import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { forwardHandoffs } from '../../lib/bridge/forward';
import { type HandoffReply, handoffKind, type WorkerHandoffMessage } from '../../lib/uploads/handoff-protocol';

/**
 * The bridge frame's wait for Chromium's worker (lib/bridge/forward.ts), the real code with a stand-in worker that
 * answers on the reply port when the test says. Only the timers are fake: the ports are Node's.
 */
const minutes = (count: number) => count * 60_000;
const silenceMs = minutes(5);
const graceMs = 10_000;

let workerPort: MessagePort | undefined;
/** What the bridge posted to the worker on the reply port (`abandon`). */
let toWorker: unknown[] = [];
let page: MessageChannel | undefined;
/** What the page got back from the bridge. */
let replies: HandoffReply[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  workerPort = undefined;
  toWorker = [];
  replies = [];
  const frame = Object.assign(new EventTarget(), { parent: {} });
  vi.stubGlobal('window', frame);
  const worker = {
    postMessage(_handoff: unknown, [port]: MessagePort[]) {
      workerPort = port;
      if (port) port.onmessage = (event) => toWorker.push(event.data);
    },
  };
  vi.stubGlobal('navigator', { serviceWorker: { ready: Promise.resolve({ active: worker }) } });
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({
    manifest_version: 3,
    name: 'TrackerDrop',
    version: '1',
    background: { service_worker: 'background.js' },
  });
  forwardHandoffs();
});

afterEach(() => {
  workerPort?.close();
  page?.port1.close();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Lets the ports deliver what was posted (they run on Node's event loop, not on the fake timers). */
async function deliver(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** The page drops one file: the content script posts it to the bridge frame with a port for the answer. */
async function drop(): Promise<void> {
  page = new MessageChannel();
  page.port1.onmessage = (event: MessageEvent<HandoffReply>) => replies.push(event.data);
  const handoff = { kind: handoffKind, token: crypto.randomUUID(), files: [new Blob(['x'])] };
  const frame = window as unknown as EventTarget & { parent: unknown };
  window.dispatchEvent(
    Object.assign(new Event('message'), { source: frame.parent, ports: [page.port2], data: handoff }),
  );
  await vi.advanceTimersByTimeAsync(0);
  expect(workerPort).toBeDefined();
}

function workerSays(message: WorkerHandoffMessage): void {
  workerPort?.postMessage(message);
}

/** Moves the clock to `at` (ms since the drop) and lets the ports deliver. */
async function clockAt(at: number, since: { now: number }): Promise<void> {
  await vi.advanceTimersByTimeAsync(at - since.now);
  since.now = at;
  await deliver();
}

describe('the bridge waiting for the worker to store a batch', () => {
  it('reports the ok of a worker that answers just after the five minutes', async () => {
    const clock = { now: 0 };
    await drop();
    await clockAt(silenceMs + 1, clock);
    workerSays({ ok: true, count: 1 });
    await deliver();
    await clockAt(silenceMs + graceMs + 1, clock);
    expect(replies).toEqual([{ ok: true, count: 1 }]);
  });

  it('counts from the worker’s last progress: progress at 4 and 8 minutes, ok at 9, is an ok', async () => {
    const clock = { now: 0 };
    await drop();
    await clockAt(minutes(4), clock);
    workerSays({ kind: 'progress' });
    await clockAt(minutes(8), clock);
    workerSays({ kind: 'progress' });
    await clockAt(minutes(9), clock);
    workerSays({ ok: true, count: 1 });
    await deliver();
    expect(replies).toEqual([{ ok: true, count: 1 }]);
    // Never silent for five minutes: never told to give up.
    expect(toWorker).toEqual([]);
  });

  it('tells a silent worker to abandon, and reports the failure only after the grace', async () => {
    const clock = { now: 0 };
    await drop();
    await clockAt(silenceMs, clock);
    expect(toWorker).toEqual([{ kind: 'abandon' }]);
    // A worker that has not read it yet still says it is at work: that does not restart the clock.
    workerSays({ kind: 'progress' });
    await clockAt(silenceMs + graceMs - 1, clock);
    expect(replies).toEqual([]);
    await clockAt(silenceMs + graceMs, clock);
    expect(replies).toMatchObject([{ ok: false, error: { kind: 'unexpected' } }]);
    expect(toWorker).toEqual([{ kind: 'abandon' }]);
  });
});
