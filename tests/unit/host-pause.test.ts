import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { fetchClient } from '../../lib/http/client';
import { honourHostPauses } from '../../lib/http/host-pause';
import { withRetry } from '../../lib/http/retry';
import { rateLimitWait } from '../../lib/http/retry-after';
import { yandexTrackerSandbox as yt } from '../sandbox/trackers/yandex-tracker';
import { useSandbox } from '../support/use-sandbox';

const host = 'api.tracker.yandex.net';
const myself = {
  url: `https://${host}/v2/myself`,
  headers: { authorization: `OAuth ${yt.oauthToken}`, 'x-org-id': yt.orgId },
};

describe('a host that asked to wait', () => {
  const sandbox = useSandbox();
  const arrivals = () =>
    sandbox()
      .log.since(0)
      .filter((entry) => entry.host === host)
      .map((entry) => entry.time);

  it('gets no other request until the time it gave, from any caller', async () => {
    sandbox().faults.add({ host, path: '^/v2/myself', status: 429, retryAfter: 1 });
    const http = honourHostPauses(fetchClient);
    const limited = await http(myself);
    expect(limited.status).toBe(429);
    const told = Date.now();
    const [next] = await Promise.all([http(myself), http(myself)]);
    expect(next.status).toBe(200);
    const [first, ...later] = arrivals();
    expect(first).toBeDefined();
    expect(later).toHaveLength(2);
    for (const time of later) expect(time).toBeGreaterThanOrEqual(told + 900);
  });

  it('pauses on a 503 that says when to come back, too', async () => {
    sandbox().faults.add({ host, path: '^/v2/myself', status: 503, retryAfter: 1 });
    const http = honourHostPauses(fetchClient);
    expect((await http(myself)).status).toBe(503);
    const told = Date.now();
    expect((await http(myself)).status).toBe(200);
    expect(arrivals()[1]).toBeGreaterThanOrEqual(told + 900);
  });

  // Last: the pause lasts for the rest of this file (it is the document's).
  it('refuses at once, without sending, while a long pause lasts (an hour), with the time left', async () => {
    sandbox().faults.add({ host, path: '^/v2/myself', status: 429, retryAfter: 3600 });
    const http = honourHostPauses(fetchClient);
    expect((await http(myself)).status).toBe(429);
    const refused = await http(myself).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).kind).toBe('rate-limited');
    expect((refused as AppError).details.retryAfterMs).toBeGreaterThan(3_500_000);
    expect(arrivals()).toHaveLength(1);
    // A call does not wait it out in steps either: the tracker's answer goes back to the caller.
    let tries = 0;
    const called = await withRetry(async () => {
      tries++;
      await http(myself);
    }).catch((error: unknown) => error);
    expect([tries, (called as AppError).kind]).toEqual([1, 'rate-limited']);
  });
});

describe('how long a rate limit asks to wait', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('reads Retry-After in seconds or as a date, else X-RateLimit-Reset in seconds or as a moment', () => {
    expect(rateLimitWait(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(rateLimitWait(new Headers({ 'retry-after': 'Tue, 01 Dec 2026 12:00:05 GMT' }), now)).toBe(5000);
    expect(rateLimitWait(new Headers({ 'x-ratelimit-reset': '7' }), now)).toBe(7000);
    expect(rateLimitWait(new Headers({ 'x-ratelimit-reset': String(now / 1000 + 9) }), now)).toBe(9000);
    expect(rateLimitWait(new Headers({ 'x-ratelimit-reset': 'soon' }), now)).toBeUndefined();
    expect(rateLimitWait(new Headers(), now)).toBeUndefined();
  });
});
