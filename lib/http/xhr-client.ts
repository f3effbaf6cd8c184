import { AppError } from '../errors';
import { bodySize, type HttpClient, type HttpResponse, timeoutFor } from './client';

function parseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

function responseOf(xhr: XMLHttpRequest): HttpResponse {
  const body = xhr.response instanceof Blob ? xhr.response : new Blob([]);
  return {
    status: xhr.status,
    headers: parseHeaders(xhr.getAllResponseHeaders()),
    url: xhr.responseURL,
    text: () => body.text(),
    arrayBuffer: () => body.arrayBuffer(),
    blob: () => Promise.resolve(body),
  };
}

/**
 * XMLHttpRequest as an `HttpClient`: the offscreen document's transport for uploads, because only XHR reports
 * upload progress, and a disk-backed Blob body is streamed from disk rather than copied into memory.
 */
export const xhrClient: HttpClient = (request) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(request.method ?? 'GET', request.url);
    xhr.responseType = 'blob';
    xhr.withCredentials = false;
    xhr.timeout = request.timeoutMs ?? timeoutFor(bodySize(request.body));
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    const progress = request.onUploadProgress;
    if (progress) {
      xhr.upload.onprogress = (event) => progress(event.loaded, event.total);
      // The whole body is out; said once more in case the last progress event was coalesced away.
      xhr.upload.onload = (event) => progress(event.total, event.total);
    }
    const abort = (): void => xhr.abort();
    request.signal?.addEventListener('abort', abort, { once: true });
    const finish = (): void => request.signal?.removeEventListener('abort', abort);
    xhr.onload = () => {
      finish();
      // XMLHttpRequest follows redirects by itself; an answer from another origin is not the tracker's.
      if (xhr.responseURL && new URL(xhr.responseURL).origin !== new URL(request.url).origin) {
        reject(new AppError('unexpected', { detail: `redirected to ${new URL(xhr.responseURL).host}` }));
        return;
      }
      resolve(responseOf(xhr));
    };
    xhr.onerror = () => {
      finish();
      reject(new AppError('network', { detail: 'connection failed' }));
    };
    xhr.ontimeout = () => {
      finish();
      reject(new AppError('network', { detail: 'timeout' }));
    };
    xhr.onabort = () => {
      finish();
      reject(request.signal?.reason ?? new AppError('cancelled'));
    };
    if (request.signal?.aborted) {
      abort();
      return;
    }
    xhr.send(request.body ?? null);
  });
