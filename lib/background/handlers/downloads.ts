import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { startDownloads } from '../../downloads/start';
import { StartDownloadsSchema, toBackground } from '../../messages';
import { TrackerIdSchema } from '../../trackers/registry';
import { toResult } from '../result';
import { requireOwnContext, requireTaskSender, type SenderContext } from '../sender-check';

export function handleDownloadMessages(context: SenderContext): void {
  toBackground.onMessage('startDownloads', ({ data, sender }) =>
    toResult(async () => {
      const input = v.parse(StartDownloadsSchema, data);
      requireTaskSender(context, sender, input.task);
      return startDownloads(input.task, input.which, input.zip);
    }),
  );

  toBackground.onMessage('openSettings', ({ data, sender }) =>
    toResult(async () => {
      requireOwnContext(context, sender);
      const tracker = v.parse(TrackerIdSchema, data);
      await browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${tracker}`) });
      return null;
    }),
  );
}
