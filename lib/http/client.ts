import { AppError } from '../errors';
import { hostMatches } from './host-match';

export type HttpBody = string | Blob | FormData | URLSearchParams;

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: HttpBody;
  signal?: AbortSignal;
  /** Defaults to a timeout that grows with the body's size (see `timeoutFor`). */
  timeoutMs?: number;
  /**
   * `error` (the default): a redirect fails the request, since it carries credentials and only its first address
   * was checked. `follow` where a client expects one; the final address is checked then (`restrictToHosts`), and
   * the browser drops `Authorization` on a hop to another origin.
   */
  redirect?: 'follow' | 'error';
  onUploadProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** The part of the Fetch `Response` the clients use; an XHR-backed client (offscreen uploads) gives the same. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly url: string;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  blob(): Promise<Blob>;
}

export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

const baseTimeoutMs = 60_000;
/** A slow uplink we still want to finish on: 128 KiB/s. */
const slowestBytesPerMs = 128;

export function bodySize(body: HttpBody | undefined): number {
  if (body === undefined) return 0;
  if (typeof body === 'string') return body.length;
  if (body instanceof Blob) return body.size;
  if (body instanceof URLSearchParams) return body.toString().length;
  let total = 0;
  for (const [, value] of body.entries()) total += typeof value === 'string' ? value.length : value.size;
  return total;
}

export function timeoutFor(bytes: number): number {
  return baseTimeoutMs + Math.ceil(bytes / slowestBytesPerMs);
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/** A response whose body reads fail as `failed` words them. */
function withBodyFailures(response: Response, failed: (error: unknown) => unknown): HttpResponse {
  const read = <T>(body: () => Promise<T>): Promise<T> =>
    body().catch((error: unknown) => {
      throw failed(error);
    });
  return {
    status: response.status,
    headers: response.headers,
    url: response.url,
    text: () => read(() => response.text()),
    arrayBuffer: () => read(() => response.arrayBuffer()),
    blob: () => read(() => response.blob()),
  };
}

/**
 * The Fetch API as an `HttpClient`: the service worker's and the unit tests' transport. No upload progress. A
 * connection lost, or the time up, while the body is still coming is the same network error as before the answer
 * (a TypeError or a DOMException from reading the body is no error of ours, and is worth retrying).
 */
export const fetchClient: HttpClient = async (request) => {
  const timeout = AbortSignal.timeout(request.timeoutMs ?? timeoutFor(bodySize(request.body)));
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const failed = (error: unknown, when: string): unknown => {
    if (request.signal?.aborted) return request.signal.reason;
    if (isAbort(error) || error instanceof TypeError) {
      return new AppError('network', { detail: timeout.aborted ? 'timeout' : when });
    }
    return error;
  };
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal,
      redirect: request.redirect ?? 'error',
      credentials: 'omit',
    });
    return withBodyFailures(response, (error) => failed(error, 'connection lost while reading the answer'));
  } catch (error) {
    throw failed(error, 'connection failed or redirected');
  }
};

/**
 * Refuses any request to a host outside the tracker's configured ones (match-pattern hosts: `*.mds.yandex.net`), and
 * any answer that came from elsewhere after a redirect: secrets go nowhere else.
 */
export function restrictToHosts(http: HttpClient, allowedHosts: () => readonly string[]): HttpClient {
  const allowed = (url: string) => {
    const { host } = new URL(url);
    return allowedHosts().some((pattern) => pattern === host || hostMatches(host, pattern));
  };
  const refuse = (url: string) =>
    new AppError('unexpected', { detail: `request to an unexpected host ${new URL(url).host}` });
  return async (request) => {
    if (!allowed(request.url)) throw refuse(request.url);
    const response = await http(request);
    if (response.url && response.url !== request.url && !allowed(response.url)) throw refuse(response.url);
    return response;
  };
}
