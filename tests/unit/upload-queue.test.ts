import { db, dbName, forgetDbConnection } from '../../lib/jobs/db';
import { type UploadJob, uploadStates } from '../../lib/jobs/records';
import { FileAnnouncementSchema } from '../../lib/messages/file-announcement';
import type { TaskRef } from '../../lib/trackers/registry';
import { chunkSize } from '../../lib/uploads/chunk-size';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import * as v from 'valibot';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import { activeUploads, allJobs, getJob, updateJob, uploadsOfTasks } from '../../lib/jobs/store';
import { issueHandoffToken, takeHandoffToken } from '../../lib/uploads/handoff-tokens';
import { type BatchPlan, jobsFor, matchesAnnouncement, requireWithinLimit, storeBatch } from '../../lib/uploads/intake';
import { requireRoomFor } from '../../lib/uploads/quota';
import { deleteChunks, newestUploadsByState, uploadedBytes } from '../../lib/uploads/store';

const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1001', host: 'pyrus.com' };

function bytes(size: number, seed = 7): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let index = 0; index < size; index++) out[index] = (index * seed + (index >> 8)) & 0xff;
  return out;
}

function plan(files: { name: string; size: number }[]): BatchPlan {
  return { batchId: 'batch-1', task, files: files.map((file) => ({ ...file, type: '' })), comment: 'see files' };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
});

describe('chunk store', () => {
  it('keeps a file as 3-byte-multiple chunks and gives back the same bytes', async () => {
    expect(chunkSize % 3).toBe(0);
    const content = bytes(chunkSize * 2 + 5);
    const [id] = await storeBatch(plan([{ name: 'big.bin', size: content.length }]), [new Blob([content])]);
    const job = await getJob('uploads', id ?? '');
    expect(job?.chunkCount).toBe(3);
    expect(job?.state).toBe('queued');
    const back = new Uint8Array(await (await uploadedBytes(job ?? expect.fail('no job'))).arrayBuffer());
    expect(back.length).toBe(content.length);
    expect(Buffer.from(back).equals(Buffer.from(content))).toBe(true);
  });

  it('stores a 0-byte file as one empty chunk', async () => {
    const [id] = await storeBatch(plan([{ name: 'empty.txt', size: 0 }]), [new Blob([])]);
    const job = await getJob('uploads', id ?? '');
    expect(job?.chunkCount).toBe(1);
    expect((await uploadedBytes(job ?? expect.fail('no job'))).size).toBe(0);
  });

  it('deletes the chunks of a finished job only, and a job without chunks cannot be read back', async () => {
    const other = bytes(chunkSize + 3, 11);
    const [id = '', otherId = ''] = await storeBatch(
      plan([
        { name: 'a.txt', size: chunkSize + 3 },
        { name: 'b.txt', size: other.length },
      ]),
      [new Blob([bytes(chunkSize + 3)]), new Blob([other])],
    );
    await deleteChunks(id);
    const job = await getJob('uploads', id);
    await expect(uploadedBytes(job ?? expect.fail('no job'))).rejects.toThrow(/chunks missing/);
    const kept = await uploadedBytes((await getJob('uploads', otherId)) ?? expect.fail('no job'));
    expect(Buffer.from(await kept.arrayBuffer()).equals(Buffer.from(other))).toBe(true);
  });

  it('stores a batch whole or not at all, so a failed hand-off leaves no part of it to attach', async () => {
    class UnreadableBlob extends Blob {
      override slice(): Blob {
        throw new DOMException('The file could not be read.', 'NotReadableError');
      }
    }
    const stored = storeBatch(
      plan([
        { name: 'a.txt', size: 1 },
        { name: 'b.txt', size: 1 },
      ]),
      [new Blob(['x']), new UnreadableBlob(['y'])],
    );
    await expect(stored).rejects.toThrow('could not be read');
    expect(await allJobs('uploads')).toEqual([]);
  });

  it('stores the jobs first, then file by file: what is read before the last file is in says so', async () => {
    const seen: { name: string; arriving?: boolean; awaitingBytes?: boolean }[][] = [];
    const stored = storeBatch(
      plan([
        { name: 'a.txt', size: 1 },
        { name: 'b.txt', size: 1 },
      ]),
      [new Blob(['x']), new Blob(['y'])],
      () => {
        seen.push([]);
        const index = seen.length - 1;
        void allJobs('uploads').then((jobs) => {
          seen[index] = jobs
            .map(({ name, arriving, awaitingBytes }) => ({ name, arriving, awaitingBytes }))
            .sort((a, b) => a.name.localeCompare(b.name));
        });
      },
    );
    await stored;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen[0]).toEqual([
      { name: 'a.txt', arriving: true, awaitingBytes: undefined },
      { name: 'b.txt', arriving: true, awaitingBytes: true },
    ]);
    const after = await allJobs('uploads');
    expect(after.map(({ arriving, awaitingBytes }) => ({ arriving, awaitingBytes }))).toEqual([{}, {}]);
  });

  it('orders a batch as it was picked and keeps names exactly', async () => {
    const names = ['Отчёт за квартал.pdf', 'two  spaces.txt', 'a.txt'];
    await storeBatch(
      plan(names.map((name) => ({ name, size: 1 }))),
      names.map(() => new Blob(['x'])),
    );
    const stored = (await allJobs('uploads')).sort((a, b) => a.createdAt - b.createdAt);
    expect(stored.map((job) => job.name)).toEqual(names);
    expect(stored.every((job) => job.comment === 'see files' && job.batchId === 'batch-1')).toBe(true);
  });
});

