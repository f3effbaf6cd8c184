import type { AppError } from '../errors';
import { backoffDelay, defaultRetryPolicy } from '../http/retry';

/** Tries of one job before it is failed for the user to retry. */
export const maxAttempts = 5;

export type NextAttempt = { retry: true; attempts: number; notBefore: number } | { retry: false; attempts: number };

/**
 * What a failed step of a job leads to: another try after a backoff (or the tracker's Retry-After) while the error
 * is worth retrying and tries are left, else a failure the user sees.
 */
export function nextAttempt(
  attemptsSoFar: number,
  error: AppError,
  now = Date.now(),
  retryable = error.retryable,
): NextAttempt {
  const attempts = attemptsSoFar + 1;
  if (!retryable || attempts >= maxAttempts) return { retry: false, attempts };
  return { retry: true, attempts, notBefore: now + backoffDelay(attempts - 1, defaultRetryPolicy, error) };
}

/** A rejected or missing connection: nothing else of that tracker can succeed until the user reconnects. */
export function stopsTheTracker(error: AppError): boolean {
  return error.kind === 'auth' || error.kind === 'not-configured';
}
