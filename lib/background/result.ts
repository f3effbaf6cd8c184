import { AppError } from '../errors';
import type { Result } from '../messages';

/** Runs a handler and turns any failure into a worded error; unknown failures never leak their text. */
export async function toResult<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const trackerError = error instanceof AppError ? error : new AppError('unexpected', { detail: 'internal error' });
    if (!(error instanceof AppError)) console.error('TrackerDrop: unexpected failure', error);
    return { ok: false, error: trackerError.toJSON() };
  }
}
