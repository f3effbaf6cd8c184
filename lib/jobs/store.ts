import { db, type TrackerDropDB } from './db';
import { activeDownloadStates, activeUploadStates, type UploadJob, type UploadState } from './records';

/** The two queues' job stores. */
export type JobStore = 'downloads' | 'uploads';
type JobOf<S extends JobStore> = TrackerDropDB[S]['value'];

/**
 * Reads and writes of jobs. Every state change goes through `updateJob`, which applies a change only if `when` still
 * holds for the stored job, so two writers (a download's end event and a cancel, two runner lives) cannot undo each
 * other.
 */
export async function updateJob<S extends JobStore>(
  store: S,
  id: string,
  change: Partial<JobOf<S>>,
  when: (job: JobOf<S>) => boolean = () => true,
): Promise<JobOf<S> | undefined> {
  const transaction = (await db()).transaction(store, 'readwrite');
  const job = await transaction.store.get(id);
  if (!job || !when(job)) {
    await transaction.done;
    return undefined;
  }
  const updated: JobOf<S> = { ...job, ...change };
  await transaction.store.put(updated);
  await transaction.done;
  return updated;
}

export async function getJob<S extends JobStore>(store: S, id: string): Promise<JobOf<S> | undefined> {
  return (await db()).get(store, id);
}

export async function allJobs<S extends JobStore>(store: S): Promise<JobOf<S>[]> {
  return (await db()).getAll(store);
}

export async function jobsInState<S extends JobStore>(store: S, state: JobOf<S>['state']): Promise<JobOf<S>[]> {
  return (await db()).getAllFromIndex(store, 'byState', IDBKeyRange.only(state));
}

/**
 * How many jobs are still to finish, both queues, in one transaction. The badge asks after every burst of queue
 * changes: a transaction per state and queue was eight, some 140 in a Download all of 204 files.
 */
export async function countActiveJobs(): Promise<number> {
  const transaction = (await db()).transaction(['downloads', 'uploads']);
  const downloads = transaction.objectStore('downloads').index('byState');
  const uploads = transaction.objectStore('uploads').index('byState');
  const counts = await Promise.all([
    ...activeDownloadStates.map((state) => downloads.count(state)),
    ...activeUploadStates.map((state) => uploads.count(state)),
  ]);
  return counts.reduce((total, count) => total + count, 0);
}

export async function jobsOfTask<S extends JobStore>(store: S, key: string): Promise<JobOf<S>[]> {
  return (await db()).getAllFromIndex(store, 'byTask', IDBKeyRange.only(key));
}

/**
 * The upload jobs still to finish, by state in one transaction. The queue keeps every finished job until the user
 * clears it, and the runner asks after each step: reading them all would cost more the longer the history.
 */
export async function activeUploads(): Promise<UploadJob[]> {
  return uploadsInStates(activeUploadStates);
}

/** The upload jobs in these states, by state in one transaction (the byState index, not the whole store). */
export async function uploadsInStates(states: readonly UploadState[]): Promise<UploadJob[]> {
  const byState = (await db()).transaction('uploads').store.index('byState');
  return (await Promise.all(states.map((state) => byState.getAll(state)))).flat();
}

/** Every upload job of these tasks, in one transaction: a batch is one task's, so this holds each of their batches. */
export async function uploadsOfTasks(keys: Iterable<string>): Promise<UploadJob[]> {
  const byTask = (await db()).transaction('uploads').store.index('byTask');
  return (await Promise.all([...new Set(keys)].map((key) => byTask.getAll(key)))).flat();
}

/**
 * A rejected token fails every waiting job of that tracker at once: the user reconnects, the tracker is not asked
 * again and again. `waiting` are the states that have not started a step yet; `spared` jobs keep theirs. Gives back
 * the jobs it failed.
 */
export async function failWaitingOfTracker<S extends JobStore>(
  store: S,
  tracker: string,
  waiting: readonly JobOf<S>['state'][],
  failed: Partial<JobOf<S>>,
  spared: (job: JobOf<S>) => boolean = () => false,
): Promise<JobOf<S>[]> {
  const changed: JobOf<S>[] = [];
  for (const state of waiting) {
    for (const job of await jobsInState(store, state)) {
      if (job.task.tracker !== tracker) continue;
      const updated = await updateJob(store, job.id, failed, (stored) => stored.state === state && !spared(stored));
      if (updated) changed.push(updated);
    }
  }
  return changed;
}
