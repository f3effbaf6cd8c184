import { TrackerError } from '../trackers/errors';
import { taskKey } from '../trackers/task-key';
import type { TaskRef } from '../trackers/types';
import type { FileAnnouncement } from './announcement';
import { chunkSize } from './chunk';
import { inState, type UploadJob } from './job';
import { deleteChunks, deleteUploads, putUploads, storeChunks, updateUpload } from './store';

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
  if (tooLarge) throw new TrackerError('too-large', { tracker, limitBytes: limit, detail: tooLarge.name });
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

/** Batches whose hand-off is under way in this worker life. */
const receiving = new Set<string>();

/**
 * Records the batch's jobs first, then writes each file's chunks and hands its job to the runner (`onFileReady`), so
 * the first file is on its way while the next ones are still being written. The batch is attached only once all of
 * its jobs are uploaded, so a file still being written holds that back. A file that cannot be written is dropped
 * with the ones after it, and the error goes back to the page; returns the job ids.
 */
export async function storeBatch(plan: BatchPlan, files: readonly Blob[], onFileReady?: () => void): Promise<string[]> {
  const jobs = jobsFor(plan).map((job) => ({ ...job, receiving: true }));
  receiving.add(plan.batchId);
  try {
    await putUploads(jobs);
    for (const [index, job] of jobs.entries()) {
      try {
        await storeChunks(job, files[index] ?? new Blob([]));
        // Cancelled meanwhile: its chunks go too.
        if (!(await updateUpload(job.id, { receiving: undefined }, inState('queued')))) await deleteChunks(job.id);
      } catch (error) {
        await deleteUploads(jobs.slice(index).map((unwritten) => unwritten.id));
        throw error;
      }
      onFileReady?.();
    }
  } finally {
    receiving.delete(plan.batchId);
  }
  return jobs.map((job) => job.id);
}

/**
 * Jobs of a hand-off that never finished because the worker was stopped during it: their chunks may be incomplete,
 * and the page was not told they were queued. They go, as if that part of the batch had not arrived.
 */
export async function dropUnfinishedHandoffs(jobs: readonly UploadJob[]): Promise<UploadJob[]> {
  const unfinished = jobs.filter((job) => job.receiving && !receiving.has(job.batchId));
  await deleteUploads(unfinished.map((job) => job.id));
  return jobs.filter((job) => !unfinished.includes(job));
}
