import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { errorText } from '../../lib/i18n/error-text';
import { getJob } from '../../lib/jobs/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob, storeDownloadJobs } from './download-job';
import { downloadEvents, ended, fakeZip } from './download-queue-harness';

beforeEach(freshQueueWorld);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const api = {
  downloadRequest: async () => ({ url: 'https://files.pyrus.com/v4/files/download/j', headers: [] }),
} as unknown as TrackerApi;

/** The browser's history no longer has any download. */
function historyErased() {
  vi.spyOn(fakeBrowser.downloads, 'search').mockResolvedValue([]);
  return vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation(async () => 1);
}

/** Failed, for the user to retry, since the file may or may not have been saved. */
async function expectFailedAsErased(id: string) {
  await vi.waitFor(async () =>
    expect(await getJob('downloads', id)).toMatchObject({ state: 'failed', error: { kind: 'erased' } }),
  );
  const job = await getJob('downloads', id);
  expect(job?.error && errorText(job.error)).toMatch(/no longer has this file/);
}

describe('a download erased from the browser history before its end was read', () => {
  it('fails its job instead of leaving it running, and is not fetched again on its own', async () => {
    const download = historyErased();
    const fire = downloadEvents();
    const queue = createDownloadQueue({ clientFor: async () => api, zip: fakeZip() });
    queue.listen();
    await queue.enqueue([downloadJob('j')]);
    await vi.waitFor(async () => expect(await getJob('downloads', 'j')).toMatchObject({ state: 'running' }));

    // A downloads cleaner erased it as it completed, before the queue looked.
    fire(ended(1, 'complete'));

    await expectFailedAsErased('j');
    expect(queue.drained()).toBe(true);
    expect(download).toHaveBeenCalledTimes(1);
  });

  it('fails its job when the worker comes back to find it gone', async () => {
    const download = historyErased();
    await storeDownloadJobs([downloadJob('j', { state: 'running', downloadId: 1, claimedAt: 1 })]);
    const queue = createDownloadQueue({ clientFor: async () => api, zip: fakeZip() });

    await queue.resync();

    await expectFailedAsErased('j');
    expect(download).not.toHaveBeenCalled();
  });
});

describe("a download the queue erased itself (the tracker's error saved as the file)", () => {
  it('is left by a second settle to the one that erased it, which fetches the file again', async () => {
    // Worksection answers a file it cannot serve with its JSON error; asked again, it serves the file.
    vi.stubGlobal(
      'fetch',
      async () => new Response('file', { headers: { 'content-type': 'application/octet-stream' } }),
    );
    let erased = false;
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const erase = vi.spyOn(fakeBrowser.downloads, 'erase').mockImplementation(async () => {
      erased = true;
      await held;
      return [];
    });
    vi.spyOn(fakeBrowser.downloads, 'removeFile').mockResolvedValue();
    const download = vi
      .spyOn(fakeBrowser.downloads, 'download')
      .mockImplementation(async () => download.mock.calls.length);
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id }) => {
      if (id === undefined || (id === 1 && erased)) return [];
      if (id === 1)
        return [{ id, state: 'complete', mime: 'application/json', bytesReceived: 30, totalBytes: 30 }] as never;
      return [{ id, state: 'in_progress', bytesReceived: 0, totalBytes: 100 }] as never;
    });
    const fire = downloadEvents();
    const queue = createDownloadQueue({ clientFor: async () => api, zip: fakeZip() });
    queue.listen();
    const task = { tracker: 'worksection' as const, kind: 'task' as const, id: '1', host: 'team.worksection.com' };
    await queue.enqueue([
      downloadJob('j', { task, taskKey: 'worksection:1', attachment: { ...downloadJob('j').attachment, size: 100 } }),
    ]);
    await vi.waitFor(async () => expect(await getJob('downloads', 'j')).toMatchObject({ state: 'running' }));
    const snapshot = await getJob('downloads', 'j');
    if (!snapshot) throw new Error('no job');

    fire(ended(1, 'complete'));
    await vi.waitFor(() => expect(erase).toHaveBeenCalled());
    // A toolbar's look, with the job still running on the download just erased.
    await queue.withLiveProgress([snapshot]);
    release();

    await vi.waitFor(
      async () =>
        expect(await getJob('downloads', 'j')).toMatchObject({ state: 'running', downloadId: 2, attempts: 1 }),
      { timeout: 3000 },
    );
  });
});
