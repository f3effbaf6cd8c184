import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { transferService } from '../../lib/background/transfers';
import { createDownloadQueue } from '../../lib/downloads/queue';
import { onQueueChange } from '../../lib/jobs/changes';
import { forgetDbConnection } from '../../lib/jobs/db';
import { getJob } from '../../lib/jobs/store';
import { downloadJob, storeDownloadJobs } from './download-job';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
});

const unused = async (): Promise<never> => {
  throw new Error('no transfer runs in this test');
};

/** The transfer service over a download queue that must not be asked to move anything. */
function service() {
  return transferService(
    createDownloadQueue({ clientFor: unused, zip: { build: unused, abort: unused, discard: unused } }),
  );
}

/** How many queue changes were announced while `work` ran. */
async function changesDuring(work: () => Promise<unknown>): Promise<number> {
  let changes = 0;
  const stop = onQueueChange(() => changes++);
  try {
    await work();
  } finally {
    stop();
  }
  return changes;
}

describe('forgetting finished transfers', () => {
  it('a transfer removed in the popup is announced, so open toolbars and popups drop its row', async () => {
    await storeDownloadJobs([downloadJob('saved', { state: 'done' })]);
    const transfers = service();
    expect(await changesDuring(() => transfers.steer('remove', 'saved'))).toBeGreaterThan(0);
    expect(await getJob('downloads', 'saved')).toBeUndefined();
  });

  it('Clear finished is announced too', async () => {
    await storeDownloadJobs([downloadJob('saved', { state: 'done' }), downloadJob('broken', { state: 'failed' })]);
    const transfers = service();
    expect(await changesDuring(() => transfers.clearFinished())).toBeGreaterThan(0);
    expect(await getJob('downloads', 'broken')).toBeDefined();
  });
});
