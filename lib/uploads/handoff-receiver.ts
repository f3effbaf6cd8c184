import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { AppError } from '../errors';
import { type HandoffReply, HandoffSchema } from './handoff-protocol';
import { takeHandoffToken } from './handoff-tokens';
import { matchesAnnouncement, storeBatch } from './intake';

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

/** Stores a hand-off's files in the queue and answers the page: how many, or why none. */
export async function receiveHandoff(data: unknown, onFileStored: () => void): Promise<HandoffReply> {
  const parsed = v.safeParse(HandoffSchema, data);
  if (!parsed.success)
    return { ok: false, error: new AppError('forbidden', { detail: 'malformed hand-off' }).toJSON() };
  const plan = takeHandoffToken(parsed.output.token);
  if (!plan || !matchesAnnouncement(plan, parsed.output.files)) {
    return { ok: false, error: new AppError('forbidden', { detail: 'unknown or used hand-off token' }).toJSON() };
  }
  try {
    const ids = await storeBatch(plan, parsed.output.files, onFileStored);
    return { ok: true, count: ids.length };
  } catch (error) {
    console.error('TrackerDrop: storing a batch failed', error);
    const quota = error instanceof AppError && error.kind === 'quota';
    return { ok: false, error: (quota ? error : new AppError('disk', { code: 'IndexedDB' })).toJSON() };
  }
}

const withoutQueryOrHash = (url: string | undefined) => url?.split(/[?#]/)[0];

/**
 * The background's end of the attach hand-off: only our bridge page (an extension page) can send here, and only
 * with a token the background issued. The files are written as chunks before the answer goes back; `onStored` is
 * told after each one, so the first can be on its way while the next ones are copied in. Chromium's
 * worker takes them as a worker message; Firefox's background page as a runtime message (lib/bridge/forward.ts).
 */
export function receiveHandoffs(bridgeUrl: string, onStored: () => void): void {
  globalThis.addEventListener('message', (event) => {
    if (!isWorkerMessageEvent(event) || withoutQueryOrHash(event.source?.url) !== bridgeUrl) return;
    const port = event.ports[0];
    if (!port) return;
    event.waitUntil(receiveHandoff(event.data, onStored).then((reply) => port.postMessage(reply)));
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: browser.Runtime.MessageSender) => {
    if (sender.id !== browser.runtime.id || withoutQueryOrHash(sender.url) !== bridgeUrl) return undefined;
    return receiveHandoff(message, () => setTimeout(onStored));
  });
}
