import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { getJob } from '../../lib/jobs/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob, storeDownloadJobs } from './download-job';
import { fakeZip } from './download-queue-harness';

beforeEach(freshQueueWorld);
afterEach(() => vi.restoreAllMocks());

describe('resync after the worker stopped', () => {
  it('settles a running job whose download id an older, finished job also has (Firefox numbers anew each session)', async () => {
    await storeDownloadJobs([
      downloadJob('earlier', { state: 'done', downloadId: 3 }),
      downloadJob('now', { state: 'running', downloadId: 3, claimedAt: 1 }),
    ]);
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(
      async () => [{ id: 3, state: 'complete', bytesReceived: 1, totalBytes: 1, filename: '/d/now.bin' }] as never,
    );
    const api = {} as TrackerApi;
    await createDownloadQueue({ clientFor: async () => api, zip: fakeZip() }).resync();
    expect((await getJob('downloads', 'now'))?.state).toBe('done');
  });
});
