import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { startDownloads } from '../../lib/downloads/start';
import { allJobs } from '../../lib/jobs/store';
import { loadPreferences, savePreferences } from '../../lib/settings/preferences';
import type { TaskRef } from '../../lib/trackers/registry';
import type { Attachment, TrackerApi } from '../../lib/trackers/types';
import { freshQueueWorld } from '../support/fresh-queue-world';

/**
 * Two files of one name in a task are saved as `report.pdf` and `report (2).pdf` whichever of them are picked: a
 * file picked alone must not take the other's path, where "Overwrite" would replace the other's saved copy.
 */

beforeEach(freshQueueWorld);

afterEach(() => {
  vi.restoreAllMocks();
});

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };
const report = (id: string): Attachment => ({
  id,
  name: 'report.pdf',
  size: 10,
  sizeExact: true,
  place: { kind: 'task' },
});
const tracker: Pick<TrackerApi, 'listAttachments' | 'downloadRequest'> = {
  listAttachments: async () => ({ title: 'Title', attachments: [report('first'), report('second')] }),
  downloadRequest: async (_task, attachment) => ({ url: `https://pyrus.com/files/${attachment.id}`, headers: [] }),
};

it('keeps each file’s path when only the second of two same-named files is downloaded, with Overwrite', async () => {
  await savePreferences({ ...(await loadPreferences()), existingFiles: 'overwrite' });
  vi.spyOn(fakeBrowser.downloads, 'download').mockImplementation(() => new Promise(() => undefined));
  const clientFor = async () => tracker as TrackerApi;
  const queue = createDownloadQueue({
    clientFor,
    zip: { build: () => new Promise(() => undefined), abort: vi.fn(), discard: vi.fn() },
  });
  await startDownloads(task, ['second'], false, { clientFor, queue });
  const jobs = await allJobs('downloads');
  expect(jobs.map((job) => [job.attachment.id, job.path.split('/').pop(), job.conflictAction])).toEqual([
    ['second', 'report (2).pdf', 'overwrite'],
  ]);
});
