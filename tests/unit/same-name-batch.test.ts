import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fetchClient } from '../../lib/http/client';
import { memoryMemo } from '../../lib/settings/memory-memo';
import { createTrackerApi } from '../../lib/trackers/clients';
import { parseTaskUrl } from '../../lib/trackers/pages';
import { type TrackerId, trackerOf } from '../../lib/trackers/registry';
import { jobsFor } from '../../lib/uploads/intake';
import { summarizeFiles } from '../sandbox/control';
import { attachBatchThroughQueue } from '../support/attach-through-queue';
import { useSandbox } from '../support/use-sandbox';

/**
 * A dropped folder is flattened to its files, so `a/README.md` and `b/README.md` arrive as two files of one name in
 * one batch. Each job settles by name and size against what was there before it started; run in parallel, the two
 * must not take each other's file for their own. The real queue (fake-indexeddb), runner and clients, against the
 * sandbox.
 */
const sandbox = useSandbox();

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Drops the files on the tracker's empty task as one batch, and runs the queue (2 at a time) until it finished. */
async function dropOnEmptyTask(tracker: TrackerId, files: { name: string; bytes: Buffer<ArrayBuffer> }[]) {
  const page = sandbox().emulators[tracker].emptyTaskPage();
  const task = parseTaskUrl(page.url);
  if (!task) throw new Error('no empty task');
  const definition = trackerOf(tracker);
  const settings = { ...definition.initial, ...sandbox().emulators[tracker].credentials() };
  const api = createTrackerApi(definition, settings, { http: fetchClient, memo: memoryMemo(), minIntervalMs: 0 });
  const blobs = files.map(({ name, bytes }) => ({ name, size: bytes.length, blob: new Blob([bytes]) }));
  const jobs = await attachBatchThroughQueue(api, task, blobs);
  const stored = await summarizeFiles(sandbox(), tracker, page.containerId);
  return { jobs, stored: stored.map((file) => [file.name, file.sha256]) };
}

describe('two files of one name in one dropped batch', () => {
  it('are queued under names of their own, numbered as copies are', () => {
    const task = { tracker: 'planfix' as const, kind: 'task' as const, id: '1', host: 'acme.planfix.ru' };
    const files = ['README.md', 'README.md', 'notes.txt'].map((name) => ({ name, size: 1, type: '' }));
    expect(jobsFor({ batchId: 'b', task, files }).map((job) => job.name)).toEqual([
      'README.md',
      'README (2).md',
      'notes.txt',
    ]);
  });

  it('PlanFix: both files are stored, neither as the other’s version, and each job is done by its own', async () => {
    const a = randomBytes(3000);
    const b = randomBytes(3500);
    const { jobs, stored } = await dropOnEmptyTask('planfix', [
      { name: 'README.md', bytes: a },
      { name: 'README.md', bytes: b },
    ]);
    expect(stored).toEqual([
      ['README.md', sha256(a)],
      ['README (2).md', sha256(b)],
    ]);
    expect(jobs.map((job) => [job.name, job.state])).toEqual([
      ['README.md', 'done'],
      ['README (2).md', 'done'],
    ]);
  });

  it('Worksection: the second, answered with an error, is settled by its own name and sent again', async () => {
    // The second upload is answered 500: it may have been kept, so the runner asks the task what it holds.
    sandbox().faults.add({ path: 'action=post_comment', method: 'POST', status: 500, after: 1 });
    const a = randomBytes(20_000);
    const b = randomBytes(20_000);
    const { jobs, stored } = await dropOnEmptyTask('worksection', [
      { name: 'logo.png', bytes: a },
      { name: 'logo.png', bytes: b },
    ]);
    expect(stored.sort()).toEqual(
      [
        ['logo.png', sha256(a)],
        ['logo (2).png', sha256(b)],
      ].sort(),
    );
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done']);
  });
});
