import { AppError } from '../errors';
import type { HttpClient } from './client';
import { longestWaitInCallMs, sleep } from './retry';
import { rateLimitWait } from './retry-after';

/** Hosts that asked to be left alone, and until when (ms since epoch). */
const pausedUntil = new Map<string, number>();

/**
 * A host that answered 429 (or 503 with a time to come back) gets no request from this document until then: the
 * wait applies to the host, not only to the request that was told, so parallel uploads do not keep knocking. A
 * request with longer than a call waits left to go is refused at once as rate-limited, with the time left.
 */
export function honourHostPauses(http: HttpClient): HttpClient {
  return async (request) => {
    const { host } = new URL(request.url);
    const wait = (pausedUntil.get(host) ?? 0) - Date.now();
    if (wait > longestWaitInCallMs) throw new AppError('rate-limited', { retryAfterMs: wait, detail: host });
    if (wait > 0) await sleep(wait, request.signal);
    const response = await http(request);
    if (response.status === 429 || response.status === 503) {
      const pause = rateLimitWait(response.headers);
      if (pause !== undefined) pausedUntil.set(host, Math.max(pausedUntil.get(host) ?? 0, Date.now() + pause));
    }
    return response;
  };
}
