/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Beyond this, an `X-RateLimit-Reset` is a moment (Unix seconds), not a number of seconds to wait. */
const longestDeltaSeconds = 86_400;

/** When a rate-limit answer says the host takes requests again, in ms from now; undefined where it does not say. */
export function rateLimitWait(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
  if (!Number.isFinite(reset) || reset < 0) return undefined;
  return reset > longestDeltaSeconds ? Math.max(0, reset * 1000 - now) : reset * 1000;
}
