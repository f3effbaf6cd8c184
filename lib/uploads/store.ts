import { db } from '../jobs/db';
import type { UploadJob } from '../jobs/records';

/**
 * Stores a batch of files as fixed-size chunks, with their jobs, in one transaction: a job is never visible without
 * all of its bytes, and a batch never without all of its files (a hand-off that fails halfway leaves nothing that
 * would be attached as a smaller batch, and be attached again when the user drops the files once more). The Blobs
 * stay on disk; nothing is read into memory.
 */
export async function storeUploads(entries: readonly { job: UploadJob; file: Blob }[]): Promise<void> {
  const transaction = (await db()).transaction(['chunks', 'uploads'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    for (const { job, file } of entries) {
      for (let index = 0; index < job.chunkCount; index++) {
        const start = index * job.chunkSize;
        const blob = file.slice(start, start + job.chunkSize);
        writes.push(transaction.objectStore('chunks').put({ jobId: job.id, index, blob }));
      }
      writes.push(transaction.objectStore('uploads').put(job));
    }
  } catch (error) {
    transaction.abort();
    await Promise.allSettled([...writes, transaction.done]);
    throw error;
  }
  await Promise.all([...writes, transaction.done]);
}

/** The whole file again, as one Blob made of the stored chunks (still disk-backed). */
export async function uploadedBytes(job: UploadJob): Promise<Blob> {
  const chunks = await (await db()).getAllFromIndex('chunks', 'byJob', job.id);
  chunks.sort((a, b) => a.index - b.index);
  if (chunks.length !== job.chunkCount) throw new Error(`chunks missing for ${job.id}`);
  return new Blob(
    chunks.map((chunk) => chunk.blob),
    { type: job.type },
  );
}

export async function deleteChunks(jobId: string): Promise<void> {
  // Keys are [jobId, index]: one range covers the job's chunks.
  await (await db()).delete('chunks', IDBKeyRange.bound([jobId, 0], [jobId, Number.POSITIVE_INFINITY]));
}

export async function deleteUpload(jobId: string): Promise<void> {
  await deleteChunks(jobId);
  await (await db()).delete('uploads', jobId);
}
