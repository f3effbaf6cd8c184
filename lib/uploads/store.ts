import { db } from '../jobs/db';
import { newestOfEachState } from '../jobs/newest-by-state';
import { type UploadJob, type UploadState, uploadStates } from '../jobs/records';
import { updateJob, uploadsInStates } from '../jobs/store';

/**
 * How many bytes of chunks go in one transaction. The runner reads a file's chunks (to send it) in a transaction of
 * the chunk store too, and waits for any write transaction begun before it: with a whole 256 MiB file per
 * transaction, the second upload of a batch waited for the third file to be copied in (1.3-2.2 s after the first
 * read of its task, in the bench). A file stored over several transactions is still read only once it is all in
 * (`awaitingBytes`), and a hand-off that fails halfway removes its chunks with its jobs.
 */
const bytesPerTransaction = 32 * 1024 * 1024;

/** Chunks `first` to `end` (excluded) of one file, in a transaction of the chunk store only. */
async function storeChunkRange(job: UploadJob, file: Blob, first: number, end: number): Promise<void> {
  const transaction = (await db()).transaction('chunks', 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    for (let index = first; index < end; index++) {
      const start = index * job.chunkSize;
      const blob = file.slice(start, start + job.chunkSize);
      writes.push(transaction.objectStore('chunks').put({ jobId: job.id, index, blob }));
    }
  } catch (error) {
    transaction.abort();
    await Promise.allSettled([...writes, transaction.done]);
    throw error;
  }
  await Promise.all([...writes, transaction.done]);
}

/** Who follows a batch being stored: told after each transaction of chunks, and able to stop it. */
export interface StoreWatch {
  /** Aborted: no more bytes are stored, the batch is never marked arrived, and it is removed. */
  signal?: AbortSignal;
  /** After each transaction of chunks (a file has one at least): a 2 GiB file is not one long silence. */
  onProgress?: () => void;
}

/**
 * One file's bytes as fixed-size chunks, in transactions of the chunk store only (the runner's reads and writes of
 * jobs never wait for a copy of a large file, as they did while the job was written in the same transaction), each
 * of at most `bytesPerTransaction`.
 */
async function storeChunks(job: UploadJob, file: Blob, watch: StoreWatch): Promise<void> {
  const perTransaction = Math.max(1, Math.floor(bytesPerTransaction / job.chunkSize));
  for (let first = 0; first < job.chunkCount; first += perTransaction) {
    watch.signal?.throwIfAborted();
    await storeChunkRange(job, file, first, Math.min(job.chunkCount, first + perTransaction));
    watch.onProgress?.();
  }
}

/** Writes upload jobs in one transaction: all of them or none. */
export async function storeJobs(jobs: readonly UploadJob[]): Promise<void> {
  const transaction = (await db()).transaction('uploads', 'readwrite');
  await Promise.all([...jobs.map((job) => transaction.store.put(job)), transaction.done]);
}

/** The batch is all there: one transaction, so a batch is never seen partly arrived and partly not. */
/**
 * Lets the batch in. Stopped while its transaction waits for the store (the stall that kept the bridge waiting), it
 * commits nothing: a hand-off the bridge reported failed is never queued.
 */
