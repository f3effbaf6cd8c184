import { AppError } from '../errors';
import { queueChanged } from '../jobs/changes';
import type { UploadJob } from '../jobs/records';
import type { FileAnnouncement } from '../messages/file-announcement';
import type { TaskRef } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import { chunkSize } from './chunk-size';
import { copyNames } from './copy-plan';
import { quotaErrorOf } from './quota';
import { type StoreWatch, storeUploads } from './store';

export interface BatchPlan {
  batchId: string;
  task: TaskRef;
  files: FileAnnouncement[];
  comment?: string;
  pageUrl?: string;
}

/** Every file within the tracker's limit, else one error naming the first file over it. */
export function requireWithinLimit(files: readonly FileAnnouncement[], tracker: TaskRef['tracker'], limit: number) {
  const tooLarge = files.find((file) => file.size > limit);
  if (tooLarge) throw new AppError('too-large', { tracker, limitBytes: limit, detail: tooLarge.name });
}

/** The bytes that arrived must be the files that were announced, in order. */
export function matchesAnnouncement(plan: BatchPlan, files: readonly Blob[]): boolean {
  return (
    files.length === plan.files.length &&
    files.every((file, index) => {
      const announced = plan.files[index];
      return announced !== undefined && file.size === announced.size;
    })
  );
}

/**
 * One job per file. A name the batch holds twice (a dropped folder's `a/README.md` and `b/README.md`) is numbered
 * as a copy's is: settle tells a job's file by its name, so two of one name could each take the other's for its own.
 */
export function jobsFor(plan: BatchPlan, now = Date.now()): UploadJob[] {
  const names = copyNames(plan.files.map((file) => file.name));
  return plan.files.map((file, index) => ({
    id: crypto.randomUUID(),
    batchId: plan.batchId,
    task: plan.task,
    taskKey: taskKey(plan.task),
    name: names[index] ?? file.name,
    size: file.size,
    type: file.type,
    chunkSize,
    chunkCount: Math.max(1, Math.ceil(file.size / chunkSize)),
    state: 'queued',
    comment: plan.comment,
    pageUrl: plan.pageUrl,
    attempts: 0,
    notBefore: 0,
    bytesSent: 0,
    // Keeps the batch in the order it was dropped.
    createdAt: now + index,
  }));
}

/**
 * Writes the batch's chunks and jobs, file by file, all or nothing; returns the job ids. On failure (or when
 * `watch.signal` stops it), a full quota is thrown as the quota error, and the queue is said to have changed: its
 * files stored before the failure may already show in toolbars (the queue was kicked for them), and their jobs are
 * gone.
 */
export async function storeBatch(
  plan: BatchPlan,
  files: readonly Blob[],
  onFileStored?: () => void,
  watch?: StoreWatch,
): Promise<string[]> {
  const jobs = jobsFor(plan);
  const entries = jobs.flatMap((job, index) => {
    const file = files[index];
    return file ? [{ job, file }] : [];
  });
  try {
    await storeUploads(entries, onFileStored, watch);
  } catch (error) {
    queueChanged();
    throw (
      (await quotaErrorOf(
        error,
        plan.files.reduce((bytes, file) => bytes + file.size, 0),
      )) ?? error
    );
  }
  return entries.map(({ job }) => job.id);
}
