import type { AppError } from '../../errors';
import type { HttpResponse } from '../../http/client';
import type { DownloadFailureReader } from '../../http/open-download';
import { isRecord } from '../../http/responses';
import { worksectionError } from './errors';

/**
 * Worksection answers a `download` it cannot serve (a file removed since the list, a stale signature) with HTTP 200
 * and its JSON error, `Content-Type: application/json` (worksection.md, from api-files): the body a browser would
 * save as the file. A JSON file itself is no error envelope, and stays a file.
 */
export const downloadFailure: DownloadFailureReader = {
  contentType: /^application\/json\b/i,
  read(response: HttpResponse, body: Uint8Array): AppError | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      return undefined;
    }
    return isRecord(parsed) && parsed.status === 'error' ? worksectionError(response, parsed, []) : undefined;
  },
};
