import { AppError } from '../errors';
import type { UploadJob } from '../jobs/records';
import type { FileAnnouncement } from '../messages/file-announcement';
import type { TaskRef } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import { chunkSize } from './chunk-size';
import { storeUploads } from './store';

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

export function jobsFor(plan: BatchPlan, now = Date.now()): UploadJob[] {
  return plan.files.map((file, index) => ({
    id: crypto.randomUUID(),
    batchId: plan.batchId,
    task: plan.task,
    taskKey: taskKey(plan.task),
    name: file.name,
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

/** Writes the batch's chunks and jobs, file by file, all or nothing; returns the job ids. */
export async function storeBatch(
  plan: BatchPlan,
  files: readonly Blob[],
  onFileStored?: () => void,
): Promise<string[]> {
  const jobs = jobsFor(plan);
  const entries = jobs.flatMap((job, index) => {
    const file = files[index];
    return file ? [{ job, file }] : [];
  });
  await storeUploads(entries, onFileStored);
  return entries.map(({ job }) => job.id);
}
