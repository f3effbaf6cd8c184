import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downloadProgressMs, followSnapshots } from '../../lib/background/follow-snapshots';
import { queueChanged } from '../../lib/jobs/changes';

/** Follows a snapshot that says `moving` until told otherwise, recording when each one was posted. */
function follower() {
  const posted: number[] = [];
  let moving = false;
  const stop = followSnapshots(
    (at: number) => posted.push(at),
    async () => Date.now(),
    () => moving,
  );
  return { posted, stop, setMoving: (value: boolean) => (moving = value) };
}

/** A change every 20 ms for `ms` of the fake clock. */
async function busyQueue(ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 20) {
    queueChanged();
    await vi.advanceTimersByTimeAsync(20);
  }
}

describe('followSnapshots', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('posts a snapshot at once, then one per 100 ms of a busy queue with no download running', async () => {
    const { posted, stop } = follower();
    await vi.advanceTimersByTimeAsync(0);
    await busyQueue(1000);
    stop();
    expect(posted[0]).toBe(0);
    expect(posted.length).toBeGreaterThanOrEqual(9);
  });

  it('while a download runs, changes wait for the progress refresh, and the end is posted at once', async () => {
    const { posted, stop, setMoving } = follower();
    setMoving(true);
    await vi.advanceTimersByTimeAsync(0);
    await busyQueue(1900);
    expect(posted).toEqual([0, downloadProgressMs, 2 * downloadProgressMs, 3 * downloadProgressMs]);
    setMoving(false);
    queueChanged({ settled: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(posted.at(-1)).toBe(1900);
    stop();
  });

  it('posts nothing after it is stopped', async () => {
    const { posted, stop } = follower();
    await vi.advanceTimersByTimeAsync(0);
    stop();
    await busyQueue(500);
    expect(posted).toEqual([0]);
  });
});
