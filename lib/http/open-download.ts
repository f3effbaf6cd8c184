import { AppError } from '../errors';
import type { HttpResponse } from './client';
import { errorForStatus } from './responses';

/** A file's request as a tracker's client words it (a DownloadRequest). */
interface FileRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers: readonly { name: string; value: string }[];
  body?: string;
}

/**
 * How a tracker that answers a file it cannot serve with a success, and its error as the body, is told apart from
 * the file: by the answer's type, then by its body, which is read only when that is small.
 */
export interface DownloadFailureReader {
  contentType: RegExp;
  read(response: HttpResponse, body: Uint8Array): AppError | undefined;
}

/** Error bodies are small: an answer that ends within this many bytes is read whole and checked. */
const errorBodyBytes = 64 * 1024;

/** The body, unless it is the tracker's error (thrown); a long one comes back whole, its first pieces put back. */
async function withoutErrorBody(
  response: HttpResponse,
  body: ReadableStream<Uint8Array>,
  failure: DownloadFailureReader,
): Promise<ReadableStream<Uint8Array>> {
  if (!failure.contentType.test(response.headers.get('content-type') ?? '')) return body;
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let size = 0;
  while (size <= errorBodyBytes) {
    const { done, value } = await reader.read();
    if (done) {
      const whole = new Uint8Array(await new Blob(head as BlobPart[]).arrayBuffer());
      const error = failure.read(response, whole);
      if (error) throw error;
      return new Blob([whole]).stream();
    }
    head.push(value);
    size += value.byteLength;
  }
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of head) controller.enqueue(piece);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * Opens a tracker's file (its download request, credentials in its headers) as a stream. A lost connection or an
 * HTTP error becomes the worded AppError, with `name` (the file) as its detail. Redirects are followed: the browser
 * drops `Authorization` on a hop to another origin (PlanFix and Yandex Tracker answer with their storage's link).
 * `errorBody`: how the tracker's error reads where it answers with a success (downloadFailureOf).
 */
export async function openDownload(
  tracker: string,
  request: FileRequest,
  name: string,
  signal: AbortSignal,
  errorBody?: DownloadFailureReader,
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
  return errorBody ? withoutErrorBody(response, response.body, errorBody) : response.body;
}
