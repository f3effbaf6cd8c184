import { type AppError, redact } from '../../errors';
import type { HttpResponse } from '../../http/client';
import { asString, errorForStatus, isRecord } from '../../http/responses';
import { yandexTracker } from './index';

/** The kind Tracker's own `statusCode` means, where the descriptor knows it. */
function kindOfCode(code: string | undefined) {
  return code !== undefined && Object.hasOwn(yandexTracker.errorCodes, code)
    ? yandexTracker.errorCodes[code]
    : undefined;
}

/** `errorMessages` and the per-field `errors`, as one line. */
function wordsOf(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.errorMessages) ? body.errorMessages.flatMap((m) => asString(m) ?? []) : [];
  const fields = isRecord(body.errors)
    ? Object.entries(body.errors).flatMap(([field, message]) => {
        const text = asString(message);
        return text ? [`${field}: ${text}`] : [];
      })
    : [];
  return [...messages, ...fields].join('; ');
}

/**
 * A failed answer as an AppError. Tracker's body `{"errors":{...},"errorMessages":[...],"statusCode":N}` (the
 * official client reads these three: yandex_tracker_client connection.py, exceptions.py) decides by its
 * `statusCode` first; the HTTP status decides where the body is not Tracker's (a proxy's page, an empty body).
 */
export function yandexTrackerError(response: HttpResponse, text: string, secrets: readonly string[]): AppError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const envelope = isRecord(body) && ('errorMessages' in body || 'errors' in body) ? body : undefined;
  const code = asString(envelope?.statusCode);
  const words = envelope ? wordsOf(envelope) : '';
  return errorForStatus('yandex-tracker', response, {
    code,
    detail: redact(words, secrets) || undefined,
    kind: kindOfCode(code),
  });
}
