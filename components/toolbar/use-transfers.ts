import { useEffect, useState } from 'preact/hooks';
import { isUnderWay } from '../../lib/jobs/transfer-view';
import { type TaskTransfers, watchTaskTransfers } from '../../lib/messages/watch';
import type { TaskRef } from '../../lib/trackers/registry';

const empty: TaskTransfers = { downloads: [], saved: [], uploads: [] };

export function hasActiveDownloads(transfers: TaskTransfers): boolean {
  return transfers.downloads.some(isUnderWay);
}

export function hasActiveUploads(transfers: TaskTransfers): boolean {
  return transfers.uploads.some(isUnderWay);
}

/** The task's transfers as the background pushes them (the queue lives there, across page loads). */
export function useTransfers(task: TaskRef): TaskTransfers {
  const [transfers, setTransfers] = useState<TaskTransfers>(empty);
  useEffect(() => watchTaskTransfers(task, setTransfers), [task.tracker, task.kind, task.id, task.host]);
  return transfers;
}
