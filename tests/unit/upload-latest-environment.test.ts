import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../lib/errors';
import { allJobs } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TrackerApi } from '../../lib/trackers/types';
import { storeBatch } from '../../lib/uploads/intake';
import { runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { freshQueueWorld } from '../support/fresh-queue-world';

/** Each kick hands the runner the settings of its moment; the runner goes on with the newest. */

beforeEach(freshQueueWorld);

const task: TaskRef = { tracker: 'planfix', kind: 'task', id: '1', host: 'acme.planfix.com' };
const file = (name: string) => ({ name, size: 1, type: 'text/plain' });

function environment(apiFor: UploadEnvironment['apiFor']): UploadEnvironment {
  return { apiFor, parallelUploads: 1, progressed: () => undefined, batchFinished: () => undefined };
}

describe('an upload that began before the tracker was connected again', () => {
  it('does not bring the old settings back when it ends: the next file goes with the new ones', async () => {
    await storeBatch({ batchId: 'first', task, files: [file('a.txt')] }, [new Blob(['a'])]);
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowApi = {
      findAttached: async () => [],
      upload: async () => {
        await held;
        return { attached: true };
      },
    } as unknown as TrackerApi;
    // Before the reconnect the runner had these settings: PlanFix then had no credentials for any other request.
    let usedBefore = 0;
    const before = environment(async () => {
      usedBefore++;
      if (usedBefore > 1) throw new AppError('not-configured', { tracker: 'planfix' });
      return slowApi;
    });
    await runUploads(before);
    await vi.waitFor(async () => expect((await allJobs('uploads'))[0]?.state).toBe('uploading'));

    // Reconnected: a new batch, kicked with the new settings.
    await storeBatch({ batchId: 'second', task, files: [file('b.txt')] }, [new Blob(['b'])]);
    const workingApi = {
      findAttached: async () => [],
      upload: async () => ({ attached: true }),
    } as unknown as TrackerApi;
    await runUploads(environment(async () => workingApi));
    release();

    await vi.waitFor(async () =>
      expect((await allJobs('uploads')).map((job) => [job.name, job.state]).sort()).toEqual([
        ['a.txt', 'done'],
        ['b.txt', 'done'],
      ]),
    );
  });
});
