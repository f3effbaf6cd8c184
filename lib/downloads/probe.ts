import { AppError, type ErrorKind } from '../errors';
import { fetchClient } from '../http/client';
import { errorForStatus } from '../http/responses';
import { parseRetryAfter } from '../http/retry-after';
import type { DownloadRequest } from '../trackers/types';

/** How long asking the tracker again about a download may take. */
export const probeTimeoutMs = 30_000;

/**
 * The downloads API hides the HTTP status of a failed download: the tracker is asked once more (for one byte) to
 * learn it, and any Retry-After. What cannot be learnt stays `fallback`.
 */
export async function probeDownload(
  tracker: string,
  requestFor: () => Promise<DownloadRequest>,
  fallback: ErrorKind,
): Promise<AppError> {
  try {
    const request = await requestFor();
    const headers = Object.fromEntries(request.headers.map((header) => [header.name, header.value]));
    const response = await fetchClient({
      url: request.url,
      method: request.method,
      headers: { ...headers, Range: 'bytes=0-0' },
      body: request.body,
      redirect: 'follow',
      timeoutMs: probeTimeoutMs,
    });
    await response.arrayBuffer();
    if (response.status >= 400) return errorForStatus(tracker, response);
    return new AppError(fallback, { tracker, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) });
  } catch (error) {
    return error instanceof AppError ? error : new AppError(fallback, { tracker });
  }
}
