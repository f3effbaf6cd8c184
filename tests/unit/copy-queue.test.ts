import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchClient } from '../../lib/http/client';
import { errorText } from '../../lib/i18n/error-text';
import { db, forgetDbConnection } from '../../lib/jobs/db';
import type { UploadJob } from '../../lib/jobs/records';
import { allJobs, getJob, updateJob } from '../../lib/jobs/store';
import { memoryMemo } from '../../lib/settings/memory-memo';
import { createTrackerApi } from '../../lib/trackers/clients';
import { parseTaskUrl } from '../../lib/trackers/pages';
import { type TaskRef, type TrackerId, trackerIds, trackerOf } from '../../lib/trackers/registry';
import type { TrackerApi } from '../../lib/trackers/types';
import { chunkSize } from '../../lib/uploads/chunk-size';
import { fetchSourceIntoChunks } from '../../lib/uploads/copy-fetch';
import { copyJobsFor, storeFetchedChunk } from '../../lib/uploads/copy-intake';
import { planCopy } from '../../lib/uploads/copy-plan';
import { runUploads } from '../../lib/uploads/runner';
import { storeJobs, uploadedBytes } from '../../lib/uploads/store';
import { textContent } from '../sandbox/content';
import { type FileSummary, summarizeFiles } from '../sandbox/control';
import type { FaultSpec } from '../sandbox/faults';
import type { Sandbox } from '../sandbox/server';
import { samplePage } from '../support/sample-page';
import { useSandbox } from '../support/use-sandbox';

/**
 * Copies run through the real queue (fake-indexeddb), the real runner and the real clients, against the sandbox:
 * the source's bytes are fetched into chunks, then uploaded and attached as any queued file.
 */
const sandbox = useSandbox();

/** How each tracker's file bytes are asked for, so a fault hits the source's download only. */
const downloadRoutes: Record<TrackerId, Pick<FaultSpec, 'host' | 'path' | 'bodyMatch'>> = {
  pyrus: { host: 'files.pyrus.com', path: '^/v4/files/download/' },
  'yandex-tracker': { path: '^/get-tracker/' },
  worksection: { host: 'acme.worksection.com', path: 'action=download' },
  planfix: { host: 'apiru.planfix.ru', path: '^/xml/', bodyMatch: 'method="file\\.download"' },
};

function clientFor(tracker: TrackerId): TrackerApi {
  const definition = trackerOf(tracker);
  const settings = { ...definition.initial, ...sandbox().emulators[tracker].credentials() };
  return createTrackerApi(definition, settings, { http: fetchClient, memo: memoryMemo(), minIntervalMs: 0 });
}

function taskOf(url: string): TaskRef {
  const task = parseTaskUrl(url);
  if (!task) throw new Error(`not a task page: ${url}`);
  return task;
}

interface Copy {
  jobs: UploadJob[];
  comments: (string | undefined)[];
}

/** Queues the files of the source task as a copy and runs the queue until the batch is through. */
async function copyThroughQueue(
  source: { tracker: TrackerId; task: TaskRef },
  target: { tracker: TrackerId; task: TaskRef },
  prepare: (jobs: UploadJob[]) => Promise<void> = async () => undefined,
): Promise<Copy> {
  const clients = new Map<string, TrackerApi>();
  const comments: (string | undefined)[] = [];
  const apiFor = async (tracker: string): Promise<TrackerApi> => {
    const known = clients.get(tracker);
    if (known) return known;
    const client = clientFor(tracker as TrackerId);
    const watched: TrackerApi = {
      ...client,
      attach: (task, uploads, comment) => {
        comments.push(comment);
        return client.attach(task, uploads, comment);
      },
    };
    clients.set(tracker, watched);
    return watched;
  };
  const { attachments, title } = await (await apiFor(source.tracker)).listAttachments(source.task);
  const { files, refused } = planCopy(attachments, trackerOf(target.tracker).capabilities.maxFileSize);
  expect(refused).toEqual([]);
  const batchId = crypto.randomUUID();
  const jobs = copyJobsFor({
    batchId,
    source: source.task,
    target: target.task,
    files,
    comment: `copied from ${source.tracker} ${title ?? ''}`,
  });
  await storeJobs(jobs);
  await prepare(jobs);
  await new Promise<void>((resolve) => {
    void runUploads({
      apiFor,
      sourceApiFor: apiFor,
      parallelUploads: 2,
      progressed: () => undefined,
      batchFinished: (finished) => {
        if (finished.batchId === batchId) resolve();
      },
    });
  });
  const ended = await Promise.all(jobs.map((job) => getJob('uploads', job.id)));
  return { jobs: ended.flatMap((job) => (job ? [job] : [])), comments };
}

