import { AppError } from '../errors';
import { errorForStatus } from './responses';

/** A file's request as a tracker's client words it (a DownloadRequest). */
interface FileRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers: readonly { name: string; value: string }[];
  body?: string;
}

/**
 * Opens a tracker's file (its download request, credentials in its headers) as a stream. A lost connection or an
 * HTTP error becomes the worded AppError, with `name` (the file) as its detail. Redirects are followed: the browser
 * drops `Authorization` on a hop to another origin (PlanFix and Yandex Tracker answer with their storage's link).
 */
export async function openDownload(
  tracker: string,
  request: FileRequest,
  name: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers.map((header): [string, string] => [header.name, header.value]),
      body: request.body,
      redirect: 'follow',
      credentials: 'omit',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new AppError('network', { tracker, detail: `${name}: ${String(error)}` });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const failure = errorForStatus(tracker, response);
    throw new AppError(failure.kind, { ...failure.details, detail: name });
  }
  return response.body;
}
