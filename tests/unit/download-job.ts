import { db } from '../../lib/jobs/db';
import type { DownloadJob } from '../../lib/jobs/records';

/** A queued download job of Pyrus task 1, saving `<id>.bin`; `change` sets what a test is about. */
export function downloadJob(id: string, change: Partial<DownloadJob> = {}): DownloadJob {
  const taskId = change.task?.id ?? '1';
  return {
    id,
    batchId: 'batch',
    task: { tracker: 'pyrus', kind: 'task', id: taskId, host: 'pyrus.com' },
    taskKey: `pyrus:${taskId}`,
    taskTitle: 'Title',
    attachment: { id, name: `${id}.bin`, size: 1, sizeExact: true, place: { kind: 'task' } },
    path: `Pyrus/${taskId}/${id}.bin`,
    state: 'queued',
    attempts: 0,
    notBefore: 0,
    bytesReceived: 0,
    totalBytes: 1,
    createdAt: 0,
    ...change,
  };
}

/** Puts the jobs into the queue's database as they are, in one transaction. */
export async function storeDownloadJobs(jobs: readonly DownloadJob[]): Promise<void> {
  const transaction = (await db()).transaction('downloads', 'readwrite');
  await Promise.all([...jobs.map((job) => transaction.store.put(job)), transaction.done]);
}
