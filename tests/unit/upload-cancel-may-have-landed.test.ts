import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelUpload } from '../../lib/background/uploads';
import { fetchClient, type HttpClient } from '../../lib/http/client';
import type { UploadJob } from '../../lib/jobs/records';
import { getJob, updateJob } from '../../lib/jobs/store';
import { memoryMemo } from '../../lib/settings/memory-memo';
import { createTrackerApi } from '../../lib/trackers/clients';
import { parseTaskUrl } from '../../lib/trackers/pages';
import { type TaskRef, trackerOf } from '../../lib/trackers/registry';
import type { Attachment, TrackerApi } from '../../lib/trackers/types';
import { storeBatch } from '../../lib/uploads/intake';
import { abortUpload, type FinishedBatch, runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { type FileSummary, summarizeFiles } from '../sandbox/control';
import { freshQueueWorld } from '../support/fresh-queue-world';
import { useSandbox } from '../support/use-sandbox';

/**
 * PlanFix attaches a file as it takes its upload. A cancel after the whole body may have gone out cannot know
 * whether it did: the tracker is asked, as a leftover is settled, and the job ends done if the file is on the task,
 * else cancelled, and is never sent again. The real queue (fake-indexeddb), runner and client, against the sandbox.
 */
const sandbox = useSandbox();

beforeEach(freshQueueWorld);

let jobId = '';
afterEach(() => abortUpload(jobId));

const uploadRequest = { host: 'apiru.planfix.ru', path: '^/xml/', method: 'POST', bodyMatch: 'method="file\\.upload"' };
/** A `holdMs` fault took in the whole body of the upload. */
const bodyTaken = () =>
  sandbox()
    .log.since()
    .some((entry) => entry.receivedTime !== undefined);

function emptyTask(): { task: TaskRef; filesNamed: (name: string) => Promise<FileSummary[]> } {
  const page = sandbox().emulators.planfix.emptyTaskPage();
  const task = parseTaskUrl(page.url);
  if (!task) throw new Error('no empty task');
  const filesNamed = async (name: string) =>
    (await summarizeFiles(sandbox(), 'planfix', page.containerId)).filter((file) => file.name === name);
  return { task, filesNamed };
}

let uploadsSent = 0;

/** The real client; `uploadsSent` counts the files it is asked to send. */
function planfixClient(http: HttpClient = fetchClient): TrackerApi {
  const settings = { ...trackerOf('planfix').initial, ...sandbox().emulators.planfix.credentials() };
  const client = createTrackerApi(trackerOf('planfix'), settings, { http, memo: memoryMemo(), minIntervalMs: 0 });
  uploadsSent = 0;
  return {
    ...client,
    upload: (...args) => {
      uploadsSent++;
      return client.upload(...args);
    },
  };
}

/**
 * Queues one file for the task and starts the runner; `announced` collects the batches it tells of. Each test sends
 * a name of its own: a request a failed test left in the sandbox's hands must not count in the next one.
 */
async function startUpload(api: TrackerApi, task: TaskRef, name: string, bytes: Buffer<ArrayBuffer>) {
  const announced: FinishedBatch[] = [];
  const env: UploadEnvironment = {
    apiFor: async () => api,
    parallelUploads: 1,
    progressed: () => undefined,
    batchFinished: (batch) => announced.push(batch),
  };
  [jobId = ''] = await storeBatch({ batchId: 'b', task, files: [{ name, size: bytes.length, type: '' }] }, [
    new Blob([bytes]),
  ]);
  await runUploads(env);
  return { env, announced };
}

/**
 * The clock only moves forward: a host's limiter keeps the time of its last request, and a clock set back would
 * hold the next test's requests.
 */
let clockAhead = 0;
beforeAll(() => {
  const now = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => now() + clockAhead);
});
afterAll(() => vi.restoreAllMocks());

/** The grace is over (a minute on): the next pass settles what waited for it. */
async function afterTheGrace(env: UploadEnvironment): Promise<void> {
  clockAhead += 60_000;
  await runUploads(env);
}

const job = () => getJob('uploads', jobId);

describe('cancelling a PlanFix upload whose whole body went out', () => {
  it('that the tracker attached ends done, with one copy of the file on the task, announced once', async () => {
    const { task, filesNamed } = emptyTask();
    // PlanFix takes the whole body, then takes its time: the cancel comes before its answer.
    sandbox().faults.add({ ...uploadRequest, holdMs: 1500 });
    const { env, announced } = await startUpload(planfixClient(), task, 'report.pdf', randomBytes(20_000));
    await vi.waitFor(() => expect(bodyTaken()).toBe(true), { timeout: 5000 });
    expect(await job()).toMatchObject({ state: 'uploading', sentAt: expect.any(Number) });

    await cancelUpload(jobId);
    // Not reported cancelled: until the tracker says, the file may be there.
    expect((await job())?.state).toBe('uploading');
    await vi.waitFor(async () => expect(await filesNamed('report.pdf')).toHaveLength(1), { timeout: 5000 });

    await afterTheGrace(env);
    await vi.waitFor(async () => expect((await job())?.state).toBe('done'), { timeout: 5000 });
    expect(await filesNamed('report.pdf')).toHaveLength(1);
    expect(uploadsSent).toBe(1);
    expect(announced).toEqual([{ batchId: 'b', taskKey: (await job())?.taskKey }]);
  });

  it('that the tracker never got ends cancelled after the grace, and is not sent again', async () => {
    const { task, filesNamed } = emptyTask();
    // The connection drops midway: the client cannot tell how much got there, so the body may be whole.
    sandbox().faults.add({ ...uploadRequest, cut: 'request', afterBytes: 5000 });
    const { env } = await startUpload(planfixClient(), task, 'notes.pdf', randomBytes(20_000));
    await vi.waitFor(async () => expect(await job()).toMatchObject({ state: 'uploading', attempts: 1 }), {
      timeout: 5000,
    });
    expect((await job())?.sentAt).toEqual(expect.any(Number));

    await cancelUpload(jobId);
    await afterTheGrace(env);
    await vi.waitFor(async () => expect((await job())?.state).toBe('cancelled'), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await job())?.state).toBe('cancelled');
    expect(await filesNamed('notes.pdf')).toEqual([]);
    expect(uploadsSent).toBe(1);
    expect((await job())?.announced).toBe(true);
  });
});

