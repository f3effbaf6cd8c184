import { AppError, redact } from '../../errors';
import type { HttpClient, HttpRequest, HttpResponse } from '../../http/client';
import { asString, isRecord, kindForStatus, readJson } from '../../http/responses';
import { withRetry } from '../../http/retry';
import { rateLimitWait } from '../../http/retry-after';
import { memoValue } from '../memo-value';
import type { KeyValueMemo } from '../types';
import { type PyrusSettings, pyrus } from './index';

export interface PyrusSession {
  token: string;
  apiUrl: string;
  filesUrl: string;
}

const memoKey = 'pyrus.session';
const renewableCodes = new Set(['expired_token', 'revoked_token', 'invalid_token']);

/** `<server>/api/v4/auth` (pyrus.md): under the server's path, for a server published under one. */
export function authUrlFor(settings: PyrusSettings): string {
  if (!settings.server) return 'https://accounts.pyrus.com/api/v4/auth';
  const server = settings.server.endsWith('/') ? settings.server : `${settings.server}/`;
  return new URL('api/v4/auth', server).href;
}

/**
 * Pyrus answers errors as `{error_code, error}`. The code says what happened, whatever the status (its docs promise
 * stable codes, not statuses); a proxy's HTML page or a code we do not know falls back on the status.
 */
export async function pyrusFailure(response: HttpResponse, secrets: string[]): Promise<AppError> {
  const text = await response.text().catch(() => '');
  let code: string | undefined;
  let message: string | undefined;
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body)) {
      code = asString(body.error_code);
      message = asString(body.error);
    }
  } catch {
    // Not JSON: the status alone tells what happened.
  }
  const details = {
    tracker: 'pyrus' as const,
    status: response.status,
    code,
    detail: message && redact(message, secrets),
  };
  // hasOwn: a body's `error_code` of `constructor` must not find Object's.
  const known = code !== undefined && Object.hasOwn(pyrus.errorCodes, code) ? pyrus.errorCodes[code] : undefined;
  const kind = known ?? kindForStatus(response.status);
  switch (kind) {
    case 'rate-limited':
      // Pyrus tells the wait in X-RateLimit-Reset (seconds), not Retry-After.
      return new AppError(kind, { ...details, retryAfterMs: rateLimitWait(response.headers) ?? 1000 });
    case 'too-large':
      return new AppError(kind, { ...details, limitBytes: pyrus.capabilities.maxFileSize });
    case 'unexpected':
      return new AppError(kind, { ...details, detail: details.detail ?? `HTTP ${response.status}` });
    default:
      return new AppError(kind, details);
  }
}

export async function expectOk(response: HttpResponse, secrets: string[]): Promise<HttpResponse> {
  if (response.status >= 200 && response.status < 300) return response;
  throw await pyrusFailure(response, secrets);
}

function parseUrl(value: string | undefined): URL | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  return new URL(value);
}

/** Where the returned API URLs may point: Pyrus's own hosts, or the on-premise server itself. */
function trustedUrl(value: unknown, settings: PyrusSettings): string {
  const parsed = parseUrl(asString(value));
  const expectedHost = settings.server ? parseUrl(settings.server)?.hostname : undefined;
  const trusted =
    parsed?.protocol === 'https:' &&
    (expectedHost ? parsed.hostname === expectedHost : parsed.hostname.endsWith('.pyrus.com'));
  if (!parsed || !trusted) throw new AppError('wrong-server', { tracker: 'pyrus', detail: 'unexpected api_url' });
  return parsed.href.endsWith('/') ? parsed.href : `${parsed.href}/`;
}

/** Enough of a SHA-256 of the key to tell keys apart, without keeping the key twice. */
async function keyFingerprint(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return [...new Uint8Array(digest).slice(0, 8)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A bearer token from login + security key, kept between worker lives in the memo. Pyrus revokes tokens without
 * notice, so a call that meets an expired, revoked or invalid token logs in again once and repeats.
 */
export function createPyrusSession(settings: PyrusSettings, http: HttpClient, memo: KeyValueMemo | undefined) {
  const secrets = [settings.securityKey];
  // A changed security key must not keep using the token the old one earned.
  const owner = keyFingerprint(settings.securityKey).then((key) => `${settings.login}\n${settings.server}\n${key}`);
  let current: PyrusSession | undefined;
  // Requests that start together (two uploads, a list beside a test) share one login.
  let loggingIn: Promise<PyrusSession> | undefined;

  const logInNow = async (signal?: AbortSignal): Promise<PyrusSession> => {
    const body = await withRetry(
      async () =>
        readJson(
          'pyrus',
          await expectOk(
            await http({
              method: 'POST',
              url: authUrlFor(settings),
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ login: settings.login, security_key: settings.securityKey }),
              signal,
            }),
            secrets,
          ),
        ),
      { signal },
    );
    const token = isRecord(body) ? asString(body.access_token) : undefined;
    if (!isRecord(body) || !token) throw new AppError('unexpected', { tracker: 'pyrus', detail: 'no access_token' });
    current = { token, apiUrl: trustedUrl(body.api_url, settings), filesUrl: trustedUrl(body.files_url, settings) };
    secrets.push(token);
    await memo?.set(memoKey, JSON.stringify({ owner: await owner, ...current }));
    return current;
  };

  // The first caller's signal stops the shared login, as in PlanFix's session: a connection test gives up on a
  // server that does not answer instead of waiting out every retry.
  const login = (signal?: AbortSignal): Promise<PyrusSession> => {
    loggingIn ??= logInNow(signal).finally(() => {
      loggingIn = undefined;
    });
    return loggingIn;
  };

  const session = async (signal?: AbortSignal): Promise<PyrusSession> => {
    if (current) return current;
    const parsed = memoValue(await memo?.get(memoKey));
    if (isRecord(parsed) && parsed.owner === (await owner)) {
      const token = asString(parsed.token);
      const apiUrl = asString(parsed.apiUrl);
      const filesUrl = asString(parsed.filesUrl);
      if (token && apiUrl && filesUrl) {
        secrets.push(token);
        current = { token, apiUrl, filesUrl };
        return current;
      }
    }
    return login(signal);
  };

  const withToken = (request: HttpRequest, token: string): HttpRequest => ({
    ...request,
    headers: { ...request.headers, authorization: `Bearer ${token}` },
  });

  return {
    secrets,
    session,
    /** Sends an authorised request; a dead token is renewed once. Non-2xx answers throw. */
    async send(build: (session: PyrusSession) => HttpRequest): Promise<HttpResponse> {
      const first = await session();
      try {
        return await expectOk(await http(withToken(build(first), first.token)), secrets);
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== 'auth' || !renewableCodes.has(error.details.code ?? '')) {
          throw error;
        }
        // Another request may have renewed the token meanwhile.
        const renewed = current && current.token !== first.token ? current : await login();
        return expectOk(await http(withToken(build(renewed), renewed.token)), secrets);
      }
    },
  };
}
