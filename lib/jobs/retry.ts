import type { AppError } from '../errors';
import { backoffDelay, defaultRetryPolicy } from '../http/retry';

/** Tries of one job before it is failed for the user to retry. */
export const maxAttempts = 5;

/** The longest a tracker's "come back later" is taken at its word; beyond, the answer is more likely wrong. */
const longestAskedWaitMs = 24 * 60 * 60 * 1000;

export type NextAttempt = { retry: true; attempts: number; notBefore: number } | { retry: false; attempts: number };

/**
 * What a failed step of a job leads to: another try after a backoff while the error is worth retrying and tries are
 * left, else a failure the user sees. Where the tracker said when to come back, the job waits that long, however
 * long (a call waits out only two minutes of it): coming back sooner spends a try on a request refused unsent.
 */
export function nextAttempt(
  attemptsSoFar: number,
  error: AppError,
  now = Date.now(),
  retryable = error.retryable,
): NextAttempt {
  const attempts = attemptsSoFar + 1;
  if (!retryable || attempts >= maxAttempts) return { retry: false, attempts };
  const asked = error.details.retryAfterMs;
  const wait =
    asked === undefined ? backoffDelay(attempts - 1, defaultRetryPolicy, error) : Math.min(asked, longestAskedWaitMs);
  return { retry: true, attempts, notBefore: now + wait };
}

/** A rejected or missing connection: nothing else of that tracker can succeed until the user reconnects. */
export function stopsTheTracker(error: AppError): boolean {
  return error.kind === 'auth' || error.kind === 'not-configured';
}
