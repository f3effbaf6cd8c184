import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { AppError } from '../errors';
import {
  type Handoff,
  type HandoffAbandon,
  type HandoffReply,
  HandoffSchema,
  isHandoffProgress,
  type WorkerHandoffMessage,
} from '../uploads/handoff-protocol';

/**
 * How long the worker may be silent: it posts progress after each transaction of chunks it stores (32 MiB at most),
 * so only a worker gone or stuck is silent that long, however large the batch.
 */
const workerSilenceMs = 5 * 60_000;
/** How long a worker told to abandon has to answer: it stored the batch before reading that, or stores none of it. */
const abandonGraceMs = 10_000;

function failure(detail: string): HandoffReply {
  return { ok: false, error: new AppError('unexpected', { detail }).toJSON() };
}

/**
 * The worker's reply on `port`. A silent worker is told to abandon before the bridge reports a failure, so a failure
 * reported is true: the worker then answers with its own (or the ok of a batch it had just committed), or never
 * commits. Progress after that is a worker that has not read it yet, and does not restart the clock.
 */
function workerReply(port: MessagePort): Promise<HandoffReply> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let abandoned = false;
    const wait = (ms: number, then: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(then, ms);
    };
    const settle = (reply: HandoffReply) => {
      clearTimeout(timer);
      port.close();
      resolve(reply);
    };
    const abandon = () => {
      abandoned = true;
      port.postMessage({ kind: 'abandon' } satisfies HandoffAbandon);
      wait(abandonGraceMs, () => settle(failure('the extension worker did not answer')));
    };
    wait(workerSilenceMs, abandon);
    port.onmessage = (event: MessageEvent<WorkerHandoffMessage>) => {
      if (!isHandoffProgress(event.data)) settle(event.data);
      else if (!abandoned) wait(workerSilenceMs, abandon);
    };
  });
}

async function toWorker(handoff: Handoff): Promise<HandoffReply> {
  const worker = (await navigator.serviceWorker.ready).active;
  if (!worker) return failure('the extension worker is not running');
  const channel = new MessageChannel();
  const reply = workerReply(channel.port1);
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
