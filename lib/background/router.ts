import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { TaskRefSchema, toBackground } from '../messages';
import { TrackerError } from '../trackers/errors';
import { apiFor } from './apis';
import { toResult } from './result';
import { senderMayAsk } from './sender-check';

/** Answers messages from content scripts and extension pages, after checking who asks and what. */
export function registerMessageHandlers(): void {
  const extensionOrigin = browser.runtime.getURL('/');

  toBackground.onMessage('listAttachments', ({ data, sender }) =>
    toResult(async () => {
      const task = v.parse(TaskRefSchema, data);
      if (!senderMayAsk(sender, task, browser.runtime.id, extensionOrigin)) {
        throw new TrackerError('forbidden', { detail: 'sender may not ask about this task' });
      }
      return (await apiFor(task.tracker)).listAttachments(task);
    }),
  );
}