/** Every source file is in the target exactly once under its copy's name, with the same bytes. */
function expectEachOnce(sourceFiles: FileSummary[], targetFiles: FileSummary[], names: Map<string, string>) {
  for (const file of sourceFiles) {
    const name = names.get(file.id) ?? file.name;
    const copies = targetFiles.filter((candidate) => candidate.name === name);
    expect(
      copies.map((copy) => copy.sha256),
      name,
    ).toEqual([file.sha256]);
  }
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
});

describe('copy between any two trackers, and within one', () => {
  const pairs = trackerIds.flatMap((from) => trackerIds.map((to) => [from, to] as const));

  it.each(pairs)('%s -> %s: each file once, byte-identical, with its name', async (from, to) => {
    const box = sandbox();
    const sourcePage = box.emulators[from].emptyTaskPage();
    const targetPage = samplePage(box, to);
    const source = { tracker: from, task: taskOf(sourcePage.url) };
    const target = { tracker: to, task: taskOf(targetPage.url) };
    const emulator = box.emulators[from];
    emulator.addFile(sourcePage.containerId, `copy ${from} пустой.txt`, { kind: 'bytes', bytes: Buffer.alloc(0) });
    emulator.addFile(sourcePage.containerId, `copy ${from} twice.txt`, textContent(`${from}: the first\n`));
    emulator.addFile(sourcePage.containerId, `copy ${from} twice.txt`, textContent(`${from}: the second one\n`));
    emulator.addFile(sourcePage.containerId, `copy ${from} data.bin`, {
      kind: 'generated',
      seed: `${from}-${to}`,
      size: 20_000,
    });

    const { jobs, comments } = await copyThroughQueue(source, target);

    expect(jobs.map((job) => job.state)).toEqual(['done', 'done', 'done', 'done']);
    const sourceFiles = await summarizeFiles(box, from, sourcePage.containerId);
    const names = new Map(jobs.map((job) => [job.source?.attachment.id ?? '', job.name]));
    expect([...names.values()]).toContain(`copy ${from} twice (2).txt`);
    expectEachOnce(sourceFiles, await summarizeFiles(box, to, targetPage.containerId), names);
    // Where files join through comments, the batch goes in one, with the copy's comment.
    if (trackerOf(to).capabilities.attachesThroughComment) {
      expect(comments).toEqual([expect.stringMatching(new RegExp(`^copied from ${from} `))]);
    }
  });
});

