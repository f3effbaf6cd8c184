import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import * as jobStore from '../../lib/jobs/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob } from './download-job';

vi.mock('../../lib/jobs/store', { spy: true });

/**
 * A cancel that reads its job just before the download's start is written (starts are gathered for a moment before
 * they are committed) must still stop that download: else the file is saved though the user cancelled it, with no
 * ledger entry, and saved again by the next Download all.
 */

beforeEach(freshQueueWorld);
afterEach(() => {
  vi.mocked(jobStore.getJob).mockReset();
  vi.restoreAllMocks();
});

describe('a download cancelled as it starts', () => {
  it('is stopped in the browser even when its start is written between the cancel’s read and its write', async () => {
    const { getJob: realGetJob } = await vi.importActual<typeof jobStore>('../../lib/jobs/store');
    let started = (): void => undefined;
    const jStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation(async ({ filename }) => {
      if (!filename?.endsWith('/j.bin')) return 8;
      setTimeout(started);
      return 7;
    });
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async () => []);
    const cancelled = vi.spyOn(fakeBrowser.downloads, 'cancel').mockImplementation(async () => undefined);
    const api = { downloadRequest: async () => ({ url: 'https://pyrus.com/files/j', headers: [] }) };
    const queue = createDownloadQueue({
      clientFor: async () => api as unknown as TrackerApi,
      zip: { build: vi.fn(), abort: vi.fn(), discard: vi.fn() } as never,
    });
    // The cancel reads `j` still starting; its start is committed before the cancel writes.
    vi.mocked(jobStore.getJob).mockImplementationOnce(async (store, id) => {
      const before = await realGetJob(store, id);
      const seen = await realGetJob('downloads', id);
      expect([seen?.state, seen?.downloadId]).toEqual(['starting', undefined]);
      await vi.waitFor(async () => expect((await realGetJob('downloads', 'j'))?.downloadId).toBe(7));
      return before;
    });
    // Another file keeps a place busy, so the start of `j` is gathered before it is written.
    await queue.enqueue([downloadJob('other'), downloadJob('j')]);
    await jStarted;
    await queue.cancel('j');
    expect(cancelled).toHaveBeenCalledWith(7);
    expect(await realGetJob('downloads', 'j')).toMatchObject({ state: 'cancelled' });
  });
});
