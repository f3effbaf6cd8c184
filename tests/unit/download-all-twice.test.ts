import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { startDownloads } from '../../lib/downloads/start';
import { type DownloadJob, isActive } from '../../lib/jobs/records';
import { allJobs, updateJob } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { threeFileTracker } from './download-queue-harness';

beforeEach(freshQueueWorld);

afterEach(() => {
  vi.restoreAllMocks();
});

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };
const otherTask: TaskRef = { ...task, id: '2' };

/**
 * The real queue and its store, with a browser whose downloads begin and stay under way; a ZIP stays being built.
 * Both tasks hold the files a, b and c.
 */
function setUp() {
  const download = vi
    .spyOn(fakeBrowser.downloads, 'download')
    .mockImplementation(async () => download.mock.calls.length);
  const api = threeFileTracker();
  const clientFor = async () => api;
  const queue = createDownloadQueue({
    clientFor,
    zip: { build: () => new Promise(() => undefined), abort: vi.fn(), discard: vi.fn() } as never,
  });
  const start = (which: 'all' | 'new' | string[], zip = false, of = task) =>
    startDownloads(of, which, zip, { clientFor, queue });
  return { queue, start };
}

/** The files of the stored jobs of a task (a ZIP job by its entries), sorted. */
async function jobFiles(of = task.id, keep: (job: DownloadJob) => boolean = () => true): Promise<string[]> {
  return (await allJobs('downloads'))
    .filter((job) => job.task.id === of && keep(job))
    .map((job) =>
      job.zip ? `zip(${job.zip.entries.map((entry) => entry.attachment.id).join(',')})` : job.attachment.id,
    )
    .sort();
}

/** Waits until every job still to finish has its browser download (or, for a ZIP, is being built). */
async function allUnderWay(): Promise<void> {
  await vi.waitFor(async () => {
    const jobs = await allJobs('downloads');
    expect(jobs.every((job) => job.state === (job.zip ? 'starting' : 'running') || !isActive(job))).toBe(true);
  });
}

describe('Download all pressed again while its files are on their way', () => {
  it('queues each file once, the second press counting them as under way', async () => {
    const { start } = setUp();
    expect(await start('all')).toEqual({ count: 3, skipped: 0, underWay: 0 });
    expect(await start('all')).toEqual({ count: 0, skipped: 0, underWay: 3 });
    await allUnderWay();
    expect(await start('all')).toEqual({ count: 0, skipped: 0, underWay: 3 });
    expect(await jobFiles()).toEqual(['a', 'b', 'c']);
  });

  it('queues each file once when both presses arrive together (a double-click, the shortcut twice)', async () => {
    const { start } = setUp();
    const answers = await Promise.all([start('all'), start('all')]);
    expect(answers).toEqual([
      { count: 3, skipped: 0, underWay: 0 },
      { count: 0, skipped: 0, underWay: 3 },
    ]);
    expect(await jobFiles()).toEqual(['a', 'b', 'c']);
  });

  it('does not queue again the picked files of a Download all still running, nor Download new', async () => {
    const { start } = setUp();
    await start('all');
    expect(await start(['b', 'c'])).toEqual({ count: 0, skipped: 0, underWay: 2 });
    expect(await start('new')).toEqual({ count: 0, skipped: 0, underWay: 3 });
    expect(await jobFiles()).toEqual(['a', 'b', 'c']);
  });

  it('queues again a file whose job failed, and only that one', async () => {
    const { start } = setUp();
    await start('all');
    await allUnderWay();
    const failed = (await allJobs('downloads')).find((job) => job.attachment.id === 'b');
    if (!failed) throw new Error('no job');
    await updateJob('downloads', failed.id, { state: 'failed' });

    expect(await start('all')).toEqual({ count: 1, skipped: 0, underWay: 2 });
    expect(await jobFiles(task.id, isActive)).toEqual(['a', 'b', 'c']);
    expect(await jobFiles()).toEqual(['a', 'b', 'b', 'c']);
  });

  it('lets Retry run a failed file again, and then does not queue that file a second time', async () => {
    const { queue, start } = setUp();
    await start('all');
    await allUnderWay();
    const failed = (await allJobs('downloads')).find((job) => job.attachment.id === 'b');
    if (!failed) throw new Error('no job');
    await updateJob('downloads', failed.id, { state: 'failed' });

    await queue.retry(failed.id);
    await allUnderWay();
    expect((await allJobs('downloads')).find((job) => job.id === failed.id)?.state).toBe('running');
    expect(await start('all')).toEqual({ count: 0, skipped: 0, underWay: 3 });
    expect(await jobFiles()).toEqual(['a', 'b', 'c']);
  });

  it("queues another task's files of the same ids", async () => {
    const { start } = setUp();
    await start('all');
    expect(await start('all', false, otherTask)).toEqual({ count: 3, skipped: 0, underWay: 0 });
    expect(await jobFiles(otherTask.id)).toEqual(['a', 'b', 'c']);
  });

  it('makes a ZIP of files being saved one by one and the other way round, but not the same ZIP twice', async () => {
    const { start } = setUp();
    expect(await start('all', true)).toEqual({ count: 3, skipped: 0, underWay: 0 });
    expect(await start('all', true)).toEqual({ count: 0, skipped: 0, underWay: 3 });
    // One file is another output than a ZIP holding it: each is made while the other is.
    expect(await start('all')).toEqual({ count: 3, skipped: 0, underWay: 0 });
    expect(await start('all', true)).toEqual({ count: 0, skipped: 0, underWay: 3 });
    // A ZIP of other files is another ZIP.
    expect(await start(['a', 'b'], true)).toEqual({ count: 2, skipped: 0, underWay: 0 });
    expect(await jobFiles()).toEqual(['a', 'b', 'c', 'zip(a,b)', 'zip(a,b,c)']);
  });
});
