import browser from 'webextension-polyfill';
import { toResult } from '../background/result';
import { hostAbortZip, hostBuildZip, hostDiscardZip } from './builder-host';
import { zipMessages } from './protocol';

function fromOurWorker(sender: { id?: string; tab?: unknown }): boolean {
  return sender.id === browser.runtime.id && sender.tab === undefined;
}

/** The offscreen document's side: builds ZIPs the worker orders, and reports progress back. */
export function serveZipBuilder(): void {
  zipMessages.onMessage('buildZip', ({ data: order, sender }) =>
    toResult(async () => {
      if (!fromOurWorker(sender)) throw new Error('refused');
      return hostBuildZip(order, (bytes) => {
        void zipMessages.sendMessage('zipProgress', { jobId: order.jobId, bytes }).catch(() => undefined);
      });
    }),
  );
  zipMessages.onMessage('abortZip', ({ data: jobId, sender }) => {
    if (fromOurWorker(sender)) hostAbortZip(jobId);
  });
  zipMessages.onMessage('discardZip', async ({ data: jobId, sender }) => {
    if (fromOurWorker(sender)) await hostDiscardZip(jobId);
  });
}
