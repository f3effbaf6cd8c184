import { AppError } from '../errors';

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * The longest wait a tracker may ask for that a call waits out itself. Anything longer goes back to the caller as
 * the tracker's answer: the queue waits it out between steps, and a page says how long, instead of a call hanging.
 */
export const longestWaitInCallMs = defaultRetryPolicy.maxDelayMs * 4;

export function backoffDelay(attempt: number, policy: RetryPolicy, error: unknown): number {
  const asked = error instanceof AppError ? error.details.retryAfterMs : undefined;
  if (asked !== undefined) return Math.min(asked, longestWaitInCallMs);
  return Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
}

function asksTooLongAWait(error: unknown): boolean {
  return error instanceof AppError && (error.details.retryAfterMs ?? 0) > longestWaitInCallMs;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Runs `operation` again while it fails with an error `shouldRetry` accepts (by default: rate limits, server
 * errors and network failures), waiting `Retry-After` where the tracker gave one, else an exponential backoff.
 * Only for steps that are safe to repeat: the upload queue settles ambiguous steps itself.
 */
export async function withRetry<T>(
  operation: () => Promise<T>,
  options: { policy?: RetryPolicy; signal?: AbortSignal; shouldRetry?: (error: unknown) => boolean } = {},
): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy;
  const shouldRetry = options.shouldRetry ?? ((error) => error instanceof AppError && error.retryable);
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt + 1 >= policy.attempts || !shouldRetry(error) || asksTooLongAWait(error)) throw error;
      await sleep(backoffDelay(attempt, policy, error), options.signal);
    }
  }
}

/** A request the server refused before doing anything: safe to repeat even when it is not idempotent. */
export function refusedBeforeProcessing(error: unknown): boolean {
  return error instanceof AppError && (error.kind === 'rate-limited' || error.details.status === 503);
}