async function markArrived(jobs: readonly UploadJob[], signal: AbortSignal | undefined): Promise<void> {
  const transaction = (await db()).transaction('uploads', 'readwrite');
  const stop = () => {
    try {
      transaction.abort();
    } catch {
      // Committed already: the batch is in, and the worker's ok goes to the bridge.
    }
  };
  signal?.addEventListener('abort', stop, { once: true });
  try {
    await Promise.all([
      ...jobs.map(async (job) => {
        // The runner may have moved a job on meanwhile: only the flag goes.
        const stored = await transaction.store.get(job.id);
        if (stored) await transaction.store.put({ ...stored, arriving: undefined });
      }),
      transaction.done,
    ]);
  } catch (error) {
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

/**
 * Stores a batch: its jobs first, all at once, then each file's bytes, telling `onFileStored` after each, so the
 * first file can be on its way while the next ones are copied in. A job is `awaitingBytes` until its file is in, and
 * `arriving` until the last one is: the runner reads no bytes before they are there, and attaches the batch only
 * after that. A hand-off that fails halfway, or that `watch.signal` stops (as late as right before the batch is
 * marked arrived), removes the whole batch: nothing is left that would be attached as a smaller batch, and attached
 * again when the user drops the files once more. The Blobs stay on disk; nothing is read into memory.
 */
export async function storeUploads(
  entries: readonly { job: UploadJob; file: Blob }[],
  onFileStored: () => void = () => undefined,
  watch: StoreWatch = {},
): Promise<void> {
  const jobs = entries.map(({ job }) => ({ ...job, arriving: true, awaitingBytes: true }));
  await storeJobs(jobs);
  try {
    for (const { job, file } of entries) {
      await storeChunks(job, file, watch);
      // Cancelled (or cleared) while its bytes were copied in: they are nobody's, and would only take up the quota.
      const wanted = await updateJob('uploads', job.id, { awaitingBytes: undefined }, isStillWanted);
      if (!wanted) await deleteChunks(job.id);
      onFileStored();
    }
    watch.signal?.throwIfAborted();
    await markArrived(jobs, watch.signal);
  } catch (error) {
    for (const job of jobs) await deleteUpload(job.id);
    throw error;
  }
  onFileStored();
}

const isStillWanted = (job: UploadJob): boolean => job.state !== 'cancelled';

/** Every state but `done`: a done job's file is attached, so it is never dropped, and done jobs are most of the history. */
const statesAHandoffMayLeave = uploadStates.filter((state) => state !== 'done');

/**
 * Jobs of hand-offs that never ended (the worker or the browser stopped midway; the page was told nothing was
 * stored). Only batches handed off before `before`: one begun since is still under way. A batch's jobs are dated
 * one millisecond apart to keep their order, so its first job tells when the hand-off began. Runs at every worker
 * start, before the uploads resume: it reads by state, never the finished history.
 */
export async function dropUnfinishedHandoffs(before: number): Promise<void> {
  const arriving = (await uploadsInStates(statesAHandoffMayLeave)).filter((job) => job.arriving);
  const began = new Map<string, number>();
  for (const job of arriving) began.set(job.batchId, Math.min(began.get(job.batchId) ?? job.createdAt, job.createdAt));
  for (const job of arriving) if ((began.get(job.batchId) ?? before) < before) await deleteUpload(job.id);
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

/** Keys are [jobId, index]: one range covers a job's chunks. */
function chunksOf(jobId: string): IDBKeyRange {
  return IDBKeyRange.bound([jobId, 0], [jobId, Number.POSITIVE_INFINITY]);
}

export async function deleteChunks(jobId: string): Promise<void> {
  await (await db()).delete('chunks', chunksOf(jobId));
}

export async function deleteUpload(jobId: string): Promise<void> {
  await deleteChunks(jobId);
  await (await db()).delete('uploads', jobId);
}

/**
 * Deletes chunks no upload still needs: of a job gone, done or cancelled. Such bytes are left where the worker
 * stopped between a job's end and the deletion of its chunks. Read by job (keys only), at every worker start.
 */
export async function sweepUnneededChunks(): Promise<void> {
  const database = await db();
  const jobIds: string[] = [];
  let cursor = await database.transaction('chunks').store.index('byJob').openKeyCursor(null, 'nextunique');
  while (cursor) {
    jobIds.push(String(cursor.key));
    cursor = await cursor.continue();
  }
  for (const jobId of jobIds) {
    const job = await database.get('uploads', jobId);
    if (!job || job.state === 'done' || job.state === 'cancelled') await deleteChunks(jobId);
  }
}

/** Deletes the upload jobs in these states and their chunks, all in one transaction; how many went. */
export async function deleteUploadsInStates(states: readonly UploadState[]): Promise<number> {
  const transaction = (await db()).transaction(['uploads', 'chunks'], 'readwrite');
  const uploads = transaction.objectStore('uploads');
  const chunks = transaction.objectStore('chunks');
  const byState = uploads.index('byState');
  const ids = (await Promise.all(states.map((state) => byState.getAllKeys(state)))).flat();
  await Promise.all([...ids.flatMap((id) => [chunks.delete(chunksOf(id)), uploads.delete(id)]), transaction.done]);
  return ids.length;
}

/** The newest `limit` upload jobs of each state (see `newestOfEachState`). */
export async function newestUploadsByState(limit: number): Promise<UploadJob[]> {
  return newestOfEachState((await db()).transaction('uploads').store.index('byStateAge'), uploadStates, limit);
}

/**
 * Marks a batch's jobs announced when `finished` says so of them, checked and written in one transaction (two
 * enders of a batch at once tell it once); true if they were marked now.
 */
export async function markBatchAnnounced(
  batchId: string,
  taskKey: string,
  finished: (batch: readonly UploadJob[]) => boolean,
): Promise<boolean> {
  const transaction = (await db()).transaction('uploads', 'readwrite');
  const batch = (await transaction.store.index('byTask').getAll(taskKey)).filter((job) => job.batchId === batchId);
  const marking = finished(batch);
  const marks = marking ? batch.map((job) => transaction.store.put({ ...job, announced: true })) : [];
  await Promise.all([...marks, transaction.done]);
  return marking;
}
