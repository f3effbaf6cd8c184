import { db } from '../jobs/db';
import type { UploadJob } from '../jobs/records';
import type { TaskRef } from '../trackers/registry';
import type { CopyFile } from './copy-plan';
import { jobsFor } from './intake';

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
 * One upload job per file, as for dropped files (`jobsFor`), but starting in `fetching`: the bytes are not here
 * yet. Size and chunk count are the source's word until the fetch counts the bytes (PlanFix gives whole kilobytes).
 */
export function copyJobsFor(batch: CopyBatch, now = Date.now()): UploadJob[] {
  const files = batch.files.map(({ attachment, name }) => ({
    name,
    size: attachment.size,
    type: attachment.mime ?? '',
  }));
  const plan = { batchId: batch.batchId, task: batch.target, files, comment: batch.comment, pageUrl: batch.targetUrl };
  return jobsFor(plan, now).map((job, index) => ({
    ...job,
    state: 'fetching',
    source: { task: batch.source, attachment: (batch.files[index] as CopyFile).attachment },
    bytesFetched: 0,
  }));
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
