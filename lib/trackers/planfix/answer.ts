import { AppError } from '../../errors';
import type { HttpResponse } from '../../http/client';
import { asString, errorForStatus } from '../../http/responses';
import { planfix } from './index';
import { parseXmlResponse, type XmlResponse } from './xml';

/** The daily request limit (0007) gives no moment it resets: an hour is worth waiting before trying again. */
const dailyLimitWaitMs = 3_600_000;

/**
 * The error a `<response status="error">` stands for. PlanFix's own code says more than the HTTP status, so it is
 * read first (Error_codes_XML_API_v1); a code the client does not know falls back to the status.
 */
function errorForCode(code: string | undefined, response: HttpResponse, root: Record<string, unknown> = {}): AppError {
  const known = code !== undefined && Object.hasOwn(planfix.errorCodes, code) ? planfix.errorCodes[code] : undefined;
  if (!known && response.status !== 200) return errorForStatus('planfix', response, { code });
  const kind = known ?? 'unexpected';
  return new AppError(kind, {
    tracker: 'planfix',
    status: response.status,
    code,
    detail: detailOf(code, kind, root),
    retryAfterMs: code === '0007' ? dailyLimitWaitMs : undefined,
  });
}

/** 9006 (a name taken in the project) names the file holding it by `<id>`, the id all its versions share (seed 004). */
function detailOf(code: string | undefined, kind: string, root: Record<string, unknown>): string | undefined {
  if (code === '0007') return 'daily limit';
  if (code === '9006') return asString(root.id);
  return kind === 'unexpected' ? `code ${code ?? 'missing'}` : undefined;
}

function errorCodeIn(text: string): string | undefined {
  try {
    const parsed = parseXmlResponse(text);
    return parsed.ok ? undefined : parsed.code;
  } catch {
    return undefined;
  }
}

/**
 * An XML API answer as its `<response status="ok">`, or the AppError it stands for. The API answers with HTTP 200
 * and `status="error"`; file.download answers 403 and 404 with the same XML; anything else (a proxy's HTML page, a
 * bare 429) is judged by its status.
 */
export async function readAnswer(response: HttpResponse): Promise<XmlResponse> {
  const text = await response.text();
  if (response.status !== 200) {
    const code = errorCodeIn(text);
    throw code === undefined ? errorForStatus('planfix', response) : errorForCode(code, response);
  }
  const parsed = parseXmlResponse(text);
  if (parsed.ok) return parsed;
  throw errorForCode(parsed.code, response, parsed.root);
}
