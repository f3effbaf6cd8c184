import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue, type DownloadQueue } from '../../lib/downloads/queue';
import { AppError } from '../../lib/errors';
import { getJob } from '../../lib/jobs/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadEvents, fakeZip, zipJob } from './download-queue-harness';

beforeEach(freshQueueWorld);

afterEach(() => {
  vi.restoreAllMocks();
});

function queueWith(api: Partial<TrackerApi>) {
  const zip = fakeZip();
  downloadEvents();
  const queue = createDownloadQueue({ clientFor: async () => api as TrackerApi, zip });
  queue.listen();
  return { queue, zip };
}

const request = async () => ({ url: 'https://files.pyrus.com/f1', headers: [] });

describe('a ZIP job cancelled', () => {
  it('while its files are being asked for stops the build, and nothing is saved', async () => {
    const download = vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation(async () => 1);
    // PlanFix gives a link per file, one a second: the cancel comes while the builder asks for one.
    let answer = (): void => undefined;
    const asked = new Promise<void>((resolve) => {
      answer = resolve;
    });
    const { queue, zip } = queueWith({ downloadRequest: () => asked.then(request) });
    let aborted = false;
    zip.abort.mockImplementation(async () => {
      aborted = true;
    });
    // The builder asks for each entry's request as it reaches it, and stops when aborted.
    zip.build.mockImplementation(async (_order, _progress, requestFor) => {
      await requestFor(0);
      if (aborted) throw new AppError('cancelled');
      return { url: 'blob:chrome-extension://ext/zip', bytes: 1 };
    });
    await queue.enqueue([zipJob('z')]);
    await vi.waitFor(() => expect(zip.build).toHaveBeenCalled());
    await queue.cancel('z');
    answer();

    await vi.waitFor(() => expect(queue.drained()).toBe(true));
    expect(zip.abort).toHaveBeenCalledWith('z');
    expect(download).not.toHaveBeenCalled();
    expect(await getJob('downloads', 'z')).toMatchObject({ state: 'cancelled' });
  });

  it('while the browser starts saving it: the download is stopped and the built file discarded', async () => {
    let queue: DownloadQueue | undefined;
    vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation(async () => {
      await queue?.cancel('z');
      return 1;
    });
    const cancel = vi.spyOn(fakeBrowser.downloads, 'cancel').mockImplementation(async () => undefined);
    const world = queueWith({ downloadRequest: request });
    queue = world.queue;
    await queue.enqueue([zipJob('z')]);

    await vi.waitFor(() => expect(world.zip.discard).toHaveBeenCalledWith('z'));
    expect(cancel).toHaveBeenCalledWith(1);
    expect(await getJob('downloads', 'z')).toMatchObject({ state: 'cancelled' });
  });
});

describe('a built ZIP the browser refuses to save', () => {
  it('is discarded, and the job fails', async () => {
    vi.spyOn(fakeBrowser.downloads, 'download').mockRejectedValue(new Error('Invalid filename'));
    const { queue, zip } = queueWith({ downloadRequest: request });
    await queue.enqueue([zipJob('z')]);

    await vi.waitFor(async () => expect(await getJob('downloads', 'z')).toMatchObject({ state: 'failed' }));
    expect(zip.build).toHaveBeenCalledTimes(1);
    expect(zip.discard).toHaveBeenCalledWith('z');
  });
});
