import { loadRecentTasks } from '../context-menu/recent-tasks';
import { type DownloadJob, isActive } from '../downloads/job';
import { withLiveProgress } from '../downloads/runner';
import { allJobs } from '../downloads/store';
import type { SerializedError } from '../errors';
import type { TrackerId } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import { isActiveUpload, type UploadJob } from '../uploads/job';
import { allUploads } from '../uploads/store';

/** One transfer as the popup shows it, whichever way it goes. */
export interface QueueItem {
  id: string;
  direction: 'download' | 'upload';
  tracker: TrackerId;
  name: string;
  taskTitle: string;
  /** The task page, where known (uploads remember it; downloads find it among recent visits). */
  taskUrl?: string;
  phase: 'waiting' | 'moving' | 'done' | 'failed' | 'cancelled';
  bytesDone: number;
  bytesTotal: number;
  error?: SerializedError;
  createdAt: number;
}

const shownItems = 200;

function downloadPhase(job: DownloadJob): QueueItem['phase'] {
  if (job.state === 'running') return 'moving';
  if (isActive(job)) return 'waiting';
  return job.state === 'done' ? 'done' : job.state === 'failed' ? 'failed' : 'cancelled';
}

function uploadPhase(job: UploadJob): QueueItem['phase'] {
  if (job.state === 'uploading' || job.state === 'attaching') return 'moving';
  if (isActiveUpload(job)) return 'waiting';
  return job.state === 'done' ? 'done' : job.state === 'failed' ? 'failed' : 'cancelled';
}

/** Every transfer still worth showing: active and failed ones first, then the newest finished ones. */
export async function queueOverview(): Promise<QueueItem[]> {
  const [downloads, uploads, recents] = await Promise.all([
    allJobs().then(withLiveProgress),
    allUploads(),
    loadRecentTasks(),
  ]);
  const pages = new Map(recents.map((recent) => [taskKey(recent.task), recent]));
  const items: QueueItem[] = [
    ...downloads.map((job) => ({
      id: job.id,
      direction: 'download' as const,
      tracker: job.task.tracker,
      name: job.attachment.name,
      taskTitle: job.taskTitle || job.task.id,
      taskUrl: pages.get(job.taskKey)?.url,
      phase: downloadPhase(job),
      bytesDone: job.bytesReceived,
      bytesTotal: job.totalBytes || job.attachment.size || 0,
      error: job.error,
      createdAt: job.createdAt,
    })),
    ...uploads.map((job) => ({
      id: job.id,
      direction: 'upload' as const,
      tracker: job.task.tracker,
      name: job.name,
      taskTitle: pages.get(job.taskKey)?.title || job.task.id,
      taskUrl: job.pageUrl ?? pages.get(job.taskKey)?.url,
      phase: uploadPhase(job),
      bytesDone: job.bytesSent,
      bytesTotal: job.size,
      error: job.error,
      createdAt: job.createdAt,
    })),
  ];
  const rank = (item: QueueItem) => (item.phase === 'moving' ? 0 : item.phase === 'waiting' ? 1 : 2);
  return items.sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt).slice(0, shownItems);
}