/**
 * The browser's transport as far as it matters here: the upload's body goes out in part and then stalls (a slow
 * uplink), and its progress says how much went, as XMLHttpRequest's does.
 */
const stalledUplink: HttpClient = async (request) => {
  const { body, onUploadProgress } = request;
  if (!(body instanceof Blob) || !onUploadProgress) return fetchClient(request);
  const part = new Uint8Array(await body.slice(0, 2000).arrayBuffer());
  // The runner writes progress a second after its claim: this one says the body is far from whole.
  setTimeout(() => onUploadProgress(part.length, body.size), 1100);
  const stalled = new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(part) });
  const init = { method: 'POST', headers: request.headers, body: stalled, duplex: 'half', signal: request.signal };
  try {
    await fetch(request.url, init as RequestInit);
  } catch (error) {
    throw request.signal?.reason ?? error;
  }
  throw new Error('a stalled upload was answered');
};

const isSome = (bytes: unknown): boolean => typeof bytes === 'number' && bytes > 0 && bytes < 10_000;

describe('cancelling a PlanFix upload whose body was not all sent', () => {
  it('ends cancelled at once, and nothing is attached', async () => {
    const { task, filesNamed } = emptyTask();
    await startUpload(planfixClient(stalledUplink), task, 'draft.pdf', randomBytes(200_000));
    // Progress is stored in the file's bytes: some of them, far from all 200,000.
    await vi.waitFor(
      async () => expect(await job()).toMatchObject({ state: 'uploading', bytesSent: expect.toSatisfy(isSome) }),
      { timeout: 5000 },
    );
    expect((await job())?.sentAt).toBeUndefined();

    await cancelUpload(jobId);
    expect((await job())?.state).toBe('cancelled');
    await vi.waitFor(
      () =>
        expect(
          sandbox()
            .log.since()
            .some((entry) => entry.aborted),
        ).toBe(true),
      {
        timeout: 5000,
      },
    );
    expect(await filesNamed('draft.pdf')).toEqual([]);
    expect((await job())?.announced).toBe(true);
  });
});

describe('a cancel being settled when the runner stopped', () => {
  /** The job as the stopped runner left it, and a next runner with a client that counts what it is asked. */
  async function leftAs(change: Partial<UploadJob>, onTask: Attachment[]) {
    [jobId = ''] = await storeBatch(
      { batchId: 'b', task: { tracker: 'planfix', kind: 'task', id: '1', host: 'acme.planfix.com' }, files: [file] },
      [new Blob(['abc'])],
    );
    await updateJob('uploads', jobId, { matchingBefore: [], cancelling: true, ...change });
    const asked = { lookups: 0, uploads: 0 };
    const api: Partial<TrackerApi> = {
      findAttached: async () => {
        asked.lookups++;
        return onTask;
      },
      upload: async () => {
        asked.uploads++;
        return { attached: true, remoteRef: 'again' };
      },
    };
    await runUploads({
      apiFor: async () => api as TrackerApi,
      parallelUploads: 1,
      progressed: () => undefined,
      batchFinished: () => undefined,
    });
    return asked;
  }

  const file = { name: 'a.txt', size: 3, type: 'text/plain' };
  const onTask: Attachment = { id: 'att-1', name: 'a.txt', size: 3, sizeExact: true, place: { kind: 'task' } };

  it('mid-settle is settled by the next runner: the file found there, it is done', async () => {
    const asked = await leftAs({ state: 'uploading', sentAt: Date.now() - 1000 }, [onTask]);
    await vi.waitFor(async () => expect(await job()).toMatchObject({ state: 'done', announced: true }), {
      timeout: 3000,
    });
    expect(asked).toEqual({ lookups: 1, uploads: 0 });
  });

  it('after the settle found nothing and put it back, it ends cancelled and is not sent again', async () => {
    const asked = await leftAs({ state: 'queued', sentAt: undefined }, []);
    await vi.waitFor(async () => expect(await job()).toMatchObject({ state: 'cancelled', announced: true }), {
      timeout: 3000,
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(asked).toEqual({ lookups: 0, uploads: 0 });
    expect((await job())?.state).toBe('cancelled');
  });
});
