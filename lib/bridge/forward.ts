import * as v from 'valibot';
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

/**
 * The hidden extension frame in a tracker page: passes dropped files from the content script to the worker as
 * Blobs (runtime messages would turn them into `{}`). It decides nothing: the worker checks the token.
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
    void toWorker(parsed.output).then((reply) => port.postMessage(reply));
  });
}
