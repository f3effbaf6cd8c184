import * as v from 'valibot';
import { toBackground, UploadAnnouncementSchema } from '../../messages';
import { loadPreferences } from '../../settings/preferences';
import { trackerOf } from '../../trackers/registry';
import { issueHandoffToken } from '../../uploads/handoff-tokens';
import { requireWithinLimit } from '../../uploads/intake';
import { requireRoomFor } from '../../uploads/quota';
import { apiForTask } from '../apis';
import { toResult } from '../result';
import { requireTaskSender, type SenderContext } from '../sender-check';

/** Attach, first half: the content script announces the files; the bytes follow through the bridge frame. */
export function handleUploadMessages(context: SenderContext): void {
  toBackground.onMessage('beginUpload', ({ data, sender }) =>
    toResult(async () => {
      const input = v.parse(UploadAnnouncementSchema, data);
      requireTaskSender(context, sender, input.task);
      // Refuses a task of another account, or a tracker not connected, before any byte moves.
      await apiForTask(input.task);
      requireWithinLimit(input.files, input.task.tracker, trackerOf(input.task.tracker).capabilities.maxFileSize);
      await requireRoomFor(
        input.files.reduce((total, file) => total + file.size, 0),
        navigator.storage,
      );
      const batchId = crypto.randomUUID();
      const comment = input.comment?.trim() || (await loadPreferences()).defaultComment.trim() || undefined;
      const token = issueHandoffToken({
        batchId,
        task: input.task,
        files: input.files,
        comment,
        pageUrl: sender.tab?.url,
      });
      return { token, batchId };
    }),
  );
}
