import { db } from '../jobs/db';
import type { UploadJob } from '../jobs/records';
import type { TaskRef } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import { chunkSize } from './chunk-size';
import type { CopyFile } from './copy-plan';

export interface CopyBatch {
  batchId: string;
  source: TaskRef;
  target: TaskRef;
  /** The target task's page: the notification and the popup open it. */
  targetUrl?: string;
  files: readonly CopyFile[];
  comment?: string;
}

/**
 * One upload job per file, starting in `fetching`: the bytes are not here yet. Size and chunk count are the
 * source's word until the fetch counts the bytes (PlanFix gives whole kilobytes).
 */
export function copyJobsFor(batch: CopyBatch, now = Date.now()): UploadJob[] {
  return batch.files.map(({ attachment, name }, index) => ({
    id: crypto.randomUUID(),
    batchId: batch.batchId,
    task: batch.target,
    taskKey: taskKey(batch.target),
    name,
    size: attachment.size,
    type: attachment.mime ?? '',
    chunkSize,
    chunkCount: Math.max(1, Math.ceil(attachment.size / chunkSize)),
    state: 'fetching',
    comment: batch.comment,
    pageUrl: batch.targetUrl,
    source: { task: batch.source, attachment },
    bytesFetched: 0,
    attempts: 0,
    notBefore: 0,
    bytesSent: 0,
    // Keeps the batch in the order the source lists it.
    createdAt: now + index,
  }));
}

/** Writes a copy's jobs in one transaction: the whole batch or none of it. */
export async function storeCopyJobs(jobs: readonly UploadJob[]): Promise<void> {
  const transaction = (await db()).transaction('uploads', 'readwrite');
  await Promise.all([...jobs.map((job) => transaction.store.put(job)), transaction.done]);
}

/**
 * Writes one chunk of a fetch, with the count of bytes fetched so far, only while the job is still fetching for this
 * run: a cancelled job, or a fetch another run took over, gets no more bytes (and leaves none behind).
 */
export async function storeFetchedChunk(
  jobId: string,
  run: string,
  chunk: { index: number; blob: Blob },
  bytesFetched: number,
): Promise<boolean> {
  const transaction = (await db()).transaction(['chunks', 'uploads'], 'readwrite');
  const uploads = transaction.objectStore('uploads');
  const job = await uploads.get(jobId);
  if (job?.state !== 'fetching' || job.fetchRun !== run) {
    await transaction.done;
    return false;
  }
  await Promise.all([
    transaction.objectStore('chunks').put({ jobId, ...chunk }),
    uploads.put({ ...job, bytesFetched }),
    transaction.done,
  ]);
  return true;
}
