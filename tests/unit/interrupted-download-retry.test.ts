import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { getJob } from '../../lib/jobs/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob } from './download-job';
import { downloadEvents, ended, fakeZip, zipJob } from './download-queue-harness';

beforeEach(freshQueueWorld);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/**
 * The real queue on a browser whose download 1 is interrupted with `reason` and every later one runs, and a tracker
 * that answers the probe of a file with `probeStatus`.
 */
function world(reason: string, probeStatus: number) {
  const probes = vi.fn(async () => new Response('x', { status: probeStatus }));
  vi.stubGlobal('fetch', probes);
  const download = vi
    .spyOn(fakeBrowser.downloads, 'download')
    .mockImplementation(async () => download.mock.calls.length);
  vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id }) =>
    id === 1
      ? ([{ id, state: 'interrupted', error: reason }] as never)
      : ([{ id, state: 'in_progress', bytesReceived: 0, totalBytes: 1 }] as never),
  );
  vi.spyOn(fakeBrowser.downloads, 'cancel').mockImplementation(async () => undefined);
  const fire = downloadEvents();
  const asked: string[] = [];
  const api = {
    downloadRequest: async (_task: unknown, attachment: { id: string }) => {
      asked.push(attachment.id);
      return { url: `https://files.pyrus.com/v4/files/download/${attachment.id}`, headers: [] };
    },
    whoAmI: async () => ({ id: '1', name: 'me' }),
  } as unknown as TrackerApi;
  const zip = fakeZip();
  const queue = createDownloadQueue({ clientFor: async () => api, zip });
  queue.listen();
  const interrupt = async (id: string) => {
    await vi.waitFor(async () =>
      expect(await getJob('downloads', id)).toMatchObject({ state: 'running', downloadId: 1 }),
    );
    fire(ended(1, 'interrupted', reason));
  };
  return { queue, download, probes, asked, zip, interrupt };
}

/** Waits for the job to be running again as the browser's second download, after one retry. */
const runsAgain = (id: string) =>
  vi.waitFor(
    async () => expect(await getJob('downloads', id)).toMatchObject({ state: 'running', downloadId: 2, attempts: 1 }),
    { timeout: 3000 },
  );

describe('a download interrupted for a reason worth a retry', () => {
  it.each([
    ['the browser shutting down', 'USER_SHUTDOWN'],
    ['a passing disk error', 'FILE_TRANSIENT_ERROR'],
  ])('is fetched again after %s, when the tracker still serves the file', async (_, reason) => {
    const { queue, download, probes, interrupt } = world(reason, 206);
    await queue.enqueue([downloadJob('j')]);
    await interrupt('j');

    await runsAgain('j');
    expect(probes).toHaveBeenCalledTimes(1);
    expect(download).toHaveBeenCalledTimes(2);
  });

  it('fails when the probe learns the file is gone', async () => {
    const { queue, download, interrupt } = world('USER_SHUTDOWN', 404);
    await queue.enqueue([downloadJob('j')]);
    await interrupt('j');

    await vi.waitFor(async () =>
      expect(await getJob('downloads', 'j')).toMatchObject({ state: 'failed', error: { kind: 'not-found' } }),
    );
    expect(download).toHaveBeenCalledTimes(1);
  });
});

describe('a ZIP download interrupted for a reason worth a retry', () => {
  it.each([
    ['the network', 'NETWORK_FAILED'],
    ['the browser shutting down', 'USER_SHUTDOWN'],
  ])('is built and saved again after %s, without asking the tracker for its stand-in file', async (_, reason) => {
    // Were the stand-in `zip:batch` asked for, the tracker would not know it.
    const { queue, download, probes, asked, zip, interrupt } = world(reason, 404);
    await queue.enqueue([zipJob('z')]);
    await interrupt('z');

    await runsAgain('z');
    expect(probes).not.toHaveBeenCalled();
    expect(asked).toEqual(['f1', 'f1']);
    expect(zip.build).toHaveBeenCalledTimes(2);
    expect(download).toHaveBeenCalledTimes(2);
  });
});
