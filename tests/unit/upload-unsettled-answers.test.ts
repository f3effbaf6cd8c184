import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelUpload } from '../../lib/background/uploads';
import { AppError } from '../../lib/errors';
import { getJob, updateJob } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import { type Attachment, type TrackerApi, uploadsExpired } from '../../lib/trackers/types';
import { storeBatch } from '../../lib/uploads/intake';
import { abortUpload, runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { freshQueueWorld } from '../support/fresh-queue-world';

/**
 * Answers that say nothing of whether a file landed must never get it sent again unasked: a refused lookup while
 * settling, Pyrus's "unknown or already used" upload, a gateway that gave up waiting. And a file cancelled while its
 * batch's comment was being made went with it.
 */

beforeEach(freshQueueWorld);

let jobIds: string[] = [];
afterEach(() => {
  for (const id of jobIds) abortUpload(id);
});

const pyrusTask: TaskRef = { tracker: 'pyrus', kind: 'task', id: '1', host: 'pyrus.com' };
const planfixTask: TaskRef = { tracker: 'planfix', kind: 'task', id: '1', host: 'acme.planfix.com' };

const attachment = (name: string, id = `att-${name}`): Attachment => ({
  id,
  name,
  size: 1,
  sizeExact: true,
  place: { kind: 'task' },
});

function environment(api: Partial<TrackerApi>): UploadEnvironment {
  return {
    apiFor: async () => api as TrackerApi,
    parallelUploads: 2,
    progressed: () => undefined,
    batchFinished: () => undefined,
  };
}

async function store(task: TaskRef, names: string[]): Promise<string[]> {
  const files = names.map((name) => ({ name, size: 1, type: 'text/plain' }));
  jobIds = await storeBatch(
    { batchId: 'b', task, files },
    names.map((name) => new Blob([name.slice(0, 1)])),
  );
  return jobIds;
}

const stateOf = async (id: string) => (await getJob('uploads', id))?.state;

describe('an upload whose outcome is unknown', () => {
  it('stays unsettled when the lookup that settles it is refused (429), and is found, not sent again', async () => {
    const [id = ''] = await store(planfixTask, ['a.txt']);
    // A runner died with the whole body out ten minutes ago: the tracker has had time to attach it.
    await updateJob('uploads', id, { state: 'uploading', matchingBefore: [], sentAt: Date.now() - 600_000 });
    let lookups = 0;
    let uploads = 0;
    const api: Partial<TrackerApi> = {
      findAttached: async () => {
        lookups++;
        if (lookups === 1) throw new AppError('rate-limited', { tracker: 'planfix', status: 429, retryAfterMs: 20 });
        return [attachment('a.txt')];
      },
      upload: async () => {
        uploads++;
        return { attached: true, remoteRef: 'again' };
      },
    };
    await runUploads(environment(api));
    await expect.poll(() => stateOf(id), { timeout: 3000 }).toBe('done');
    expect(uploads).toBe(0);
  });

  it('is looked for after a gateway’s 504, within the grace, and not sent again meanwhile', async () => {
    const [id = ''] = await store(planfixTask, ['a.txt']);
    let uploads = 0;
    let lookups = 0;
    const api: Partial<TrackerApi> = {
      findAttached: async () => {
        lookups++;
        return [];
      },
      upload: async () => {
        uploads++;
        // The proxy in front of the tracker gave up; the tracker may still be taking the file in.
        throw new AppError('server', { tracker: 'planfix', status: 504, retryAfterMs: 20 });
      },
    };
    await runUploads(environment(api));
    // The lookup before the upload, then the settle's.
    await expect.poll(() => lookups, { timeout: 3000 }).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uploads).toBe(1);
    expect(await getJob('uploads', id)).toMatchObject({ state: 'uploading', sentAt: expect.any(Number) });
  });
});

describe('a batch attached in one comment (Pyrus)', () => {
  it('whose attach is answered "unknown or already used" is looked for, and what is there is not sent again', async () => {
    const [first = '', second = ''] = await store(pyrusTask, ['a.txt', 'b.txt']);
    let uploads = 0;
    let attached = false;
    const api: Partial<TrackerApi> = {
      // The first attach was made, its answer lost; the browser's resend of it is refused as an unknown guid.
      findAttached: async (_task, file) => (attached && file.name === 'a.txt' ? [attachment('a.txt')] : []),
      upload: async (_task, file) => {
        uploads++;
        return { attached: false, remoteRef: `guid-${file.name}-${uploads}` };
      },
      attach: async () => {
        if (!attached) {
          attached = true;
          throw new AppError('not-found', { tracker: 'pyrus', status: 400, detail: uploadsExpired });
        }
      },
    };
    await runUploads(environment(api));
    await expect
      .poll(async () => [await stateOf(first), await stateOf(second)], { timeout: 3000 })
      .toEqual(['done', 'done']);
    // Two uploads, then only the file the task did not have went up again.
    expect(uploads).toBe(3);
  });

  it('says a file cancelled while the comment was being made is attached, as it is', async () => {
    const [, second = ''] = await store(pyrusTask, ['a.txt', 'b.txt']);
    let release = (): void => undefined;
    let attachStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => {
      attachStarted = resolve;
    });
    const api: Partial<TrackerApi> = {
      findAttached: async () => [],
      upload: async (_task, file) => ({ attached: false, remoteRef: `guid-${file.name}` }),
      attach: () =>
        new Promise<void>((resolve) => {
          release = resolve;
          attachStarted();
        }),
    };
    await runUploads(environment(api));
    await started;
    await cancelUpload(second);
    release();
    await expect.poll(() => stateOf(second), { timeout: 3000 }).toBe('done');
  });
});
