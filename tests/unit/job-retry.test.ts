import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { nextAttempt } from '../../lib/jobs/retry';

describe('a job step the tracker refused for a while', () => {
  const now = Date.parse('2026-12-03T12:00:00Z');
  const hour = 60 * 60 * 1000;

  it('comes back when the tracker said, an hour on, not two minutes on to be refused unsent again', () => {
    const limited = new AppError('rate-limited', { tracker: 'yandex-tracker', retryAfterMs: hour });
    expect(nextAttempt(0, limited, now)).toEqual({ retry: true, attempts: 1, notBefore: now + hour });
  });

  it('takes a wait of more than a day as a day, and backs off by itself where the tracker gave none', () => {
    const tenDays = new AppError('rate-limited', { retryAfterMs: 240 * hour });
    expect(nextAttempt(0, tenDays, now)).toMatchObject({ notBefore: now + 24 * hour });
    const server = new AppError('server', { status: 500 });
    const { notBefore } = nextAttempt(0, server, now) as { notBefore: number };
    expect(notBefore - now).toBeGreaterThan(0);
    expect(notBefore - now).toBeLessThanOrEqual(30_000);
  });
});