describe('copies running at once', () => {
  // Worksection's file request is an API call (action=download), and it allows one a second, as PlanFix does.
  it.each([
    { from: 'worksection' as const, spaced: true },
    { from: 'pyrus' as const, spaced: false },
  ])(
    '$from: start their source requests at the tracker’s documented rate (spaced: $spaced)',
    async ({ from, spaced }) => {
      const box = sandbox();
      const sourcePage = box.emulators[from].emptyTaskPage();
      for (const index of [1, 2, 3]) {
        box.emulators[from].addFile(sourcePage.containerId, `rate ${index}.txt`, textContent(`file ${index}\n`));
      }
      const since = box.log.lastSeq;
      const { jobs } = await copyThroughQueue(
        { tracker: from, task: taskOf(sourcePage.url) },
        { tracker: 'yandex-tracker', task: taskOf(samplePage(box, 'yandex-tracker').url) },
      );
      expect(jobs.map((job) => job.state)).toEqual(['done', 'done', 'done']);
      const route = new RegExp(downloadRoutes[from].path ?? '');
      const starts = box.log
        .since(since)
        .filter((entry) => entry.host === downloadRoutes[from].host && route.test(entry.path))
        .map((entry) => entry.time);
      expect(starts).toHaveLength(3);
      const gaps = starts.slice(1).map((start, index) => start - (starts[index] ?? 0));
      const interval = 1000 / (trackerOf(from).capabilities.requestsPerSecond ?? Number.POSITIVE_INFINITY);
      // Two copies run at once (parallelUploads): their first requests go together where the tracker sets no rate.
      // Arrival times, so a margin for a busy machine: a spaced start is never less than the interval after the last.
      if (spaced) for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(interval - 200);
      else expect(gaps[0]).toBeLessThan(600);
    },
  );
});

