import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelUpload } from '../../lib/background/uploads';
import * as jobStore from '../../lib/jobs/store';
import { allJobs } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TrackerApi } from '../../lib/trackers/types';
import { storeBatch } from '../../lib/uploads/intake';
import { runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { freshQueueWorld } from '../support/fresh-queue-world';

vi.mock('../../lib/jobs/store', { spy: true });

/** A batch is attached in one comment (Pyrus): a file cancelled while that comment is made must not be in it. */

beforeEach(freshQueueWorld);
afterEach(() => vi.mocked(jobStore.updateJob).mockReset());

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };

describe('a file cancelled after its batch was claimed for the attach', () => {
  it('is not attached; the others are attached once, on the next pass', async () => {
    const files = ['a.txt', 'b.txt'].map((name) => ({ name, size: 1, type: 'text/plain' }));
    const [, second = ''] = await storeBatch({ batchId: 'b', task, files }, [new Blob(['a']), new Blob(['b'])]);
    const attached: string[][] = [];
    const api = {
      findAttached: async () => [],
      upload: async (_task: TaskRef, file: { name: string }) => ({ attached: false, remoteRef: `guid-${file.name}` }),
      attach: async (_task: TaskRef, uploads: { name: string }[]) => {
        attached.push(uploads.map((upload) => upload.name));
      },
    } as unknown as TrackerApi;
    const { updateJob: realUpdate } = await vi.importActual<typeof jobStore>('../../lib/jobs/store');
    // The user cancels the second file while the attach step marks its files as being sent.
    const [first = ''] = (await allJobs('uploads')).filter((job) => job.id !== second).map((job) => job.id);
    vi.mocked(jobStore.updateJob).mockImplementation(async (store, id, change, when) => {
      const updated = await realUpdate(store, id, change, when);
      if (id === first && 'sentAt' in change && change.sentAt !== undefined && updated?.state === 'attaching') {
        await cancelUpload(second);
      }
      return updated;
    });
    const env: UploadEnvironment = {
      apiFor: async () => api,
      parallelUploads: 2,
      progressed: () => undefined,
      batchFinished: () => undefined,
    };
    await runUploads(env);
    await vi.waitFor(
      async () => expect((await allJobs('uploads')).map((job) => job.state).sort()).toEqual(['cancelled', 'done']),
      {
        timeout: 3000,
      },
    );
    expect(attached).toEqual([['a.txt']]);
  });
});
