import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { AppError } from '../errors';
import { type Handoff, type HandoffReply, HandoffSchema } from '../uploads/handoff-protocol';

const workerAnswerMs = 5 * 60_000;

function failure(detail: string): HandoffReply {
  return { ok: false, error: new AppError('unexpected', { detail }).toJSON() };
}

async function toWorker(handoff: Handoff): Promise<HandoffReply> {
  const worker = (await navigator.serviceWorker.ready).active;
  if (!worker) return failure('the extension worker is not running');
  const channel = new MessageChannel();
  const reply = new Promise<HandoffReply>((resolve) => {
    const timer = setTimeout(() => resolve(failure('the extension worker did not answer')), workerAnswerMs);
    channel.port1.onmessage = (event: MessageEvent<HandoffReply>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
  });
  worker.postMessage(handoff, [channel.port2]);
  return reply;
}

/** Firefox's background is a page, and its runtime messages carry Blobs (they are structured clones there). */
async function toBackgroundPage(handoff: Handoff): Promise<HandoffReply> {
  const reply: unknown = await browser.runtime.sendMessage(handoff);
  // The receiver (lib/uploads/handoff-receiver.ts) answers every hand-off from this page with a HandoffReply.
  return (reply as HandoffReply | undefined) ?? failure('the extension background did not answer');
}

function backgroundIsWorker(): boolean {
  // Firefox lists every key of the manifest's schema, `service_worker: undefined` included.
  const background: { service_worker?: unknown } | undefined = browser.runtime.getManifest().background;
  return typeof background?.service_worker === 'string';
}

/**
 * The hidden extension frame in a tracker page: passes dropped files from the content script to the background as
 * Blobs: to Chromium's worker over `postMessage` (runtime messages would turn them into `{}` there), to Firefox's
 * background page as a runtime message. It decides nothing: the background checks the token.
 */
export function forwardHandoffs(): void {
  window.addEventListener('message', (event) => {
    const port = event.ports[0];
    if (event.source !== window.parent || !port) return;
    const parsed = v.safeParse(HandoffSchema, event.data);
    if (!parsed.success) {
      port.postMessage(failure('malformed hand-off'));
      return;
    }
    const forward = backgroundIsWorker() ? toWorker : toBackgroundPage;
    void forward(parsed.output)
      .catch((error: unknown) => failure(`the hand-off failed: ${error instanceof Error ? error.message : error}`))
      .then((reply) => port.postMessage(reply));
  });
}
