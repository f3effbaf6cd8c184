import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { latestBatchesOfTasks, latestBatchOfTask } from '../../lib/downloads/store';
import { forgetDbConnection } from '../../lib/jobs/db';
import type { DownloadJob } from '../../lib/jobs/records';
import { downloadJob, storeDownloadJobs } from './download-job';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
});

function job(id: string, taskId: string, batchId: string, createdAt: number): DownloadJob {
  return downloadJob(id, {
    task: { tracker: 'pyrus', kind: 'task', id: taskId, host: 'pyrus.com' },
    batchId,
    createdAt,
  });
}

describe('latestBatchOfTask', () => {
  it("reads only the task's newest batch, oldest job first, even where batches overlap in time", async () => {
    // A batch's jobs are dated one ms apart from its start: a second Download all soon after overlaps the first.
    await storeDownloadJobs([
      job('z-old-1', '1', 'old', 1000),
      job('a-old-2', '1', 'old', 1001),
      job('m-old-3', '1', 'old', 1002),
      job('y-new-1', '1', 'new', 1001),
      job('b-new-2', '1', 'new', 1002),
      job('k-new-3', '1', 'new', 1003),
      job('other', '2', 'other task', 5000),
    ]);
    const latest = await latestBatchOfTask('pyrus:1');
    expect(latest.map((stored) => stored.id)).toEqual(['y-new-1', 'b-new-2', 'k-new-3']);
  });

  it('is empty for a task with no downloads', async () => {
    await storeDownloadJobs([job('other', '2', 'other task', 5000)]);
    expect(await latestBatchOfTask('pyrus:1')).toEqual([]);
  });

  it("reads several tasks' newest batches at once, leaving out the tasks with none", async () => {
    await storeDownloadJobs([
      job('one-old', '1', 'b1-old', 1000),
      job('one-new', '1', 'b1-new', 2000),
      job('two-a', '2', 'b2', 3000),
      job('two-b', '2', 'b2', 3001),
      job('three', '3', 'b3', 4000),
    ]);
    const latest = await latestBatchesOfTasks(['pyrus:1', 'pyrus:2', 'pyrus:4']);
    expect([...latest].map(([key, batch]) => [key, batch.map((stored) => stored.id)])).toEqual([
      ['pyrus:1', ['one-new']],
      ['pyrus:2', ['two-a', 'two-b']],
    ]);
  });
});
