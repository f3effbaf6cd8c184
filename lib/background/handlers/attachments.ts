import * as v from 'valibot';
import { TaskRefSchema, toBackground } from '../../messages';
import { apiFor } from '../apis';
import { toResult } from '../result';
import { requireTaskSender, type SenderContext } from '../sender-check';

export function handleAttachmentMessages(context: SenderContext): void {
  toBackground.onMessage('listAttachments', ({ data, sender }) =>
    toResult(async () => {
      const task = v.parse(TaskRefSchema, data);
      requireTaskSender(context, sender, task);
      return (await apiFor(task.tracker)).listAttachments(task);
    }),
  );
}
