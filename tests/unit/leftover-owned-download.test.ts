import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { ledgerOfTask } from '../../lib/downloads/store';
import { db } from '../../lib/jobs/db';
import { getJob } from '../../lib/jobs/store';
import type { TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob, storeDownloadJobs } from './download-job';
import { fakeZip } from './download-queue-harness';

beforeEach(freshQueueWorld);

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const claimedAt = Date.parse('2026-11-29T10:00:00.000Z');
const api = {
  downloadRequest: async (_task: unknown, attachment: { id: string }) => ({
    url: `https://files.pyrus.com/v4/files/download/${attachment.id}`,
    headers: [],
  }),
} as unknown as TrackerApi;

// One batch with two files named report.txt, planned as report.txt (a) and report (2).txt (b). The worker stopped
// with a claimed but its download not begun, and b saved: b's download has the name the browser would give a's when
// report.txt is taken.
const a = downloadJob('a', { path: 'Pyrus/1 Title/report.txt', state: 'starting', claimedAt });
const b = downloadJob('b', { path: 'Pyrus/1 Title/report (2).txt', state: 'done', claimedAt, downloadId: 8 });
const bSaved = {
  key: 'pyrus:1|b',
  taskKey: 'pyrus:1',
  attachmentId: 'b',
  size: 1,
  path: '/home/u/Downloads/Pyrus/1 Title/report (2).txt',
  downloadId: 8,
  savedAt: claimedAt + 100,
};

describe("a leftover job after the worker's restart", () => {
  it.each([
    ['its job', () => storeDownloadJobs([a, b])],
    [
      'the ledger, its job since cleared',
      async () => {
        await storeDownloadJobs([a]);
        await (await db()).put('ledger', bSaved);
      },
    ],
  ])('is not given the download of a file that %s says was saved, but fetched itself', async (_, stored) => {
    await stored();
    const bDownload = {
      id: 8,
      filename: bSaved.path,
      startTime: new Date(claimedAt + 50).toISOString(),
      byExtensionId: fakeBrowser.runtime.id,
      url: 'https://files.pyrus.com/v4/files/download/b',
      state: 'complete',
      bytesReceived: 1,
      totalBytes: 1,
    };
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id }) =>
      id === undefined || id === 8
        ? ([bDownload] as never)
        : ([{ id, state: 'in_progress', bytesReceived: 0, totalBytes: 1 }] as never),
    );
    const download = vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation(async () => 9);
    const queue = createDownloadQueue({ clientFor: async () => api, zip: fakeZip() });

    await queue.resync();

    await vi.waitFor(async () =>
      expect(await getJob('downloads', 'a')).toMatchObject({ state: 'running', downloadId: 9 }),
    );
    expect(download).toHaveBeenCalledWith(expect.objectContaining({ filename: 'Pyrus/1 Title/report.txt' }));
    expect((await ledgerOfTask('pyrus:1')).map((entry) => entry.attachmentId)).not.toContain('a');
  });
});

describe('Firefox: a leftover job after a browser restart', () => {
  it.each([
    ['a job', () => storeDownloadJobs([a, { ...b, session: 'an earlier session' }])],
    [
      'the ledger',
      async () => {
        await storeDownloadJobs([a]);
        await (await db()).put('ledger', { ...bSaved, session: 'an earlier session' });
      },
    ],
  ])('follows its own download though %s of an earlier session had the same number', async (_, stored) => {
    vi.stubEnv('FIREFOX', 'true');
    await stored();
    // Download 8 of this session is a's, begun by the worker that stopped; Firefox gave b's number 8 before.
    const aDownload = {
      id: 8,
      filename: '/home/u/Downloads/Pyrus/1 Title/report.txt',
      startTime: new Date(claimedAt + 50).toISOString(),
      byExtensionId: fakeBrowser.runtime.id,
      url: 'https://files.pyrus.com/v4/files/download/a',
      state: 'in_progress',
      bytesReceived: 0,
      totalBytes: 1,
    };
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id }) =>
      id === undefined || id === 8 ? ([aDownload] as never) : ([] as never),
    );
    const download = vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation(async () => 9);

    await createDownloadQueue({ clientFor: async () => api, zip: fakeZip() }).resync();

    expect(await getJob('downloads', 'a')).toMatchObject({ state: 'running', downloadId: 8 });
    expect(download).not.toHaveBeenCalled();
  });
});
