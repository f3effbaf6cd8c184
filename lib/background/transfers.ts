import { loadRecentTasks } from '../context-menu/recent-tasks';
import type { DownloadQueue } from '../downloads/queue';
import {
  deleteDownload,
  deleteDownloadsInStates,
  latestBatchesOfTasks,
  latestBatchOfTask,
  ledgerOfTask,
  newestDownloadsByState,
} from '../downloads/store';
import { queueChanged } from '../jobs/changes';
import { isActive, isActiveUpload } from '../jobs/records';
import { getJob, jobsOfTask } from '../jobs/store';
import { downloadView, isUnderWay, type TransferView, uploadView } from '../jobs/transfer-view';
import type { TaskProgress, TaskTransfers } from '../messages/watch';
import type { TaskRef } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import { deleteUpload, deleteUploadsInStates, newestUploadsByState } from '../uploads/store';
import { cancelUpload, liveBytesSent, retryUpload } from './uploads';

const shownInPopup = 200;

/** The newest batch is what the toolbar reports on; earlier ones live on in the ledger or the tracker. */
function latestBatch<T extends { batchId: string; createdAt: number }>(jobs: readonly T[]): T[] {
  const sorted = [...jobs].sort((a, b) => a.createdAt - b.createdAt);
  const latest = sorted.at(-1)?.batchId;
  return sorted.filter((job) => job.batchId === latest);
}

function byTaskKey<T extends { taskKey: string }>(items: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const group = grouped.get(item.taskKey);
    if (group) group.push(item);
    else grouped.set(item.taskKey, [item]);
  }
  return grouped;
}

/** An upload's view with the bytes the runner reported last (the stored count lags). */
function liveUploadView(...[job]: Parameters<typeof uploadView>): TransferView {
  const view = uploadView(job);
  const live = view.phase === 'moving' ? liveBytesSent(job.id) : undefined;
  return live === undefined ? view : { ...view, bytesDone: Math.max(view.bytesDone, live) };
}

/** Jobs were deleted: watchers are told, so open toolbars and popups drop their rows (no queue step would say so). */
async function forgotten<T>(deletion: Promise<T>): Promise<T> {
  const result = await deletion;
  queueChanged();
  return result;
}

/** The read side of both queues, and what a toolbar or the popup may do to a transfer. */
export function transferService(downloads: DownloadQueue) {
  return {
    /** A task's transfers for its toolbar: the latest downloads, what was saved, the uploads worth showing. */
    async ofTask(task: TaskRef): Promise<TaskTransfers> {
      const key = taskKey(task);
      const [downloadJobs, ledger, uploadJobs] = await Promise.all([
        latestBatchOfTask(key),
        ledgerOfTask(key),
        jobsOfTask('uploads', key),
      ]);
      const latestUploads = new Set(latestBatch(uploadJobs).map((job) => job.id));
      return {
        downloads: (await downloads.withLiveProgress(downloadJobs)).map(downloadView),
        saved: ledger.map(({ attachmentId, size, md5 }) => ({ attachmentId, size, md5 })),
        uploads: uploadJobs
          .filter(
            (job) =>
              isActiveUpload(job) || job.state === 'failed' || (latestUploads.has(job.id) && job.state === 'done'),
          )
          .sort((a, b) => a.createdAt - b.createdAt)
          .map(liveUploadView),
      };
    },

    /** Each task's latest download batch, counted: what a list page's toolbar shows per task and in total. */
    async progressOf(tasks: readonly TaskRef[]): Promise<TaskProgress[]> {
      const keys = new Set(tasks.map(taskKey));
      const latest = [...(await latestBatchesOfTasks([...keys])).values()].flat();
      const viewsByTask = byTaskKey((await downloads.withLiveProgress(latest)).map(downloadView));
      return [...keys].map((key) => {
        const views = viewsByTask.get(key) ?? [];
        const sum = (bytes: (view: TransferView) => number) => views.reduce((total, view) => total + bytes(view), 0);
        return {
          taskKey: key,
          files: views.length,
          done: views.filter((view) => view.phase === 'done').length,
          failed: views.filter((view) => view.phase === 'failed').length,
          underWay: views.filter(isUnderWay).length,
          bytesDone: sum((view) => (view.phase === 'done' ? view.bytesTotal : view.bytesDone)),
          bytesTotal: sum((view) => view.bytesTotal),
          queuedAt: views.length > 0 ? Math.min(...views.map((view) => view.createdAt)) : 0,
        };
      });
    },

    /** Every transfer worth showing in the popup: moving, then waiting, then the newest finished ones. */
    async overview(): Promise<TransferView[]> {
      const [downloadJobs, uploadJobs, recents] = await Promise.all([
        newestDownloadsByState(shownInPopup).then(downloads.withLiveProgress),
        newestUploadsByState(shownInPopup),
        loadRecentTasks(),
      ]);
      const pages = new Map(recents.map((recent) => [taskKey(recent.task), recent]));
      const views = [
        ...downloadJobs.map(downloadView),
        ...uploadJobs
          .map(liveUploadView)
          .map((view) => ({ ...view, taskTitle: pages.get(view.taskKey)?.title || view.taskTitle })),
      ].map((view) => ({ ...view, pageUrl: view.pageUrl ?? pages.get(view.taskKey)?.url }));
      const rank = (view: TransferView) => (view.phase === 'moving' ? 0 : view.phase === 'waiting' ? 1 : 2);
      return views.sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt).slice(0, shownInPopup);
    },

    /** Cancels one transfer of the task, or (without an id) all that still move: a failed upload stays. */
    async cancel(task: TaskRef, jobId?: string): Promise<void> {
      const key = taskKey(task);
      const wanted = (job: { id: string }) => !jobId || job.id === jobId;
      for (const job of (await jobsOfTask('downloads', key)).filter(isActive))
        if (wanted(job)) await downloads.cancel(job.id);
      for (const job of await jobsOfTask('uploads', key)) {
        if (jobId ? job.id === jobId : isActiveUpload(job)) await cancelUpload(job.id);
      }
    },

    /** Retries one transfer of the task (only of that task). */
    async retry(task: TaskRef, jobId: string): Promise<void> {
      const key = taskKey(task);
      if ((await getJob('downloads', jobId))?.taskKey === key) await downloads.retry(jobId);
      else if ((await getJob('uploads', jobId))?.taskKey === key) await retryUpload(jobId);
    },

    /** The popup: cancel, retry or remove one transfer, whichever queue it is in. */
    async steer(action: 'cancel' | 'retry' | 'remove', jobId: string): Promise<void> {
      const download = await getJob('downloads', jobId);
      if (download) {
        if (action === 'retry') await downloads.retry(jobId);
        else if (isActive(download)) await downloads.cancel(jobId);
        else if (action === 'remove') await forgotten(deleteDownload(jobId));
        return;
      }
      const upload = await getJob('uploads', jobId);
      if (!upload) return;
      if (action === 'retry') await retryUpload(jobId);
      else if (isActiveUpload(upload) || upload.state === 'failed') await cancelUpload(jobId);
      if (action === 'remove' && !isActiveUpload(upload)) await forgotten(deleteUpload(jobId));
    },

    /** Forgets finished and cancelled transfers (failed ones stay, to be retried); how many went. */
    async clearFinished(): Promise<number> {
      const finished = ['done', 'cancelled'] as const;
      return forgotten(
        Promise.all([deleteDownloadsInStates(finished), deleteUploadsInStates(finished)]).then(
          ([downloadsGone, uploadsGone]) => downloadsGone + uploadsGone,
        ),
      );
    },
  };
}

export type TransferService = ReturnType<typeof transferService>;
