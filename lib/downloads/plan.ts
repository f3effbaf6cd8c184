import type { TaskRef } from '../trackers/registry';
import type { Attachment } from '../trackers/types';
import { expandPathPattern, uniquePaths } from './path-pattern';

export interface PlannedFile {
  attachment: Attachment;
  path: string;
}

function authorOf(attachment: Attachment): string {
  return attachment.author ?? (attachment.place.kind === 'comment' ? (attachment.place.author ?? '') : '');
}

/** Where each file goes: the user's pattern filled in per file, then made unique across the whole batch. */
export function planDownloads(
  task: TaskRef,
  taskTitle: string,
  trackerLabel: string,
  attachments: readonly Attachment[],
  pattern: string,
): PlannedFile[] {
  const paths = attachments.map((attachment) =>
    expandPathPattern(pattern, {
      tracker: trackerLabel,
      taskId: task.id,
      taskTitle,
      author: authorOf(attachment),
      date: (attachment.createdAt ?? '').slice(0, 10),
      fileName: attachment.name,
    }),
  );
  const unique = uniquePaths(paths);
  return attachments.map((attachment, index) => ({ attachment, path: unique[index] ?? attachment.name }));
}
