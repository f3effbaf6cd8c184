import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchClient } from '../../lib/http/client';
import { onQueueChange } from '../../lib/jobs/changes';
import { db, forgetDbConnection } from '../../lib/jobs/db';
import type { UploadJob } from '../../lib/jobs/records';
import { allJobs, updateJob } from '../../lib/jobs/store';
import { memoryMemo } from '../../lib/settings/memory-memo';
import { createTrackerApi } from '../../lib/trackers/clients';
import { parseTaskUrl } from '../../lib/trackers/pages';
import { type TrackerId, trackerOf } from '../../lib/trackers/registry';
import type { TrackerApi } from '../../lib/trackers/types';
import { chunkSize } from '../../lib/uploads/chunk-size';
import { handoffKind } from '../../lib/uploads/handoff-protocol';
import { receiveHandoff } from '../../lib/uploads/handoff-receiver';
import { issueHandoffToken } from '../../lib/uploads/handoff-tokens';
import { storeBatch } from '../../lib/uploads/intake';
import { type FinishedBatch, runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { dropUnfinishedHandoffs } from '../../lib/uploads/store';
import { samplePage } from '../support/sample-page';
import { useSandbox } from '../support/use-sandbox';

/**
 * A dropped batch is stored file by file (its jobs `arriving` until the last one is in), so the first file can be on
 * its way while the rest is copied in. The real queue (fake-indexeddb), runner and clients, against the sandbox.
 */
const sandbox = useSandbox();

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
});

function clientFor(tracker: TrackerId): TrackerApi {
  const definition = trackerOf(tracker);
  const settings = { ...definition.initial, ...sandbox().emulators[tracker].credentials() };
  return createTrackerApi(definition, settings, { http: fetchClient, memo: memoryMemo(), minIntervalMs: 0 });
}

/** A two-file batch whose hand-off is still under way: both stored, both still `arriving`. */
async function batchStillArriving(tracker: TrackerId): Promise<{ batchId: string; env: UploadEnvironment }> {
  const task = parseTaskUrl(samplePage(sandbox(), tracker).url);
  if (!task) throw new Error('no sample task');
  const batchId = crypto.randomUUID();
  const files = ['first.txt', 'second.txt'].map((name) => ({ name, size: 5, type: 'text/plain' }));
  const ids = await storeBatch({ batchId, task, files, comment: 'two files' }, [
    new Blob(['one!!']),
    new Blob(['two!!']),
  ]);
  for (const id of ids) await updateJob('uploads', id, { arriving: true });
  const client = clientFor(tracker);
  const env: UploadEnvironment = {
    apiFor: async () => client,
    parallelUploads: 2,
    progressed: () => undefined,
    batchFinished: () => undefined,
  };
  return { batchId, env };
}

