import * as v from 'valibot';
import { type DownloadJob, isActive } from '../../downloads/job';
import { cancelJob, drained, retryJob, withLiveProgress } from '../../downloads/runner';
import { jobsOfTask, ledgerOfTask } from '../../downloads/store';
import { type TaskTransfers, TaskTransfersRequestSchema, TransferRefSchema, toBackground } from '../../messages';
import { type LongPoll, queueChangeAfter, queueVersion } from '../../queue/changes';
import { taskKey } from '../../trackers/task-key';
import { cancelUpload, retryUpload } from '../../uploads/coordinator';
import { isActiveUpload, type UploadJob } from '../../uploads/job';
import { uploadsOfTask } from '../../uploads/store';
import { toResult } from '../result';
import { requireTaskSender, type SenderContext } from '../sender-check';

/** The newest batch is what the toolbar reports on; earlier ones live on in the ledger or the tracker. */
function latestBatch<T extends { batchId: string; createdAt: number }>(jobs: readonly T[]): T[] {
  const sorted = [...jobs].sort((a, b) => a.createdAt - b.createdAt);
  const latest = sorted.at(-1)?.batchId;
  return sorted.filter((job) => job.batchId === latest);
}

/** Uploads: the active ones, failed ones kept until retried or removed, and the latest batch's finished ones. */
function visibleUploads(jobs: readonly UploadJob[]): UploadJob[] {
  const latest = new Set(latestBatch(jobs).map((job) => job.id));
  return jobs
    .filter((job) => isActiveUpload(job) || job.state === 'failed' || (latest.has(job.id) && job.state === 'done'))
    .sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * How a toolbar's look waits: for a change to the queue, but not answered sooner than `minWaitMs` after it was
 * asked unless the downloads have drained. Uploads move in the offscreen document, which reports only the end of a
 * batch: their progress is looked at every `timeoutMs`.
 */
const longPoll: LongPoll = { minWaitMs: 300, timeoutMs: 500, idle: drained };

async function transfersOf(key: string, after: number | undefined): Promise<TaskTransfers> {
  if (after !== undefined) await queueChangeAfter(after, longPoll);
  const version = queueVersion();
  const downloads: DownloadJob[] = await withLiveProgress(latestBatch(await jobsOfTask(key)));
  return {
    version,
    transfers: downloads.map((job) => ({
      id: job.id,
      attachmentId: job.attachment.id,
      name: job.attachment.name,
      path: job.path,
      state: job.state,
      bytesReceived: job.bytesReceived,
      totalBytes: job.totalBytes,
      error: job.error,
    })),
    saved: (await ledgerOfTask(key)).map((entry) => ({
      attachmentId: entry.attachmentId,
      size: entry.size,
      md5: entry.md5,
    })),
    uploads: visibleUploads(await uploadsOfTask(key)).map((job) => ({
      id: job.id,
      name: job.name,
      size: job.size,
      state: job.state,
      bytesSent: job.bytesSent,
      error: job.error,
    })),
  };
}

/** A task's downloads and uploads: what moves, cancelling and retrying. */
export function handleTransferMessages(context: SenderContext): void {
  toBackground.onMessage('taskTransfers', ({ data, sender }) =>
    toResult(async () => {
      const { task, after } = v.parse(TaskTransfersRequestSchema, data);
      requireTaskSender(context, sender, task);
      return transfersOf(taskKey(task), after);
    }),
  );

  toBackground.onMessage('cancelTransfers', ({ data, sender }) =>
    toResult(async () => {
      const input = v.parse(TransferRefSchema, data);
      requireTaskSender(context, sender, input.task);
      const key = taskKey(input.task);
      const wanted = (job: { id: string }) => !input.jobId || job.id === input.jobId;
      for (const job of (await jobsOfTask(key)).filter(isActive)) if (wanted(job)) await cancelJob(job.id);
      for (const job of await uploadsOfTask(key)) {
        // "Cancel all" stops what moves; a failed file is only removed when asked for by name.
        if (input.jobId ? job.id === input.jobId : isActiveUpload(job)) await cancelUpload(job.id);
      }
      return null;
    }),
  );

  toBackground.onMessage('retryTransfer', ({ data, sender }) =>
    toResult(async () => {
      const input = v.parse(TransferRefSchema, data);
      requireTaskSender(context, sender, input.task);
      const key = taskKey(input.task);
      if ((await jobsOfTask(key)).some((job) => job.id === input.jobId)) await retryJob(input.jobId ?? '');
      else if ((await uploadsOfTask(key)).some((job) => job.id === input.jobId)) await retryUpload(input.jobId ?? '');
      return null;
    }),
  );
}
