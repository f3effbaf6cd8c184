import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLimiter, type Limiter } from '../../lib/http/limiter';
import { installWebLocks } from '../support/web-locks';

/**
 * A tracker's rate (PlanFix, Worksection: about 1 request a second) is per account: the worker's API calls and the
 * offscreen document's ZIP entries share one spacing through a Web Lock, instead of each keeping its own.
 */

const intervalMs = 60;
let uninstall: () => void;

beforeEach(() => {
  uninstall = installWebLocks();
});

afterEach(() => {
  uninstall();
});

/** Two requests through each limiter, all asked at once; answers the time between successive starts. */
async function gapsBetweenStarts(first: Limiter, second: Limiter): Promise<number[]> {
  const starts: number[] = [];
  const start = async () => {
    starts.push(performance.now());
  };
  await Promise.all([first.run(start), second.run(start), first.run(start), second.run(start)]);
  starts.sort((a, b) => a - b);
  return starts.slice(1).map((at, index) => at - (starts[index] ?? 0));
}

describe('the spacing of a tracker’s requests', () => {
  it('is kept across two contexts (two limiters) that share its name', async () => {
    // What the worker's API client and the offscreen document's ZIP each make for PlanFix.
    const api = createLimiter({ concurrency: 1, minIntervalMs: intervalMs, sharedAs: 'planfix' });
    const zip = createLimiter({
      concurrency: Number.POSITIVE_INFINITY,
      minIntervalMs: intervalMs,
      sharedAs: 'planfix',
    });
    const gaps = await gapsBetweenStarts(api, zip);
    expect(gaps).toHaveLength(3);
    // A timer may fire a millisecond early.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(intervalMs - 2);
  });

  it('is not shared between two trackers', async () => {
    const planfix = createLimiter({ concurrency: 1, minIntervalMs: intervalMs, sharedAs: 'planfix' });
    const worksection = createLimiter({ concurrency: 1, minIntervalMs: intervalMs, sharedAs: 'worksection' });
    const gaps = await gapsBetweenStarts(planfix, worksection);
    expect(gaps.filter((gap) => gap < intervalMs / 2)).toHaveLength(2);
  });
});

describe('a request given up while it waits for its turn', () => {
  it('leaves the queue at once and takes no turn from the next one', async () => {
    const zip = createLimiter({
      concurrency: Number.POSITIVE_INFINITY,
      minIntervalMs: intervalMs,
      sharedAs: 'planfix',
    });
    const api = createLimiter({ concurrency: 1, minIntervalMs: intervalMs, sharedAs: 'planfix' });
    const began = performance.now();
    const starts: number[] = [];
    const start = async () => {
      starts.push(performance.now() - began);
    };
    const cancelled = new AbortController();
    const first = zip.run(start);
    const given = zip.run(start, cancelled.signal).catch((error: unknown) => error);
    const next = api.run(start);
    cancelled.abort();
    expect(await given).toBe(cancelled.signal.reason);
    await Promise.all([first, next]);
    expect(starts).toHaveLength(2);
    // The next one starts one interval after the first, not two.
    expect(starts[1]).toBeGreaterThanOrEqual(intervalMs - 2);
    expect(starts[1]).toBeLessThan(intervalMs * 1.8);
  });
});
