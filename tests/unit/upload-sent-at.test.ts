import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getJob } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TrackerApi, TransferOptions } from '../../lib/trackers/types';
import { storeBatch } from '../../lib/uploads/intake';
import { abortUpload, runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { freshQueueWorld } from '../support/fresh-queue-world';

/**
 * `sentAt` says the tracker may have the file though no answer came: a runner that dies then asks the tracker before
 * sending the file again. PlanFix attaches with the upload itself, so a file sent twice is attached twice.
 */

beforeEach(freshQueueWorld);

let jobId = '';
afterEach(() => abortUpload(jobId));

const task: TaskRef = { tracker: 'planfix', kind: 'task', id: '1', host: 'acme.planfix.com' };

describe('an upload whose first progress comes within a second', () => {
  it('keeps sentAt from its claim: what it sent before the first write may already be the whole body', async () => {
    [jobId = ''] = await storeBatch({ batchId: 'b', task, files: [{ name: 'a.bin', size: 100, type: '' }] }, [
      new Blob([new Uint8Array(100)]),
    ]);
    let progressed = (): void => undefined;
    const firstProgress = new Promise<void>((resolve) => {
      progressed = resolve;
    });
    const api = {
      findAttached: async () => [],
      // 5 of 100 bytes reported 50 ms in; then no answer (the rest may be out, and the browser may close).
      upload: (_task: TaskRef, _file: unknown, { signal, onProgress }: TransferOptions) =>
        new Promise((_resolve, reject) => {
          setTimeout(() => {
            onProgress?.(5, 100);
            progressed();
          }, 50);
          signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    } as unknown as TrackerApi;
    const env: UploadEnvironment = {
      apiFor: async () => api,
      parallelUploads: 1,
      progressed: () => undefined,
      batchFinished: () => undefined,
    };
    await runUploads(env);
    await firstProgress;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await getJob('uploads', jobId)).toMatchObject({ state: 'uploading', sentAt: expect.any(Number) });
  });
});
