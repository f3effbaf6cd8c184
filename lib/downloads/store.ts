import type { IDBPObjectStore, StoreNames } from 'idb';
import { db, type TrackerDropDB } from '../jobs/db';
import { newestOfEachState, withFirstKey } from '../jobs/newest-by-state';
import { type DownloadJob, type DownloadState, downloadStates, isActive, type LedgerEntry } from '../jobs/records';

// The download queue's own reads and writes: claiming, batched commits, the ledger.

export interface Claimed {
  claimed: DownloadJob[];
  /** When room is left: the earliest time a waiting job may start. */
  nextStart: number | undefined;
}

type JobStore<Stores extends ArrayLike<StoreNames<TrackerDropDB>>> = IDBPObjectStore<
  TrackerDropDB,
  Stores,
  'downloads',
  'readwrite'
>;

/** Counts what is starting or running and claims (`starting`) the oldest queued jobs that may start now. */
async function claimWithin<Stores extends ArrayLike<StoreNames<TrackerDropDB>>>(
  store: JobStore<Stores>,
  limit: number,
  now: number,
): Promise<Claimed> {
  const byState = store.index('byState');
  let room = limit - (await byState.count('starting')) - (await byState.count('running'));
  const claimed: DownloadJob[] = [];
  let nextStart: number | undefined;
  let cursor = room > 0 ? await store.index('byStateAge').openCursor(withFirstKey('queued')) : null;
  while (cursor && room > 0) {
    const job = cursor.value;
    if (job.notBefore <= now) {
      const starting: DownloadJob = { ...job, state: 'starting', claimedAt: now };
      await cursor.update(starting);
      claimed.push(starting);
      room--;
    } else {
      nextStart = Math.min(nextStart ?? job.notBefore, job.notBefore);
    }
    cursor = await cursor.continue();
  }
  return { claimed, nextStart };
}

/**
 * In one transaction: stores the new jobs, if any, and claims as many queued jobs as there is room for (see
 * `claimWithin`). New jobs and their first claim share a commit, so a Download all's first file is asked one commit
 * sooner.
 */
export async function claimReady(limit: number, now: number, added: readonly DownloadJob[] = []): Promise<Claimed> {
  const transaction = (await db()).transaction('downloads', 'readwrite');
  await Promise.all(added.map((job) => transaction.store.put(job)));
  const result = await claimWithin(transaction.store, limit, now);
  await transaction.done;
  return result;
}

/** A job's download has begun (kept only while the job is still `starting`), or it has finished and is saved. */
export type JobWrite =
  | { kind: 'running'; id: string; downloadId: number; session: string; forgetAfterSave?: boolean }
  | { kind: 'done'; id: string; change: Partial<DownloadJob>; saved: readonly LedgerEntry[] };

export interface Written extends Claimed {
  /** Per write, in order: the job as stored after it, or undefined where its state no longer allowed it. */
  applied: (DownloadJob | undefined)[];
}

/**
 * The ledger entries a commit writes, given each ZIP entry's record before it. A file saved as itself keeps its record
 * when a ZIP holding it is saved later, or in the same commit: the file is still in its folder.
 */
function ledgerWritesOf(
  saved: readonly LedgerEntry[],
  recordsBefore: readonly (LedgerEntry | undefined)[],
): LedgerEntry[] {
  const asFileNow = new Set(saved.filter((entry) => !entry.inZip).map((entry) => entry.key));
  return saved.filter((entry, index) => {
    if (!entry.inZip) return true;
    const before = recordsBefore[index];
    return !asFileNow.has(entry.key) && (!before || before.inZip === true);
  });
}

/**
 * Several writes in one transaction, then the freed room is claimed in it too. Each IndexedDB commit takes a few
 * milliseconds and commits run one after another, so with six downloads at once a commit per event was the queue's
 * bottleneck; a batch costs one commit.
 */
