import { beforeEach, describe, expect, it } from 'vitest';
import type { UploadJob } from '../../lib/jobs/records';
import { failWaitingOfTracker, getJob } from '../../lib/jobs/store';
import { storeJobs } from '../../lib/uploads/store';
import { freshQueueWorld } from '../support/fresh-queue-world';

beforeEach(freshQueueWorld);

function waitingUpload(id: string, cancelling?: true): UploadJob {
  return {
    id,
    batchId: 'batch',
    task: { tracker: 'planfix', kind: 'task', id: '1', host: 'acme.planfix.ru' },
    taskKey: 'planfix:1',
    name: `${id}.txt`,
    size: 1,
    type: '',
    chunkSize: 1,
    chunkCount: 1,
    bytesSent: 0,
    state: 'queued',
    attempts: 0,
    notBefore: 0,
    createdAt: 0,
    ...(cancelling ? { cancelling } : {}),
  } as UploadJob;
}

describe('failWaitingOfTracker', () => {
  it('leaves the jobs it is told to spare as they are (a cancel being settled ends cancelled, not failed)', async () => {
    await storeJobs([waitingUpload('plain'), waitingUpload('cancelling', true)]);
    const failed = await failWaitingOfTracker(
      'uploads',
      'planfix',
      ['queued'],
      { state: 'failed' },
      (job) => job.cancelling === true,
    );
    expect(failed.map((job) => job.id)).toEqual(['plain']);
    expect((await getJob('uploads', 'cancelling'))?.state).toBe('queued');
    expect((await getJob('uploads', 'plain'))?.state).toBe('failed');
  });
});
