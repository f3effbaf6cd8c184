import * as v from 'valibot';
import { SteerTransferSchema, toBackground } from '../../messages';
import { clearFinishedTransfers, steerTransfer } from '../../queue/actions';
import { queueOverview } from '../../queue/overview';
import { toResult } from '../result';
import { requireExtensionPage, type SenderContext } from '../sender-check';

/** The popup's and options page's view of all transfers; only extension pages may ask. */
export function handleQueueMessages(context: SenderContext): void {
  toBackground.onMessage('queueOverview', ({ sender }) =>
    toResult(async () => {
      requireExtensionPage(context, sender);
      return queueOverview();
    }),
  );

  toBackground.onMessage('steerTransfer', ({ data, sender }) =>
    toResult(async () => {
      requireExtensionPage(context, sender);
      const input = v.parse(SteerTransferSchema, data);
      await steerTransfer(input.action, input.jobId);
      return null;
    }),
  );

  toBackground.onMessage('clearFinished', ({ sender }) =>
    toResult(async () => {
      requireExtensionPage(context, sender);
      return { removed: await clearFinishedTransfers() };
    }),
  );
}
