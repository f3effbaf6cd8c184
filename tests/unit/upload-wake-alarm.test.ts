import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { kickUploads } from '../../lib/background/uploads';
import type { TaskRef } from '../../lib/trackers/registry';
import { jobsFor } from '../../lib/uploads/intake';
import { storeJobs } from '../../lib/uploads/store';
import { freshQueueWorld } from '../support/fresh-queue-world';

/**
 * The wake alarm is what restarts the queue after a stopped worker or a closed offscreen document: while a file
 * waits, it must be set, whatever order the kicks of a busy moment end in.
 */

beforeEach(() => {
  freshQueueWorld();
});

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };

describe('a kick that found the queue empty', () => {
  it('and ends after the kick of a batch stored meanwhile leaves the wake alarm set', async () => {
    const clear = fakeBrowser.alarms.clear.bind(fakeBrowser.alarms);
    // The browser answers this clear late: the worker's startup kick is still on its way when a drop is stored.
    vi.spyOn(fakeBrowser.alarms, 'clear').mockImplementation(async (name) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return clear(name);
    });
    const startupKick = kickUploads();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const [job] = jobsFor({ batchId: 'drop', task, files: [{ name: 'a.txt', size: 3, type: 'text/plain' }] }, 1000);
    if (!job) throw new Error('no job');
    // Still being copied in, so the runner leaves it be: what is tested is the alarm alone.
    await storeJobs([{ ...job, awaitingBytes: true }]);
    await Promise.all([startupKick, kickUploads()]);
    expect(await fakeBrowser.alarms.get('uploads-wake')).toMatchObject({ name: 'uploads-wake', periodInMinutes: 1 });
  });
});
