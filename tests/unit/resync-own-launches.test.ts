import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import * as downloadStore from '../../lib/downloads/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob } from './download-job';

vi.mock('../../lib/downloads/store', { spy: true });

/**
 * A worker woken by a download's end event runs its resync while that event's settle already launches the next
 * files: downloads begun in this worker life whose start is not written yet are no stopped worker's leftovers, and
 * must not be taken for strays (cancelled and erased).
 */

beforeEach(freshQueueWorld);
afterEach(() => {
  vi.mocked(downloadStore.writeAndClaim).mockReset();
  vi.restoreAllMocks();
});

describe('resync while this worker life launches downloads', () => {
  it('leaves alone the downloads it began whose start is not committed yet', async () => {
    const { writeAndClaim: realWrite } = await vi.importActual<typeof downloadStore>('../../lib/downloads/store');
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.mocked(downloadStore.writeAndClaim).mockImplementation(async (writes, room) => {
      await held;
      return realWrite(writes, room);
    });
    const download = vi
      .spyOn(fakeBrowser.downloads, 'download')
      .mockImplementation(async () => download.mock.calls.length);
    const url = (id: number) => `https://pyrus.com/files/${id === 1 ? 'a' : 'b'}`;
    // Just begun: the browser has not named the files yet.
    const item = (id: number) => ({
      id,
      url: url(id),
      filename: '',
      state: 'in_progress',
      startTime: new Date().toISOString(),
      byExtensionId: fakeBrowser.runtime.id,
      bytesReceived: 0,
      totalBytes: 1,
    });
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(
      async ({ id }) =>
        (id === undefined ? download.mock.calls.map((_, index) => item(index + 1)) : [item(id)]) as never,
    );
    const erased = vi.spyOn(fakeBrowser.downloads, 'erase').mockImplementation(async () => []);
    const cancelled = vi.spyOn(fakeBrowser.downloads, 'cancel').mockImplementation(async () => undefined);
    const removed = vi.spyOn(fakeBrowser.downloads, 'removeFile').mockImplementation(async () => undefined);
    const api = {
      downloadRequest: async (_task: unknown, attachment: { id: string }) => ({
        url: `https://pyrus.com/files/${attachment.id}`,
        headers: [],
      }),
    };
    const queue = createDownloadQueue({
      clientFor: async () => api as unknown as TrackerApi,
      zip: { build: vi.fn(), abort: vi.fn(), discard: vi.fn() } as never,
    });
    const enqueued = queue.enqueue([downloadJob('a'), downloadJob('b')]);
    await vi.waitFor(() => expect(download).toHaveBeenCalledTimes(2));
    await queue.resync();
    expect(erased).not.toHaveBeenCalled();
    expect(cancelled).not.toHaveBeenCalled();
    expect(removed).not.toHaveBeenCalled();
    release();
    await enqueued;
  });
});
