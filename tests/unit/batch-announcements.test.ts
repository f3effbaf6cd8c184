import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { cancelUpload } from '../../lib/background/uploads';
import { AppError } from '../../lib/errors';
import type { UploadJob } from '../../lib/jobs/records';
import { allJobs, getJob } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TrackerApi } from '../../lib/trackers/types';
import { jobsFor } from '../../lib/uploads/intake';
import { announceFinished, type FinishedBatch, runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { storeJobs } from '../../lib/uploads/store';
import { freshQueueWorld } from '../support/fresh-queue-world';

/** Each batch of uploads is announced (a notification, in the worker) once all of its files have ended. */

beforeEach(() => {
  freshQueueWorld();
});

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };
const file = { name: 'a.txt', size: 3, type: 'text/plain' };

/** One job of a one-file batch (`batchId`) of `task`, in `state`. */
function jobOf(batchId: string, state: UploadJob['state'], onTask = task, createdAt = 1000): UploadJob {
  const [job] = jobsFor({ batchId, task: onTask, files: [file] }, createdAt);
  if (!job) throw new Error('no job');
  return { ...job, state };
}

async function until(holds: () => boolean | Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 80 && !(await holds()); tries++) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('a rejected token', () => {
  it('fails the waiting files of other batches of the tracker, and announces each of those batches once', async () => {
    const first = jobOf('A', 'queued', task, 1000);
    const other = jobOf('B', 'queued', { ...task, id: '2' }, 2000);
    await storeJobs([first, other]);
    const rejecting = {
      findAttached: async () => {
        throw new AppError('auth', { tracker: 'pyrus', status: 401 });
      },
    } as unknown as TrackerApi;
    const announced: string[] = [];
    const env: UploadEnvironment = {
      apiFor: async () => rejecting,
      parallelUploads: 1,
      progressed: () => undefined,
      batchFinished: (batch) => announced.push(batch.batchId),
    };
    await runUploads(env);
    await until(() => announced.length >= 2);
    // The pass the step asked for when it ended, before the jobs are read.
    await runUploads(env);
    expect((await allJobs('uploads')).map((job) => [job.batchId, job.state, job.announced]).sort()).toEqual([
      ['A', 'failed', true],
      ['B', 'failed', true],
    ]);
    expect(announced.sort()).toEqual(['A', 'B']);
  });
});

describe('a batch two steps end at once', () => {
  it('is announced once', async () => {
    const job = jobOf('A', 'done');
    await storeJobs([job, { ...jobOf('A', 'failed'), id: 'second' }]);
    const told: FinishedBatch[] = [];
    const tell = (batch: FinishedBatch) => told.push(batch);
    await Promise.all([announceFinished(tell, [job]), announceFinished(tell, [job])]);
    expect(told).toEqual([{ batchId: 'A', taskKey: job.taskKey }]);
  });
});

describe('cancelling a file', () => {
  it('that was the last of its batch to end announces the batch', async () => {
    const done = jobOf('A', 'done');
    const waiting = { ...jobOf('A', 'uploaded'), id: 'waiting' };
    await storeJobs([done, waiting]);
    await cancelUpload(waiting.id);
    await until(async () => Object.keys(await fakeBrowser.notifications.getAll()).length > 0);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([`uploads:A:${done.taskKey}`]);
    expect((await allJobs('uploads')).map((job) => [job.state, job.announced]).sort()).toEqual([
      ['cancelled', true],
      ['done', true],
    ]);
  });

  it('while others of its batch are still to go announces nothing yet', async () => {
    const going = jobOf('A', 'queued');
    const waiting = { ...jobOf('A', 'queued'), id: 'waiting' };
    await storeJobs([going, waiting]);
    await cancelUpload(waiting.id);
    expect((await getJob('uploads', going.id))?.announced).toBeUndefined();
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });
});
