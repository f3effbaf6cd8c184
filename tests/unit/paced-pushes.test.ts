import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pacedPushes } from '../../lib/background/paced-pushes';

/** A pacer whose pushes take `costMs` of the fake clock, recording when each started. */
function pacer(costMs = 0) {
  const started: number[] = [];
  const pushes = pacedPushes(
    async () => {
      started.push(Date.now());
      vi.advanceTimersByTime(costMs);
    },
    { costFactor: 5, what: 'test push' },
  );
  return { pushes, started };
}

describe('pacedPushes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pushes a change at once when the last push is far enough back', async () => {
    const { pushes, started } = pacer();
    await pushes.now();
    await vi.advanceTimersByTimeAsync(1000);
    pushes.soon(100);
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual([0, 1000]);
  });

  it('folds the changes that come sooner into one push, at the earliest allowed time', async () => {
    const { pushes, started } = pacer();
    await pushes.now();
    for (const at of [10, 20, 30]) {
      await vi.advanceTimersByTimeAsync(at - Date.now());
      pushes.soon(100);
    }
    await vi.advanceTimersByTimeAsync(500);
    expect(started).toEqual([0, 100]);
  });

  it('brings a later push (a progress refresh) forward for a change', async () => {
    const { pushes, started } = pacer();
    await pushes.now();
    pushes.soon(500);
    await vi.advanceTimersByTimeAsync(50);
    pushes.soon(100);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual([0, 100]);
  });

  it('spaces pushes by five times the cost of the last one', async () => {
    const { pushes, started } = pacer(60);
    await pushes.now();
    pushes.soon(100);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual([0, 300]);
  });

  it('pushes nothing after it is stopped', async () => {
    const { pushes, started } = pacer();
    await pushes.now();
    pushes.soon(100);
    pushes.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toEqual([0]);
  });
});
