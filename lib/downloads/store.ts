import { db } from '../db';
import type { DownloadJob } from './job';
import { type LedgerEntry, ledgerKey } from './ledger-entry';

/** Reads and writes of download jobs and the ledger; every state change of a job goes through `updateJob`. */
export async function putJobs(jobs: readonly DownloadJob[]): Promise<void> {
  const transaction = (await db()).transaction('downloads', 'readwrite');
  await Promise.all([...jobs.map((job) => transaction.store.put(job)), transaction.done]);
}

export async function getJob(id: string): Promise<DownloadJob | undefined> {
  return (await db()).get('downloads', id);
}

/** Applies a change to a job only if `when` still holds for its stored state (so racing events cannot undo each other). */
export async function updateJob(
  id: string,
  change: Partial<DownloadJob>,
  when: (job: DownloadJob) => boolean = () => true,
): Promise<DownloadJob | undefined> {
  const transaction = (await db()).transaction('downloads', 'readwrite');
  const job = await transaction.store.get(id);
  if (!job || !when(job)) {
    await transaction.done;
    return undefined;
  }
  const updated = { ...job, ...change };
  await transaction.store.put(updated);
  await transaction.done;
  return updated;
}

export async function jobsInState(state: DownloadJob['state']): Promise<DownloadJob[]> {
  return (await db()).getAllFromIndex('downloads', 'byState', state);
}

export async function jobByDownloadId(downloadId: number): Promise<DownloadJob | undefined> {
  return (await db()).getFromIndex('downloads', 'byDownloadId', downloadId);
}

export async function jobsOfTask(key: string): Promise<DownloadJob[]> {
  return (await db()).getAllFromIndex('downloads', 'byTask', key);
}

export async function recordSaved(entry: LedgerEntry): Promise<void> {
  await (await db()).put('ledger', entry);
}

export async function ledgerOfTask(key: string): Promise<LedgerEntry[]> {
  return (await db()).getAllFromIndex('ledger', 'byTask', key);
}

export { ledgerKey };

export async function allJobs(): Promise<DownloadJob[]> {
  return (await db()).getAll('downloads');
}

export async function deleteJob(id: string): Promise<void> {
  await (await db()).delete('downloads', id);
}
