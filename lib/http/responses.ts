import { AppError, type ErrorKind } from '../errors';
import type { HttpResponse } from './client';
import { rateLimitWait } from './retry-after';

/** The error kind an HTTP status means when the body says nothing more precise. */
export function kindForStatus(status: number): ErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'unexpected';
}

export function errorForStatus(
  tracker: string,
  response: HttpResponse,
  extra: { code?: string; detail?: string; kind?: ErrorKind } = {},
): AppError {
  const kind = extra.kind ?? kindForStatus(response.status);
  return new AppError(kind, {
    tracker,
    status: response.status,
    code: extra.code,
    detail: extra.detail,
    retryAfterMs: kind === 'rate-limited' ? (rateLimitWait(response.headers) ?? 1000) : undefined,
  });
}

function looksLikeHtml(response: HttpResponse, text: string): boolean {
  return /text\/html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(text);
}

/** Reads a JSON body; an HTML page from a proxy or a broken body becomes a clear `unexpected` error. */
export async function readJson(tracker: string, response: HttpResponse): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const what = looksLikeHtml(response, text) ? 'an HTML page instead of data' : 'a malformed response';
    const kind = response.status >= 500 ? 'server' : 'unexpected';
    throw new AppError(kind, { tracker, status: response.status, detail: `${what}, HTTP ${response.status}` });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Narrowing helpers for API data: a wrong type is an `unexpected` response, never a crash deeper down. */
export function field(tracker: string, value: unknown, what: string): Record<string, unknown> {
  if (!isRecord(value)) throw new AppError('unexpected', { tracker, detail: `${what} is missing` });
  return value;
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
