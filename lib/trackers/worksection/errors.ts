import { AppError, redact } from '../../errors';
import type { HttpResponse } from '../../http/client';
import { asString, errorForStatus, isRecord } from '../../http/responses';
import { worksection } from './index';

/** The kind the API's own `status_code` means, where the descriptor knows it. */
function kindOfCode(code: string | undefined) {
  return code !== undefined && Object.hasOwn(worksection.errorCodes, code) ? worksection.errorCodes[code] : undefined;
}

/**
 * A failed answer as an AppError. `{"status":"error","status_code":N,"message":...,"message_details"?}` (api-start)
 * decides by its code first; the HTTP status decides where the body says nothing known (a 401 of the token schemes,
 * which the official SDKs read as "unauthorized"; a proxy's 502 page; a 429). `body` is the parsed JSON, if any.
 */
export function worksectionError(response: HttpResponse, body: unknown, secrets: readonly string[]): AppError {
  const envelope = isRecord(body) && body.status === 'error' ? body : undefined;
  const code = asString(envelope?.status_code);
  const words = [asString(envelope?.message), asString(envelope?.message_details)].filter(Boolean).join(': ');
  const detail = redact(words, secrets) || undefined;
  const kind = kindOfCode(code);
  if (response.status < 200 || response.status >= 300) {
    return errorForStatus('worksection', response, { code, detail, kind });
  }
  return new AppError(kind ?? 'unexpected', { tracker: 'worksection', code, detail: detail ?? 'status error' });
}
