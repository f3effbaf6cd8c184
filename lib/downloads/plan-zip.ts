import type { TaskRef } from '../trackers/registry';
import type { Attachment } from '../trackers/types';
import { type PlannedFile, planDownloads } from './plan';
import { safeSegment } from './safe-name';

export interface PlannedZip {
  /** `<Tracker>/<task id> <task title>.zip` under the downloads folder. */
  path: string;
  /** Entry names inside the ZIP: safe, unique file names. */
  entries: PlannedFile[];
}

/** One ZIP of the task's files, named after the task. */
export function planZip(
  task: TaskRef,
  taskTitle: string,
  trackerLabel: string,
  attachments: readonly Attachment[],
): PlannedZip {
  const name = safeSegment(`${task.id} ${taskTitle}`.trim(), task.id);
  return {
    path: `${safeSegment(trackerLabel)}/${name}.zip`,
    entries: planDownloads(task, taskTitle, trackerLabel, attachments, '{fileName}'),
  };
}
