import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../lib/jobs/db';
import { updateJob } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import { jobsFor } from '../../lib/uploads/intake';
import { storeUploads, sweepUnneededChunks } from '../../lib/uploads/store';
import { freshQueueWorld } from '../support/fresh-queue-world';

/** Stored bytes are the browser's quota: no chunk outlives the need of an upload for it. */

beforeEach(freshQueueWorld);

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };

async function chunkOwners(): Promise<string[]> {
  const chunks = await (await db()).getAll('chunks');
  return [...new Set(chunks.map((chunk) => chunk.jobId))].sort();
}

function batchOf(...names: string[]) {
  const files = names.map((name) => ({ name, size: 3, type: 'text/plain' }));
  return jobsFor({ batchId: 'b', task, files }, 1000).map((job) => ({ job, file: new Blob(['abc']) }));
}

describe('a file cancelled while its batch is being handed off', () => {
  it('keeps none of its bytes once they are copied in; the rest of the batch keeps its own', async () => {
    const entries = batchOf('a.txt', 'b.txt');
    const [first, second] = entries.map((entry) => entry.job.id);
    let stored = 0;
    await storeUploads(entries, () => {
      // The user cancels the second file while the first is being stored.
      if (++stored === 1) void updateJob('uploads', second ?? '', { state: 'cancelled' });
    });
    expect(await chunkOwners()).toEqual([first]);
  });
});

describe('at a worker start', () => {
  it('the chunks of jobs gone, done or cancelled are deleted; those of waiting and failed jobs stay', async () => {
    const entries = batchOf('gone.txt', 'done.txt', 'cancelled.txt', 'queued.txt', 'failed.txt');
    await storeUploads(entries);
    const [gone, done, cancelled, queued, failed] = entries.map((entry) => entry.job.id);
    await (await db()).delete('uploads', gone ?? '');
    await updateJob('uploads', done ?? '', { state: 'done' });
    await updateJob('uploads', cancelled ?? '', { state: 'cancelled' });
    await updateJob('uploads', failed ?? '', { state: 'failed' });

    await sweepUnneededChunks();

    expect(await chunkOwners()).toEqual([queued, failed].sort());
  });
});
