import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ledgerKey } from '../../lib/downloads/ledger-entry';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { startDownloads } from '../../lib/downloads/start';
import { downloadSession } from '../../lib/downloads/still-on-disk';
import { ledgerOfTask } from '../../lib/downloads/store';
import { db } from '../../lib/jobs/db';
import type { LedgerEntry } from '../../lib/jobs/records';
import { allJobs } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import { taskKey } from '../../lib/trackers/task-key';
import type { Attachment } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob, storeDownloadJobs } from './download-job';
import { downloadEvents, ended, fakeZip, threeFileTracker } from './download-queue-harness';

beforeEach(freshQueueWorld);
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };
const key = taskKey(task);

const api = threeFileTracker();

/** Files a, b and c saved before, each by the browser download of the same number and in the session given. */
async function savedBefore(sessions: Record<'a' | 'b' | 'c', string | undefined>): Promise<void> {
  const ledger = (await db()).transaction('ledger', 'readwrite');
  const entries = Object.entries(sessions).map(([id, session], index): LedgerEntry => {
    const entry = { key: ledgerKey(key, id), taskKey: key, attachmentId: id, size: 10, path: `/d/${id}.pdf` };
    return { ...entry, downloadId: index + 1, savedAt: 1, ...(session === undefined ? {} : { session }) };
  });
  await Promise.all([...entries.map((entry) => ledger.store.put(entry)), ledger.done]);
}

/** The browser's completed downloads whose files it still finds on disk. */
function onDisk(...ids: number[]): void {
  vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(
    async (query) => (query.exists ? ids.map((id) => ({ id, state: 'complete', exists: true })) : []) as never,
  );
}

/** Download all with the default preference (skip identical files): the files queued again. */
async function downloadAll(): Promise<string[]> {
  const enqueue = vi.fn(async (_jobs: readonly { attachment: Attachment }[]) => undefined);
  await startDownloads(task, 'all', false, { clientFor: async () => api, queue: { enqueue } });
  return (enqueue.mock.calls[0]?.[0] ?? []).map((job) => job.attachment.id).sort();
}

describe('Firefox: Download all of files saved before', () => {
  beforeEach(() => {
    vi.stubEnv('FIREFOX', 'true');
  });

  it('after a restart (another session, or none recorded), leaves them: Firefox no longer knows their downloads', async () => {
    await savedBefore({ a: 'an earlier session', b: undefined, c: 'an earlier session' });
    // Firefox numbered this session's downloads from 1 again: download 3 is another file, still on disk.
    onDisk(3);
    expect(await downloadAll()).toEqual([]);
  });

  it('in this session, saves again only those whose files were deleted', async () => {
    const session = await downloadSession();
    await savedBefore({ a: session, b: session, c: 'an earlier session' });
    onDisk(2);
    expect(await downloadAll()).toEqual(['a']);
  });

  it('records the session of the download that saved a file', async () => {
    const session = await downloadSession();
    await storeDownloadJobs([downloadJob('a', { state: 'running', downloadId: 7, session, claimedAt: 1 })]);
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(
      async () => [{ id: 7, state: 'complete', bytesReceived: 1, totalBytes: 1, filename: '/d/a.bin' }] as never,
    );
    await createDownloadQueue({ clientFor: async () => api, zip: fakeZip() }).resync();
    await vi.waitFor(async () => expect(await ledgerOfTask('pyrus:1')).toHaveLength(1));
    expect((await ledgerOfTask('pyrus:1'))[0]?.session).toBe(await downloadSession());
  });
});

describe('Firefox: a download running when the browser closed', () => {
  beforeEach(() => {
    vi.stubEnv('FIREFOX', 'true');
  });

  /** Download 7 of this session: another file, complete. */
  function anotherDownloadIsSeven(): void {
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(
      async () => [{ id: 7, state: 'complete', bytesReceived: 1, totalBytes: 1, filename: '/d/other.bin' }] as never,
    );
  }

  it('is not followed by its id after the restart: it fails as unknown, for the user to retry', async () => {
    await storeDownloadJobs([
      downloadJob('a', { state: 'running', downloadId: 7, session: 'an earlier session', claimedAt: 1 }),
    ]);
    anotherDownloadIsSeven();
    await createDownloadQueue({ clientFor: async () => api, zip: fakeZip() }).resync();
    const [job] = await allJobs('downloads');
    expect([job?.state, job?.error?.kind]).toEqual(['failed', 'erased']);
    expect(await ledgerOfTask('pyrus:1')).toEqual([]);
  });

  it('is still followed after an extension update, which clears session storage while Firefox keeps the download', async () => {
    await storeDownloadJobs([
      downloadJob('a', { state: 'running', downloadId: 7, session: 'before the update', claimedAt: 1 }),
    ]);
    const ownDownload = {
      id: 7,
      state: 'complete',
      filename: '/home/u/Downloads/Pyrus/1/a.bin',
      startTime: new Date(5).toISOString(),
      byExtensionId: fakeBrowser.runtime.id,
      bytesReceived: 1,
      totalBytes: 1,
    };
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async () => [ownDownload] as never);
    await createDownloadQueue({ clientFor: async () => api, zip: fakeZip() }).resync();
    await vi.waitFor(async () => expect(await ledgerOfTask('pyrus:1')).toHaveLength(1));
    expect((await allJobs('downloads')).map((job) => job.state)).toEqual(['done']);
    expect((await ledgerOfTask('pyrus:1'))[0]?.session).toBe(await downloadSession());
  });

  it("is not settled against this session's download of its number when a toolbar looks", async () => {
    const [job] = await storeDownloadJobs([
      downloadJob('a', { state: 'running', downloadId: 7, session: 'an earlier session', claimedAt: 1 }),
    ]).then(() => allJobs('downloads'));
    if (!job) throw new Error('no job');
    // Download 7 of this session is another file, complete: nothing of ours is in progress.
    vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id }) =>
      id === 7 ? ([{ id, state: 'complete', bytesReceived: 1, totalBytes: 1, filename: '/d/other.bin' }] as never) : [],
    );
    await createDownloadQueue({ clientFor: async () => api, zip: fakeZip() }).withLiveProgress([job]);
    expect((await allJobs('downloads')).map((stored) => stored.state)).toEqual(['running']);
    expect(await ledgerOfTask('pyrus:1')).toEqual([]);
  });

  it("is not taken for this session's download of the same number when that one ends", async () => {
    await storeDownloadJobs([
      downloadJob('a', { state: 'running', downloadId: 7, session: 'an earlier session', claimedAt: 1 }),
    ]);
    anotherDownloadIsSeven();
    const fire = downloadEvents();
    createDownloadQueue({ clientFor: async () => api, zip: fakeZip() }).listen();
    fire(ended(7, 'complete'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await allJobs('downloads')).map((job) => job.state)).toEqual(['running']);
    expect(await ledgerOfTask('pyrus:1')).toEqual([]);
  });
});

describe('Chromium: Download all of files saved before', () => {
  it('saves again those whose downloads the browser no longer finds on disk, whatever their session', async () => {
    await savedBefore({ a: 'an earlier session', b: undefined, c: await downloadSession() });
    onDisk(1);
    expect(await downloadAll()).toEqual(['b', 'c']);
  });
});