describe('job state changes', () => {
  it('apply only while the stored state still allows them', async () => {
    const [id = ''] = await storeBatch(plan([{ name: 'a.txt', size: 1 }]), [new Blob(['x'])]);
    expect(await updateJob('uploads', id, { state: 'cancelled' })).toBeDefined();
    const late = await updateJob('uploads', id, { state: 'done' }, (job) => job.state === 'uploading');
    expect(late).toBeUndefined();
    expect((await getJob('uploads', id))?.state).toBe('cancelled');
  });
});

describe('what the runner reads', () => {
  it('is the jobs still to finish and every job of their tasks, not the rest of the history', async () => {
    const other: TaskRef = { ...task, id: '2002' };
    const ofTask = jobsFor(plan(uploadStates.map((state) => ({ name: state, size: 1 }))), 1000).map((job, index) => ({
      ...job,
      id: `job-${index}`,
      state: uploadStates[index] ?? 'queued',
    }));
    const history = jobsFor({ ...plan([{ name: 'old', size: 1 }]), batchId: 'batch-0', task: other }, 1).map((job) => ({
      ...job,
      state: 'done' as const,
    }));
    const transaction = (await db()).transaction('uploads', 'readwrite');
    await Promise.all([...[...ofTask, ...history].map((job) => transaction.store.put(job)), transaction.done]);

    const active = await activeUploads();
    expect(active.map((job) => job.state).sort()).toEqual(['attaching', 'fetching', 'queued', 'uploaded', 'uploading']);
    const related = await uploadsOfTasks(active.map((job) => job.taskKey));
    expect(related.map((job) => job.id).sort()).toEqual(ofTask.map((job) => job.id).sort());
    expect(await uploadsOfTasks([])).toEqual([]);
  });
});

describe('newestUploadsByState', () => {
  const stored = (state: UploadJob['state'], createdAt: number, id = `${state}-${createdAt}`): UploadJob => ({
    ...(jobsFor(plan([{ name: id, size: 1 }]), createdAt)[0] as UploadJob),
    id,
    state,
  });

  it("reads each state's newest jobs only", async () => {
    const jobs = [stored('done', 1), stored('done', 2), stored('done', 3), stored('failed', 1), stored('queued', 4)];
    const transaction = (await db()).transaction('uploads', 'readwrite');
    await Promise.all([...jobs.map((job) => transaction.store.put(job)), transaction.done]);
    expect((await newestUploadsByState(2)).map((job) => job.id).sort()).toEqual([
      'done-2',
      'done-3',
      'failed-1',
      'queued-4',
    ]);
    expect(await newestUploadsByState(10)).toHaveLength(jobs.length);
  });

  it('finds the jobs a database of the version before stored, once it is opened again', async () => {
    const before = await openDB(dbName, 4, {
      upgrade(database) {
        const uploads = database.createObjectStore('uploads', { keyPath: 'id' });
        uploads.createIndex('byState', 'state');
        uploads.createIndex('byTask', 'taskKey');
      },
    });
    await before.put('uploads', stored('done', 7));
    before.close();
    expect((await newestUploadsByState(1)).map((job) => job.id)).toEqual(['done-7']);
  });
});

