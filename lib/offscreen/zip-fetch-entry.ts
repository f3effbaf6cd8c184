import type { ZipEntry } from '../downloads/zip-order';
import { AppError } from '../errors';
import { errorForStatus } from '../http/responses';

/** Opens one entry's bytes as a stream; an HTTP error or a lost connection becomes a worded error naming the file. */
export async function fetchEntry(
  tracker: string,
  entry: ZipEntry,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const { request } = entry;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers.map((header): [string, string] => [header.name, header.value]),
      body: request.body,
      credentials: 'omit',
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new AppError('network', { tracker, detail: `${entry.path}: ${String(error)}` });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const failure = errorForStatus(tracker, response);
    throw new AppError(failure.kind, { ...failure.details, detail: entry.path });
  }
  return response.body;
}
