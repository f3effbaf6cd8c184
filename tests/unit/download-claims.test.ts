import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { claimReady, newestDownloadsByState, writeAndClaim } from '../../lib/downloads/store';
import { db, forgetDbConnection } from '../../lib/jobs/db';
import type { DownloadJob } from '../../lib/jobs/records';
import { updateJob } from '../../lib/jobs/store';
import { downloadJob, storeDownloadJobs } from './download-job';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  forgetDbConnection();
});

const now = 1_000_000;

function job(id: string, createdAt: number, change: Partial<DownloadJob> = {}): DownloadJob {
  return downloadJob(id, { createdAt, ...change });
}

async function stateOf(id: string): Promise<string | undefined> {
  return (await (await db()).get('downloads', id))?.state;
}

const done = (id: string) => ({ kind: 'done' as const, id, change: {}, saved: [] });

describe('claimReady', () => {
  it('claims the oldest jobs that may start, in order, up to the room left by the ones in hand', async () => {
    const added = [job('running', 1, { state: 'running', downloadId: 7 }), job('q1', 2), job('q2', 3), job('q3', 4)];
    const { claimed } = await claimReady(3, now, added);
    expect(claimed.map((claim) => claim.id)).toEqual(['q1', 'q2']);
    expect(await stateOf('q2')).toBe('starting');
    expect(await stateOf('q3')).toBe('queued');
  });

  it('skips waiting jobs at the head of the queue, fills the room from behind them and says when they may start', async () => {
    const added = [
      job('later1', 1, { notBefore: now + 500 }),
      job('later2', 2, { notBefore: now + 200 }),
      job('ready1', 3),
      job('ready2', 4),
      job('ready3', 5),
    ];
    const { claimed, nextStart } = await claimReady(2, now, added);
    expect(claimed.map((claim) => claim.id)).toEqual(['ready1', 'ready2']);
    expect(nextStart).toBe(now + 200);
    expect(await stateOf('later1')).toBe('queued');
    expect(await stateOf('ready3')).toBe('queued');
  });
});

describe('writeAndClaim', () => {
  it("gives a finished job's place to the next queued one; a started one keeps its place", async () => {
    await claimReady(2, now, [job('a', 1), job('b', 2), job('c', 3), job('d', 4)]);
    const written = await writeAndClaim([{ kind: 'running', id: 'a', downloadId: 1, session: 's' }, done('b')], {
      limit: 2,
      now,
    });
    expect(written.applied.map((stored) => stored?.state)).toEqual(['running', 'done']);
    expect(written.claimed.map((claim) => claim.id)).toEqual(['c']);
    expect(await stateOf('d')).toBe('queued');
  });

  it('applies a running write and its end together, and leaves out what no longer allows them', async () => {
    await claimReady(3, now, [job('small', 1), job('cancelled', 2, { state: 'cancelled' }), job('requeued', 3)]);
    await updateJob('downloads', 'requeued', { state: 'queued', notBefore: now + 1000 });
    const written = await writeAndClaim(
      [
        { kind: 'running', id: 'small', downloadId: 1, session: 's' },
        done('small'),
        { kind: 'running', id: 'cancelled', downloadId: 2, session: 's' },
        done('requeued'),
      ],
      { limit: 3, now },
    );
    expect(written.applied.map((stored) => stored?.state)).toEqual(['running', 'done', undefined, 'done']);
    expect(await stateOf('small')).toBe('done');
    expect(await stateOf('cancelled')).toBe('cancelled');
    // A done write reaches a job that was queued again (its download had already finished): it is saved once.
    expect(await stateOf('requeued')).toBe('done');
    expect(written.claimed).toEqual([]);
  });
});

describe('newestDownloadsByState', () => {
  it("reads each state's newest jobs only, a tie on the last one's time included as the order has it", async () => {
    const stored = [
      job('done-old', 1, { state: 'done' }),
      job('done-tie-a', 2, { state: 'done' }),
      job('done-tie-b', 2, { state: 'done' }),
      job('done-new', 3, { state: 'done' }),
      job('failed', 1, { state: 'failed' }),
      job('queued', 5),
    ];
    await storeDownloadJobs(stored);
    const newest = await newestDownloadsByState(2);
    expect(newest.map((each) => each.id).sort()).toEqual(['done-new', 'done-tie-b', 'failed', 'queued']);
    expect((await newestDownloadsByState(1)).map((each) => each.id).sort()).toEqual(['done-new', 'failed', 'queued']);
    expect((await newestDownloadsByState(10)).length).toBe(stored.length);
  });
});
