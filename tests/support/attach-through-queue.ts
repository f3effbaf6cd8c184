import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { forgetDbConnection } from '../../lib/jobs/db';
import type { UploadJob } from '../../lib/jobs/records';
import { getJob } from '../../lib/jobs/store';
import type { TaskRef } from '../../lib/trackers/registry';
import type { TrackerApi, UploadFile } from '../../lib/trackers/types';
import { storeBatch } from '../../lib/uploads/intake';
import { runUploads } from '../../lib/uploads/runner';

/**
 * Attaches a file the way the product does: stored in the upload queue (IndexedDB, here fake-indexeddb) and moved
 * by the upload runner with this client, settling and retrying as it does in the browser. Resolves with the job as
 * it ended (done or failed).
 */
export async function attachThroughQueue(
  api: TrackerApi,
  task: TaskRef,
  file: UploadFile,
  comment?: string,
): Promise<UploadJob> {
  const [job] = await attachBatchThroughQueue(api, task, [file], comment);
  if (!job) throw new Error('the job is gone');
  return job;
}

/** The same for a batch of files (one drop): resolves with its jobs as they ended, in the batch's order. */
export async function attachBatchThroughQueue(
  api: TrackerApi,
  task: TaskRef,
  files: readonly UploadFile[],
  comment?: string,
): Promise<UploadJob[]> {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
  const batchId = crypto.randomUUID();
  const announced = files.map((file) => ({ name: file.name, size: file.size, type: file.type ?? '' }));
  const ids = await storeBatch(
    { batchId, task, files: announced, comment },
    files.map((file) => file.blob),
  );
  await new Promise<void>((resolve) => {
    void runUploads({
      apiFor: () => Promise.resolve(api),
      parallelUploads: 2,
      progressed: () => undefined,
      batchFinished: (finished) => {
        if (finished.batchId === batchId) resolve();
      },
    });
  });
  return Promise.all(
    ids.map(async (id) => {
      const job = await getJob('uploads', id);
      if (!job) throw new Error('the job is gone');
      return job;
    }),
  );
}
