import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { startDownloads } from '../../lib/downloads/start';
import { ledgerOfTask, writeAndClaim } from '../../lib/downloads/store';
import type { LedgerEntry } from '../../lib/jobs/records';
import { allJobs } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import { taskKey } from '../../lib/trackers/task-key';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { downloadJob, storeDownloadJobs } from './download-job';
import { downloadEvents, ended, fakeZip, threeFileTracker, zipJob } from './download-queue-harness';

/**
 * A ZIP holding the task's files is another output than the files in the task's folder: a finished ZIP neither
 * counts as those files being there (Download all would skip every one) nor takes the place of their record (a file
 * saved one by one would be saved again beside itself once the ZIP is deleted).
 */

beforeEach(freshQueueWorld);
afterEach(() => vi.restoreAllMocks());

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };

/** The real queue over a browser whose downloads all finish and stay on disk; `finishAll` ends those begun. */
function setUp() {
  const download = vi
    .spyOn(fakeBrowser.downloads, 'download')
    .mockImplementation(async () => download.mock.calls.length);
  const begun = () => download.mock.calls.map((_, index) => index + 1);
  const item = (id: number) => ({ id, state: 'complete', bytesReceived: 10, totalBytes: 10, filename: `/dl/${id}` });
  vi.spyOn(fakeBrowser.downloads, 'search').mockImplementation(async ({ id, exists }) => {
    if (id !== undefined) return [item(id)] as never;
    return (exists ? begun().map(item) : []) as never;
  });
  const fire = downloadEvents();
  const api = threeFileTracker();
  const clientFor = async () => api;
  const queue = createDownloadQueue({ clientFor, zip: fakeZip() });
  queue.listen();
  const finished = new Set<number>();
  const finishAll = async () => {
    await vi.waitFor(async () => {
      for (const id of begun()) if (!finished.has(id) && finished.add(id)) fire(ended(id, 'complete'));
      expect((await allJobs('downloads')).every((job) => job.state === 'done')).toBe(true);
    });
  };
  const start = (which: 'all' | 'new', zip = false) => startDownloads(task, which, zip, { clientFor, queue });
  return { start, finishAll };
}

describe('a ZIP of the task’s files and the files themselves', () => {
  it('a finished ZIP does not make Download all skip the files, which are not in the folder', async () => {
    const { start, finishAll } = setUp();
    await start('all', true);
    await finishAll();
    expect(await start('all')).toEqual({ count: 3, skipped: 0, underWay: 0 });
  });

  it('a ZIP saved after the files leaves their record on the files', async () => {
    const { start, finishAll } = setUp();
    await start('all');
    await finishAll();
    const files = (await ledgerOfTask(taskKey(task))).map((entry) => entry.downloadId).sort();
    expect(files).toEqual([1, 2, 3]);
    await start('all', true);
    await finishAll();
    expect((await ledgerOfTask(taskKey(task))).map((entry) => entry.downloadId).sort()).toEqual(files);
  });

  it('a ZIP and the file itself ending in one commit leave the record on the file', async () => {
    await storeDownloadJobs([downloadJob('f1', { state: 'running' }), zipJob('z', { state: 'running' })]);
    const entry = (downloadId: number, inZip?: true): LedgerEntry => ({
      key: 'pyrus:1|f1',
      taskKey: 'pyrus:1',
      attachmentId: 'f1',
      size: 1,
      path: `/dl/${downloadId}`,
      downloadId,
      savedAt: 0,
      ...(inZip ? { inZip } : {}),
    });
    await writeAndClaim(
      [
        { kind: 'done', id: 'f1', change: {}, saved: [entry(1)] },
        { kind: 'done', id: 'z', change: {}, saved: [entry(2, true)] },
      ],
      { limit: 1, now: Date.now() },
    );
    expect((await ledgerOfTask('pyrus:1')).map((saved) => saved.downloadId)).toEqual([1]);
  });
});