describe('a copy that is interrupted', () => {
  const from: TrackerId = 'pyrus';
  const to: TrackerId = 'planfix';

  function pages(box: Sandbox) {
    const sourcePage = box.emulators[from].emptyTaskPage();
    const targetPage = samplePage(box, to);
    return { sourcePage, targetPage, source: { tracker: from, task: taskOf(sourcePage.url) } };
  }

  it('fetches a file of several chunks, checks its MD5, and attaches it once', async () => {
    const box = sandbox();
    const { sourcePage, targetPage, source } = pages(box);
    box.emulators[from].addFile(sourcePage.containerId, 'two chunks.bin', {
      kind: 'generated',
      seed: 'two chunks',
      size: chunkSize + 12_345,
    });
    const { jobs } = await copyThroughQueue(source, { tracker: to, task: taskOf(targetPage.url) });
    expect(jobs.map((job) => [job.state, job.chunkCount, job.size, job.bytesFetched])).toEqual([
      ['done', 2, chunkSize + 12_345, chunkSize + 12_345],
    ]);
    expectEachOnce(
      await summarizeFiles(box, from, sourcePage.containerId),
      await summarizeFiles(box, to, targetPage.containerId),
      new Map(),
    );
  });

  it('reads a body cut midway again, from its first byte', async () => {
    const box = sandbox();
    const { sourcePage, targetPage, source } = pages(box);
    box.emulators[from].addFile(sourcePage.containerId, 'cut.bin', { kind: 'generated', seed: 'cut', size: 300_000 });
    box.faults.add({ ...downloadRoutes[from], cut: 'response-body', afterBytes: 100_000 });
    const { jobs } = await copyThroughQueue(source, { tracker: to, task: taskOf(targetPage.url) });
    expect(jobs.map((job) => [job.state, job.attempts])).toEqual([['done', 0]]);
    expect(box.log.since(0).filter((entry) => /\/v4\/files\/download\//.test(entry.path))).toHaveLength(2);
    expectEachOnce(
      await summarizeFiles(box, from, sourcePage.containerId),
      await summarizeFiles(box, to, targetPage.containerId),
      new Map(),
    );
  });

  it('takes over a fetch a stopped runner left: what it wrote is dropped, the file lands once', async () => {
    const box = sandbox();
    const { sourcePage, targetPage, source } = pages(box);
    box.emulators[from].addFile(sourcePage.containerId, 'left.bin', { kind: 'generated', seed: 'left', size: 50_000 });
    const { jobs } = await copyThroughQueue(source, { tracker: to, task: taskOf(targetPage.url) }, async ([job]) => {
      if (!job) return;
      // A runner died midway: its claim and chunks of wrong bytes are still there, one past where this file ends.
      await updateJob('uploads', job.id, { fetchRun: 'dead runner', bytesFetched: 7 });
      for (const index of [0, 3]) {
        const chunk = { index, blob: new Blob(['garbage']) };
        expect(await storeFetchedChunk(job.id, 'dead runner', chunk, 7)).toBe(true);
      }
    });
    expect(jobs.map((job) => job.state)).toEqual(['done']);
    expectEachOnce(
      await summarizeFiles(box, from, sourcePage.containerId),
      await summarizeFiles(box, to, targetPage.containerId),
      new Map(),
    );
  });

  it('fails a file whose bytes do not hash to the MD5 the source lists, and attaches nothing', async () => {
    const box = sandbox();
    const { sourcePage, targetPage, source } = pages(box);
    box.emulators[from].addFile(sourcePage.containerId, 'hash.bin', textContent('the real bytes\n'));
    const { jobs } = await copyThroughQueue(source, { tracker: to, task: taskOf(targetPage.url) }, async ([job]) => {
      if (!job?.source) return;
      const attachment = { ...job.source.attachment, md5: '0'.repeat(32) };
      await updateJob('uploads', job.id, { source: { ...job.source, attachment } });
    });
    expect(jobs.map((job) => [job.state, job.error?.kind])).toEqual([['failed', 'hash-mismatch']]);
    expect((await summarizeFiles(box, to, targetPage.containerId)).map((file) => file.name)).not.toContain('hash.bin');
    expect(await (await db()).count('chunks')).toBe(0);
  });

  it('fails a file the source no longer has, with the source tracker named, and leaves no chunks', async () => {
    const box = sandbox();
    const { sourcePage, targetPage, source } = pages(box);
    const gone = box.emulators[from].addFile(sourcePage.containerId, 'gone.bin', textContent('gone\n'));
    const { jobs } = await copyThroughQueue(source, { tracker: to, task: taskOf(targetPage.url) }, async () => {
      box.faults.add({ ...downloadRoutes[from], path: `^/v4/files/download/${gone.id}$`, status: 404, times: 10 });
    });
    expect(jobs.map((job) => [job.state, job.error?.kind, job.error?.details.tracker])).toEqual([
      ['failed', 'not-found', 'pyrus'],
    ]);
    expect(await (await db()).count('chunks')).toBe(0);
  });
});

describe('a fetch that fails', () => {
  /** A Pyrus file of 14 bytes, queued as a copy in chunks of 3 (the last one of 2), and the client that reads it. */
  async function queuedCopy() {
    const box = sandbox();
    const sourcePage = box.emulators.pyrus.emptyTaskPage();
    box.emulators.pyrus.addFile(sourcePage.containerId, 'five chunks.txt', textContent('fourteen bytes'));
    const api = clientFor('pyrus');
    const task = taskOf(sourcePage.url);
    const { files } = planCopy(
      (await api.listAttachments(task)).attachments,
      trackerOf('pyrus').capabilities.maxFileSize,
    );
    const [job] = copyJobsFor({ batchId: crypto.randomUUID(), source: task, target: { ...task, id: '2' }, files });
    if (!job?.source) throw new Error('no copy job');
    const copy = { ...job, chunkSize: 3, chunkCount: 5 };
    await storeJobs([copy]);
    return { api, job: copy, source: job.source };
  }

  /** The browser refuses the `nth` chunk written from now on, as it does once the extension's quota is used up. */
  function quotaRunsOutAt(nth: number): void {
    const put = IDBObjectStore.prototype.put;
    let chunks = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'chunks' && ++chunks === nth) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    });
  }

  it.each([
    { when: 'the storage quota runs out midway', quotaAt: 2, listed: {}, kind: 'quota' },
    { when: 'the storage quota runs out at its last chunk', quotaAt: 5, listed: {}, kind: 'quota' },
    { when: 'fewer bytes come than the source listed', quotaAt: 0, listed: { size: 15 }, kind: 'network' },
    {
      when: 'the bytes do not hash to the listed MD5',
      quotaAt: 0,
      listed: { md5: '0'.repeat(32) },
      kind: 'hash-mismatch',
    },
  ])('$when: fails as $kind and leaves no chunks', async ({ quotaAt, listed, kind }) => {
    const { api, job, source } = await queuedCopy();
    const attachment = { ...source.attachment, ...listed };
    if (quotaAt > 0) quotaRunsOutAt(quotaAt);
    try {
      const fetch = fetchSourceIntoChunks(
        api,
        { ...job, source: { ...source, attachment } },
        new AbortController().signal,
        () => undefined,
      );
      await expect(fetch).rejects.toMatchObject({ kind });
    } finally {
      vi.restoreAllMocks();
    }
    expect(await (await db()).count('chunks')).toBe(0);
  });

  it('more bytes than the source listed: stopped as they pass it, before they fill the storage', async () => {
    const { api, job, source } = await queuedCopy();
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    try {
      const fetch = fetchSourceIntoChunks(
        api,
        { ...job, source: { ...source, attachment: { ...source.attachment, size: 5 } } },
        new AbortController().signal,
        () => undefined,
      );
      await expect(fetch).rejects.toMatchObject({ kind: 'network' });
      // 14 bytes in chunks of 3 would be five chunks; at most the first 5 bytes' worth may be stored.
      expect(
        put.mock.contexts.filter((store) => (store as IDBObjectStore).name === 'chunks').length,
      ).toBeLessThanOrEqual(2);
    } finally {
      vi.restoreAllMocks();
    }
    expect(await (await db()).count('chunks')).toBe(0);
  });

  it('out of storage quota: failed at once, worded as such, not retried as a tracker out of reach', async () => {
    const { api, job } = await queuedCopy();
    const estimate = async () => ({ quota: 200 * 1024 * 1024, usage: 100 * 1024 * 1024 });
    vi.stubGlobal('navigator', { storage: { estimate } });
    quotaRunsOutAt(2);
    try {
      void runUploads({
        apiFor: async () => api,
        parallelUploads: 1,
        progressed: () => undefined,
        batchFinished: () => undefined,
      });
      for (let tries = 0; tries < 200; tries++) {
        const stored = await getJob('uploads', job.id);
        if (stored?.state !== 'fetching' || stored.attempts > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllGlobals();
    }
    const failed = await getJob('uploads', job.id);
    expect([failed?.state, failed?.attempts]).toEqual(['failed', 1]);
    expect(errorText(failed?.error ?? expect.fail('no error'))).toBe(
      'Not enough browser storage for these files (14 B needed, 36 MB free).',
    );
  });
});

describe('fetched chunks are written only for the fetch that holds the job', () => {
  it('refuses a chunk for a cancelled job, or for a run that lost its claim', async () => {
    const task: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };
    const [job] = copyJobsFor({
      batchId: 'b',
      source: task,
      target: { ...task, id: '2' },
      files: [
        { name: 'a.txt', attachment: { id: '9', name: 'a.txt', size: 3, sizeExact: true, place: { kind: 'task' } } },
      ],
    });
    if (!job) throw new Error('no job');
    await storeJobs([job]);
    await updateJob('uploads', job.id, { fetchRun: 'mine' });
    expect(await storeFetchedChunk(job.id, 'other', { index: 0, blob: new Blob(['abc']) }, 3)).toBe(false);
    expect(await storeFetchedChunk(job.id, 'mine', { index: 0, blob: new Blob(['abc']) }, 3)).toBe(true);
    expect((await getJob('uploads', job.id))?.bytesFetched).toBe(3);
    await updateJob('uploads', job.id, { state: 'cancelled' });
    expect(await storeFetchedChunk(job.id, 'mine', { index: 1, blob: new Blob(['def']) }, 6)).toBe(false);
    const stored = await getJob('uploads', job.id);
    expect(await (await uploadedBytes({ ...(stored ?? job), chunkCount: 1 })).text()).toBe('abc');
    expect((await allJobs('uploads')).map((one) => one.bytesFetched)).toEqual([3]);
  });
});