export async function writeAndClaim(
  writes: readonly JobWrite[],
  room: { limit: number; now: number },
): Promise<Written> {
  const transaction = (await db()).transaction(['downloads', 'ledger'], 'readwrite');
  const jobs = transaction.objectStore('downloads');
  const ledger = transaction.objectStore('ledger');
  // The same job can come twice (running, then done, for a small file): read once, and the later write sees the
  // earlier one.
  const ids = [...new Set(writes.map((write) => write.id))];
  const found = await Promise.all(ids.map((id) => jobs.get(id)));
  const stored = new Map(ids.map((id, index) => [id, found[index]]));
  const latest = new Map<string, DownloadJob | undefined>();
  const applied = writes.map((write) => {
    const job = latest.has(write.id) ? latest.get(write.id) : stored.get(write.id);
    let next: DownloadJob | undefined;
    if (write.kind === 'running' && job?.state === 'starting') {
      const { downloadId, session, forgetAfterSave } = write;
      next = { ...job, state: 'running', downloadId, session, forgetAfterSave };
    } else if (write.kind === 'done' && job && isActive(job)) {
      next = { ...job, ...write.change, state: 'done' };
    }
    if (next) latest.set(write.id, next);
    return next;
  });
  const saved = writes.flatMap((write, index) => (write.kind === 'done' && applied[index] ? write.saved : []));
  const recordsBefore = await Promise.all(saved.map((entry) => (entry.inZip ? ledger.get(entry.key) : undefined)));
  await Promise.all([
    ...[...latest.values()].map((job) => job && jobs.put(job)),
    ...ledgerWritesOf(saved, recordsBefore).map((entry) => ledger.put(entry)),
  ]);
  const claimed = await claimWithin(jobs, room.limit, room.now);
  await transaction.done;
  return { ...claimed, applied };
}

export async function jobByDownloadId(downloadId: number): Promise<DownloadJob | undefined> {
  return (await db()).getFromIndex('downloads', 'byDownloadId', downloadId);
}

/**
 * Each task's newest batch of downloads (the batch of its most recently created job), oldest first, in one
 * transaction; a task with none is left out. A toolbar is sent its task's several times a second while files move,
 * and a list page's toolbar those of up to 1,000 tasks: reading every batch the tasks ever had made each snapshot
 * larger with every Download all (6,000 jobs by the bench's third round of a 2,000-file task), and a list page's
 * read every download job of every task.
 */
export async function latestBatchesOfTasks(keys: readonly string[]): Promise<Map<string, DownloadJob[]>> {
  const transaction = (await db()).transaction('downloads');
  const byTaskAge = transaction.store.index('byTaskAge');
  const byBatch = transaction.store.index('byBatch');
  const batches = await Promise.all(
    keys.map(async (key) => {
      const newest = await byTaskAge.openCursor(withFirstKey(key), 'prev');
      const batch = newest ? await byBatch.getAll(newest.value.batchId) : [];
      return [key, batch.sort((a, b) => a.createdAt - b.createdAt)] as const;
    }),
  );
  return new Map(batches.filter(([, batch]) => batch.length > 0));
}

export async function latestBatchOfTask(key: string): Promise<DownloadJob[]> {
  return (await latestBatchesOfTasks([key])).get(key) ?? [];
}

/** The newest `limit` download jobs of each state (see `newestOfEachState`). */
export async function newestDownloadsByState(limit: number): Promise<DownloadJob[]> {
  return newestOfEachState((await db()).transaction('downloads').store.index('byStateAge'), downloadStates, limit);
}

export async function ledgerOfTask(key: string): Promise<LedgerEntry[]> {
  return (await db()).getAllFromIndex('ledger', 'byTask', key);
}

export async function deleteDownload(id: string): Promise<void> {
  await (await db()).delete('downloads', id);
}

/** Deletes the download jobs in these states, all in one transaction; how many went. */
export async function deleteDownloadsInStates(states: readonly DownloadState[]): Promise<number> {
  const transaction = (await db()).transaction('downloads', 'readwrite');
  const byState = transaction.store.index('byState');
  const ids = (await Promise.all(states.map((state) => byState.getAllKeys(state)))).flat();
  await Promise.all([...ids.map((id) => transaction.store.delete(id)), transaction.done]);
  return ids.length;
}
