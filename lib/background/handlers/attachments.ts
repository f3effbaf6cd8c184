import * as v from 'valibot';
import { recordVisit } from '../../context-menu/recent-tasks';
import { lookForDeletedFiles } from '../../downloads/still-on-disk';
import { TaskRefSchema, toBackground } from '../../messages';
import { apiForTask } from '../apis';
import { toResult } from '../result';
import { requireTaskSender, type SenderContext } from '../sender-check';

export function handleAttachmentMessages(context: SenderContext): void {
  toBackground.onMessage('listAttachments', ({ data, sender }) =>
    toResult(async () => {
      const task = v.parse(TaskRefSchema, data);
      requireTaskSender(context, sender, task);
      // Before the user can click Download all, which skips what is still saved.
      void lookForDeletedFiles();
      const list = await (await apiForTask(task)).listAttachments(task);
      // A task page the user opened: offered again in the "Attach to task" menu.
      if (sender.tab?.url)
        await recordVisit({ task, title: list.title ?? '', url: sender.tab.url, visitedAt: Date.now() });
      return list;
    }),
  );
}
