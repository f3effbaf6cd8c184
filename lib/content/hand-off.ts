import browser from 'webextension-polyfill';
import { AppError } from '../errors';
import { type Handoff, type HandoffReply, handoffKind } from '../uploads/handoff-protocol';

let frame: Promise<HTMLIFrameElement> | undefined;

function extensionOrigin(): string {
  return browser.runtime.getURL('/').replace(/\/$/, '');
}

/** The hidden frame, made again once its toolbar is gone (SPA navigation re-creates the toolbar, frame and all). */
async function bridgeFrame(container: Element): Promise<HTMLIFrameElement> {
  const existing = await frame?.catch(() => undefined);
  if (existing?.isConnected) return existing;
  const created = new Promise<HTMLIFrameElement>((resolve, reject) => {
    const iframe = document.createElement('iframe');
    iframe.hidden = true;
    iframe.title = 'TrackerDrop';
    iframe.src = browser.runtime.getURL('/bridge.html');
    iframe.addEventListener('load', () => resolve(iframe), { once: true });
    iframe.addEventListener('error', () => reject(new Error('bridge frame failed to load')), { once: true });
    container.append(iframe);
  });
  frame = created;
  return created;
}

/**
 * Hands the picked files to the extension: to its hidden frame over a private channel (the page sees neither
 * the files nor the answer), which passes them on to the worker with the token it gave us.
 */
export async function handOffFiles(container: Element, token: string, files: readonly File[]): Promise<HandoffReply> {
  try {
    const iframe = await bridgeFrame(container);
    const target = iframe.contentWindow;
    if (!target) throw new Error('bridge frame has no window');
    const channel = new MessageChannel();
    const reply = new Promise<HandoffReply>((resolve) => {
      channel.port1.onmessage = (event: MessageEvent<HandoffReply>) => resolve(event.data);
    });
    const handoff: Handoff = { kind: handoffKind, token, files: [...files] };
    // The extension's own origin, fixed: the frame's `src` is the page's to change, and a frame pointed elsewhere
    // must receive nothing.
    target.postMessage(handoff, extensionOrigin(), [channel.port2]);
    return await reply;
  } catch {
    return { ok: false, error: new AppError('unexpected', { detail: 'hand-off failed' }).toJSON() };
  }
}
