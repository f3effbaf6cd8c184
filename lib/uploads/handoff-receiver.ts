import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { AppError } from '../errors';
import { HandoffAbandonSchema, type HandoffProgress, type HandoffReply, HandoffSchema } from './handoff-protocol';
import { takeHandoffToken } from './handoff-tokens';
import { matchesAnnouncement, storeBatch } from './intake';
import type { StoreWatch } from './store';

/** The parts of a service worker's `ExtendableMessageEvent` we use (the DOM typings have no worker scope). */
interface WorkerMessageEvent {
  data: unknown;
  source: { url?: string } | null;
  ports: readonly MessagePort[];
  waitUntil(work: Promise<unknown>): void;
}

function isWorkerMessageEvent(event: Event): event is Event & WorkerMessageEvent {
  return 'ports' in event && 'waitUntil' in event && 'data' in event;
}

/**
 * Stores a hand-off's files in the queue and answers the page: how many, or why none. A batch `watch.signal` stopped
 * (the bridge stopped waiting) is answered as a hand-off that failed on the way, which is what the page says then.
 */
export async function receiveHandoff(
  data: unknown,
  onFileStored: () => void,
  watch: StoreWatch = {},
): Promise<HandoffReply> {
  const parsed = v.safeParse(HandoffSchema, data);
  if (!parsed.success)
    return { ok: false, error: new AppError('forbidden', { detail: 'malformed hand-off' }).toJSON() };
  const plan = takeHandoffToken(parsed.output.token);
  if (!plan || !matchesAnnouncement(plan, parsed.output.files)) {
    return { ok: false, error: new AppError('forbidden', { detail: 'unknown or used hand-off token' }).toJSON() };
  }
  try {
    const ids = await storeBatch(plan, parsed.output.files, onFileStored, watch);
    return { ok: true, count: ids.length };
  } catch (error) {
    if (watch.signal?.aborted && error === watch.signal.reason) {
      return { ok: false, error: new AppError('unexpected', { detail: 'the bridge stopped waiting' }).toJSON() };
    }
    console.error('TrackerDrop: storing a batch failed', error);
    const quota = error instanceof AppError && error.kind === 'quota';
    return { ok: false, error: (quota ? error : new AppError('disk', { code: 'IndexedDB' })).toJSON() };
  }
}

/**
 * The worker's side of the reply port: progress as the batch is stored (the bridge's timer counts from the last
 * one), and an `abandon` read on it stops the storing.
 */
function watchOver(port: MessagePort): StoreWatch {
  const abandoned = new AbortController();
  port.onmessage = (event: MessageEvent<unknown>) => {
    if (v.is(HandoffAbandonSchema, event.data)) abandoned.abort();
  };
  const progress: HandoffProgress = { kind: 'progress' };
  return { signal: abandoned.signal, onProgress: () => port.postMessage(progress) };
}

const withoutQueryOrHash = (url: string | undefined) => url?.split(/[?#]/)[0];

/**
 * The background's end of the attach hand-off: only our bridge page (an extension page) can send here, and only
 * with a token the background issued. The files are written as chunks before the answer goes back; `onStored` is
 * told after each one, so the first can be on its way while the next ones are copied in. Chromium's
 * worker takes them as a worker message, with a reply port that also carries progress and the bridge's `abandon`;
 * Firefox's background page as a runtime message, which the bridge waits for with no timer (lib/bridge/forward.ts).
 */
export function receiveHandoffs(bridgeUrl: string, onStored: () => void): void {
  globalThis.addEventListener('message', (event) => {
    if (!isWorkerMessageEvent(event) || withoutQueryOrHash(event.source?.url) !== bridgeUrl) return;
    const port = event.ports[0];
    if (!port) return;
    const reply = receiveHandoff(event.data, onStored, watchOver(port));
    event.waitUntil(reply.then((answer) => port.postMessage(answer)));
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || withoutQueryOrHash(sender.url) !== bridgeUrl) return undefined;
    return receiveHandoff(message, () => setTimeout(onStored));
  });
}
