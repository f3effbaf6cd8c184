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
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
  const batchId = crypto.randomUUID();
  const [id = ''] = await storeBatch(
    { batchId, task, files: [{ name: file.name, size: file.size, type: file.type ?? '' }], comment },
    [file.blob],
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
  const job = await getJob('uploads', id);
  if (!job) throw new Error('the job is gone');
  return job;
}
