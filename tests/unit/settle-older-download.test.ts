import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue, type DownloadQueue } from '../../lib/downloads/queue';
import { AppError } from '../../lib/errors';
import type { DownloadJob } from '../../lib/jobs/records';
import { getJob } from '../../lib/jobs/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob } from './download-job';
import { downloadEvents, ended, fakeZip, zipJob } from './download-queue-harness';

beforeEach(freshQueueWorld);

afterEach(() => {
  vi.restoreAllMocks();
});

const inProgress = (id: number) => ({ id, state: 'in_progress', bytesReceived: 0, totalBytes: 1 });

/**
 * Runs `job` as download 1 and cuts it: its end event and a toolbar's look (from a snapshot read while it ran) settle
 * it at once. The first settle re-queues the job, which runs again as download 2; then the held, slower settle goes on.
 */
async function settleTwice(
  queue: DownloadQueue,
  job: DownloadJob,
  fire: (delta: ReturnType<typeof ended>) => void,
  release: () => void,
): Promise<void> {
  queue.listen();
  const runsAs = (downloadId: number) =>
    vi.waitFor(async () => expect(await getJob('downloads', job.id)).toMatchObject({ state: 'running', downloadId }));
  await queue.enqueue([job]);
  await runsAs(1);
  const snapshot = await getJob('downloads', job.id);
  if (!snapshot) throw new Error('no job');
  fire(ended(1, 'interrupted', 'NETWORK_FAILED'));
  const lateSettle = queue.withLiveProgress([snapshot]);
  await runsAs(2);
  release();
  await lateSettle;
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe('two settles of one interrupted download', () => {
  it('the slower one leaves alone the newer download the faster one started, so the file is saved once', async () => {
    // The browser: download 1 is cut (a network failure, worth a retry); every later one runs.
    const download = vi
      .spyOn(fakeBrowser.downloads, 'download')
      .mockImplementation(async () => download.mock.calls.length);
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id, state }) => {
      if (id === 1) return [{ id, state: 'interrupted', error: 'NETWORK_FAILED' }] as never;
      if (id !== undefined) return [inProgress(id)] as never;
      const started = download.mock.results.map((_, index) => index + 1);
      return (state === 'in_progress' ? started.filter((each) => each !== 1).map(inProgress) : []) as never;
    });
    // Each settle stops download 1, then probes the tracker; the second settle's stop is held until the job runs
    // again, as a probe of up to 30 s would hold it.
    let stopped = 0;
    let probesDue = 0;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(fakeBrowser.downloads, 'cancel').mockImplementation(async (id) => {
      if (id !== 1) return;
      if (++stopped === 2) await held;
      probesDue++;
    });
    const fire = downloadEvents();
    const api = {
      // A probe finds the network still down, with no wait asked: the job may start again at once.
      downloadRequest: async () => {
        if (probesDue === 0) return { url: 'https://pyrus.com/files/j', headers: [] };
        probesDue--;
        throw new AppError('network', { tracker: 'pyrus', retryAfterMs: 0 });
      },
    } as unknown as TrackerApi;
    const queue = createDownloadQueue({
      clientFor: async () => api,
      zip: { build: vi.fn(), abort: vi.fn(), discard: vi.fn() } as never,
    });
    await settleTwice(queue, downloadJob('j'), fire, release);

    expect(download).toHaveBeenCalledTimes(2);
    expect(await getJob('downloads', 'j')).toMatchObject({ state: 'running', downloadId: 2, attempts: 1 });
  });
});

describe('two settles of one interrupted ZIP download', () => {
  it('the slower one leaves alone the ZIP built again for the newer download', async () => {
    const download = vi
      .spyOn(fakeBrowser.downloads, 'download')
      .mockImplementation(async () => download.mock.calls.length);
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id }) => {
      if (id === 1) return [{ id, state: 'interrupted', error: 'NETWORK_FAILED' }] as never;
      return (id === undefined ? [] : [inProgress(id)]) as never;
    });
    // The second settle's stop of download 1 is held until the ZIP was built again and runs as download 2.
    let stopped = 0;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(fakeBrowser.downloads, 'cancel').mockImplementation(async (id) => {
      if (id === 1 && ++stopped === 2) await held;
    });
    const fire = downloadEvents();
    const api = {
      downloadRequest: async () => ({ url: 'https://pyrus.com/files/f1', headers: [] }),
    } as unknown as TrackerApi;
    const zip = fakeZip();
    const queue = createDownloadQueue({ clientFor: async () => api, zip });
    await settleTwice(queue, zipJob('z'), fire, release);

    expect(zip.build).toHaveBeenCalledTimes(2);
    // Download 1's archive is thrown away once; download 2's, still being saved, is kept.
    expect(zip.discard).toHaveBeenCalledTimes(1);
  });
});
