import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getJob } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TrackerApi, TransferOptions } from '../../lib/trackers/types';
import { storeBatch } from '../../lib/uploads/intake';
import { abortUpload, runUploads, type UploadEnvironment } from '../../lib/uploads/runner';
import { freshQueueWorld } from '../support/fresh-queue-world';

/** PlanFix's request carries the file in base64: its body is a third larger than the file the row shows. */

beforeEach(freshQueueWorld);

let jobId = '';
afterEach(() => abortUpload(jobId));

const task: TaskRef = { tracker: 'planfix', kind: 'task', id: '1', host: 'acme.planfix.com' };

describe('an upload whose request body is larger than its file', () => {
  it("tells and stores its progress in the file's bytes, never past the file's size", async () => {
    [jobId = ''] = await storeBatch({ batchId: 'b', task, files: [{ name: 'a.bin', size: 300, type: '' }] }, [
      new Blob([new Uint8Array(300)]),
    ]);
    const told: number[] = [];
    let bodySent = (): void => undefined;
    const allSent = new Promise<void>((resolve) => {
      bodySent = resolve;
    });
    const api = {
      findAttached: async () => [],
      // Half the 400-byte body, then all of it; the answer never comes.
      upload: (_task: TaskRef, _file: unknown, { signal, onProgress }: TransferOptions) =>
        new Promise((_resolve, reject) => {
          onProgress?.(200, 400);
          setTimeout(() => {
            onProgress?.(400, 400);
            bodySent();
          }, 1_100);
          signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    } as unknown as TrackerApi;
    const env: UploadEnvironment = {
      apiFor: async () => api,
      parallelUploads: 1,
      progressed: (_id, bytes) => told.push(bytes),
      batchFinished: () => undefined,
    };
    await runUploads(env);
    await allSent;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(told).toEqual([150, 300]);
    expect((await getJob('uploads', jobId))?.bytesSent).toBe(300);
  });
});