describe('intake', () => {
  it('refuses a batch over the quota before anything is written, naming what is needed and free', async () => {
    const storage = { estimate: async () => ({ quota: 200 * 1024 * 1024, usage: 100 * 1024 * 1024 }) };
    const refusal = await requireRoomFor(80 * 1024 * 1024, storage).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).kind).toBe('quota');
    expect(errorText((refusal as AppError).toJSON())).toBe(
      'Not enough browser storage for these files (80 MB needed, 36 MB free).',
    );
    await expect(requireRoomFor(10 * 1024 * 1024, storage)).resolves.toBeUndefined();
  });

  it("names the first file over the tracker's limit", () => {
    const files = [
      { name: 'ok.txt', size: 10, type: '' },
      { name: 'huge.iso', size: 11, type: '' },
    ];
    expect(() => requireWithinLimit(files, 'pyrus', 10)).toThrow(
      expect.objectContaining({ kind: 'too-large', details: expect.objectContaining({ detail: 'huge.iso' }) }),
    );
    expect(() => requireWithinLimit(files, 'pyrus', 11)).not.toThrow();
  });

  it('takes only the bytes that were announced', () => {
    const announced = plan([
      { name: 'a', size: 1 },
      { name: 'b', size: 2 },
    ]);
    expect(matchesAnnouncement(announced, [new Blob(['x']), new Blob(['yy'])])).toBe(true);
    expect(matchesAnnouncement(announced, [new Blob(['x'])])).toBe(false);
    expect(matchesAnnouncement(announced, [new Blob(['x']), new Blob(['yyy'])])).toBe(false);
  });

  it('accepts Unicode and spaces in names, refuses control characters and slashes', () => {
    const ok = (name: string) => v.safeParse(FileAnnouncementSchema, { name, size: 1, type: '' }).success;
    expect(ok('Отчёт  v2 (final).pdf')).toBe(true);
    expect(ok('a/b.txt')).toBe(false);
    expect(ok('a\\b.txt')).toBe(false);
    expect(ok('bell\u0007.txt')).toBe(false);
    expect(ok('')).toBe(false);
  });

  it('refuses a dropped name by the same rule as a copied one (refusedName)', () => {
    const ok = (name: string) => v.safeParse(FileAnnouncementSchema, { name, size: 1, type: '' }).success;
    for (const blank of ['...', '   ', ' . ']) expect(ok(blank), blank).toBe(false);
    expect(ok('rubout\u007f.txt')).toBe(false);
    expect(ok('c1\u0085.txt')).toBe(false);
    expect(ok('.env')).toBe(true);
    // Characters, not UTF-16 units: 255 emoji are 510 units and a name a file system keeps.
    expect(ok('😀'.repeat(255))).toBe(true);
    expect(ok('😀'.repeat(256))).toBe(false);
    expect(ok('a'.repeat(256))).toBe(false);
  });

  it('makes one job per file with its chunk count', () => {
    const jobs = jobsFor(plan([{ name: 'a', size: chunkSize + 1 }]), 1000);
    expect(jobs).toMatchObject([{ chunkCount: 2, state: 'queued', attempts: 0, createdAt: 1000 }]);
  });
});

describe('hand-off tokens', () => {
  it('are good once and only for a while', () => {
    const batch = plan([{ name: 'a', size: 1 }]);
    const token = issueHandoffToken(batch, 0);
    expect(takeHandoffToken(token, 1000)).toBe(batch);
    expect(takeHandoffToken(token, 1000)).toBeUndefined();
    const late = issueHandoffToken(batch, 0);
    expect(takeHandoffToken(late, 10 * 60_000)).toBeUndefined();
    expect(takeHandoffToken('not-a-token')).toBeUndefined();
  });
});