async function statesUntil(done: (jobs: UploadJob[]) => boolean): Promise<string[]> {
  for (let tries = 0; tries < 200; tries++) {
    const jobs = await allJobs('uploads');
    if (done(jobs)) return jobs.map((job) => job.state).sort();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the jobs never got there');
}

const uploadRequests = (path: RegExp) =>
  sandbox()
    .log.since(0)
    .filter((entry) => entry.method === 'POST' && path.test(entry.path)).length;

describe('a batch stored file by file', () => {
  it('Pyrus: its files are sent before the batch is whole, and attached in one comment only once it is', async () => {
    const { batchId, env } = await batchStillArriving('pyrus');
    const finished = new Promise<FinishedBatch>((resolve) => {
      env.batchFinished = resolve;
    });
    const [, second] = (await allJobs('uploads')).sort((a, b) => a.createdAt - b.createdAt);
    await updateJob('uploads', second?.id ?? '', { awaitingBytes: true });
    await runUploads(env);
    expect(await statesUntil((jobs) => jobs.some((job) => job.state === 'uploaded'))).toEqual(['queued', 'uploaded']);
    expect(uploadRequests(/^\/v4\/files\/upload$/)).toBe(1);
    await updateJob('uploads', second?.id ?? '', { awaitingBytes: undefined });
    await runUploads(env);
    expect(await statesUntil((jobs) => jobs.every((job) => job.state === 'uploaded'))).toEqual([
      'uploaded',
      'uploaded',
    ]);
    expect(uploadRequests(/^\/v4\/files\/upload$/)).toBe(2);
    expect(uploadRequests(/\/comments$/)).toBe(0);
    for (const job of await allJobs('uploads')) await updateJob('uploads', job.id, { arriving: undefined });
    await runUploads(env);
    // The task goes with the batch: the notification reads that task's jobs, not every upload job ever stored.
    expect(await finished).toEqual({ batchId, taskKey: (await allJobs('uploads'))[0]?.taskKey });
    expect(uploadRequests(/\/comments$/)).toBe(1);
    expect((await allJobs('uploads')).map((job) => job.state)).toEqual(['done', 'done']);
  });

  it('Pyrus: files whose uploads Pyrus forgot before the batch was whole are uploaded again and attached once', async () => {
    const { env } = await batchStillArriving('pyrus');
    await runUploads(env);
    expect(await statesUntil((jobs) => jobs.every((job) => job.state === 'uploaded'))).toEqual([
      'uploaded',
      'uploaded',
    ]);
    // The batch took long to arrive: Pyrus deleted the uploads no comment had taken (pyrus.md). Their uploads had
    // needed retries (a rate limit): those do not count against sending them again.
    sandbox().emulators.pyrus.expirePendingUploads();
    for (const job of await allJobs('uploads')) {
      await updateJob('uploads', job.id, { arriving: undefined, attempts: 4 });
    }
    await runUploads(env);
    expect(await statesUntil((jobs) => jobs.every((job) => job.state === 'done'))).toEqual(['done', 'done']);
    expect(uploadRequests(/^\/v4\/files\/upload$/)).toBe(4);
    const page = samplePage(sandbox(), 'pyrus');
    const names = sandbox()
      .emulators.pyrus.files(page.containerId)
      .map((file) => file.name);
    expect(names.filter((name) => name === 'first.txt' || name === 'second.txt').sort()).toEqual([
      'first.txt',
      'second.txt',
    ]);
  });

  it('Worksection, whose upload attaches: nothing is sent before the batch is whole', async () => {
    const { env } = await batchStillArriving('worksection');
    const before = sandbox().log.since(0).length;
    await runUploads(env);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await allJobs('uploads')).map((job) => job.state)).toEqual(['queued', 'queued']);
    expect(sandbox().log.since(0).length).toBe(before);
    for (const job of await allJobs('uploads')) await updateJob('uploads', job.id, { arriving: undefined });
    await runUploads(env);
    expect(await statesUntil((jobs) => jobs.every((job) => job.state === 'done'))).toEqual(['done', 'done']);
  });

  it('a hand-off that never ended is dropped, one begun since is left alone', async () => {
    const { batchId: earlier } = await batchStillArriving('pyrus');
    // Its second job is dated after the start, as the jobs of a large batch are: the batch goes whole all the same.
    const [, second] = (await allJobs('uploads')).sort((a, b) => a.createdAt - b.createdAt);
    await updateJob('uploads', second?.id ?? '', { createdAt: Date.now() + 60_000 });
    const startedAt = Date.now() + 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { batchId: later } = await batchStillArriving('pyrus');
    await dropUnfinishedHandoffs(startedAt);
    const left = await allJobs('uploads');
    expect(left.map((job) => job.batchId)).toEqual([later, later]);
    expect(left.some((job) => job.batchId === earlier)).toBe(false);
  });

  it('an unfinished hand-off drops its jobs in every state but done, whose file the tracker has', async () => {
    const { batchId } = await batchStillArriving('pyrus');
    const [first, second] = (await allJobs('uploads')).sort((a, b) => a.createdAt - b.createdAt);
    await updateJob('uploads', first?.id ?? '', { state: 'done' });
    await updateJob('uploads', second?.id ?? '', { state: 'cancelled' });
    await dropUnfinishedHandoffs(Date.now() + 1);
    const left = await allJobs('uploads');
    expect(left.map((job) => [job.batchId, job.id, job.state])).toEqual([[batchId, first?.id, 'done']]);
  });

  it('a hand-off that fails partway through a large file (stored over several transactions) leaves nothing', async () => {
    const task = parseTaskUrl(samplePage(sandbox(), 'pyrus').url);
    if (!task) throw new Error('no sample task');
    // The first transactions of chunks commit; the file becomes unreadable at its seventh chunk.
    let slices = 0;
    class FailingBlob extends Blob {
      override slice(...args: Parameters<Blob['slice']>): Blob {
        slices += 1;
        if (slices > 6) throw new Error('the file became unreadable');
        return super.slice(...args);
      }
    }
    const large = new FailingBlob([new Uint8Array(chunkSize * 7)]);
    const files = [{ name: 'large.bin', size: large.size, type: 'application/octet-stream' }];
    await expect(storeBatch({ batchId: crypto.randomUUID(), task, files, comment: '' }, [large])).rejects.toThrow(
      'unreadable',
    );
    expect(slices).toBe(7);
    expect(await allJobs('uploads')).toEqual([]);
    expect(await (await db()).count('chunks')).toBe(0);
  });

  it('a hand-off that fails after its first file is stored says the queue changed, so toolbars drop those rows', async () => {
    const task = parseTaskUrl(samplePage(sandbox(), 'pyrus').url);
    if (!task) throw new Error('no sample task');
    class UnreadableBlob extends Blob {
      override slice(): Blob {
        throw new Error('the file became unreadable');
      }
    }
    const blobs = [new Blob(['one!!']), new UnreadableBlob(['two!!'])];
    const files = blobs.map((blob, index) => ({ name: `file ${index}.txt`, size: blob.size, type: 'text/plain' }));
    const token = issueHandoffToken({ batchId: crypto.randomUUID(), task, files, comment: '' });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let filesStored = 0;
    let changes = 0;
    const stopListening = onQueueChange(() => changes++);
    try {
      const reply = await receiveHandoff({ kind: handoffKind, token, files: blobs }, () => filesStored++);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'disk' } });
    } finally {
      stopListening();
      vi.restoreAllMocks();
    }
    // The first file was in, and the background had kicked the queue for it: a toolbar could show its row.
    expect(filesStored).toBe(1);
    expect(changes).toBeGreaterThan(0);
    expect(await allJobs('uploads')).toEqual([]);
  });

  it('a batch the quota stops (Attach to task stores one so too) says the queue changed, as out of storage', async () => {
    const task = parseTaskUrl(samplePage(sandbox(), 'pyrus').url);
    if (!task) throw new Error('no sample task');
    const blob = new Blob(['a screenshot']);
    const plan = {
      batchId: crypto.randomUUID(),
      task,
      files: [{ name: 'shot.png', size: blob.size, type: 'image/png' }],
      comment: '',
    };
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    let changes = 0;
    const stopListening = onQueueChange(() => changes++);
    try {
      const refused = await storeBatch(plan, [blob]).catch((error: unknown) => error);
      expect(refused).toMatchObject({ kind: 'quota', details: { neededBytes: blob.size } });
    } finally {
      stopListening();
      vi.restoreAllMocks();
    }
    expect(changes).toBeGreaterThan(0);
    expect(await allJobs('uploads')).toEqual([]);
  });

  it('a hand-off the storage quota stops is refused as out of storage, with what the files need', async () => {
    const task = parseTaskUrl(samplePage(sandbox(), 'pyrus').url);
    if (!task) throw new Error('no sample task');
    const blobs = [new Blob(['one!!']), new Blob(['two!!'])];
    const files = blobs.map((blob, index) => ({ name: `file ${index}.txt`, size: blob.size, type: 'text/plain' }));
    const token = issueHandoffToken({ batchId: crypto.randomUUID(), task, files, comment: '' });
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'chunks') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const reply = await receiveHandoff({ kind: handoffKind, token, files: blobs }, () => undefined);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'quota', details: { neededBytes: 10 } } });
    } finally {
      vi.restoreAllMocks();
    }
    expect(await allJobs('uploads')).toEqual([]);
  });
});
