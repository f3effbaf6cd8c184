import { md5 } from 'hash-wasm';
import type { HttpRequest } from '../../http/client';

/**
 * Worksection signs admin API calls two ways (worksection.md): the documented `hash = md5(query + key)` with every
 * parameter in the URL, and the 2026 SDKs' `Authorization: Admin <ts>_<hmac_sha256(key, "action:ts")>` with
 * parameters in a JSON body. Accounts are known to accept the second; the docs describe the first.
 */
export type SigningScheme = 'query' | 'header';

export type Params = Record<string, string | string[]>;

async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message));
  return Array.from(new Uint8Array(signature), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function queryOf(action: string, params: Params): string {
  const query = new URLSearchParams({ action });
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) for (const item of value) query.append(`${name}[]`, item);
    else query.append(name, value);
  }
  return query.toString();
}

/**
 * A signed request for `action`, to `endpoint` (either `/api/admin/v2/` or `/api/admin/v2`: neither is signed). With a
 * `form` (files), both schemes keep every parameter in the URL, as the docs' `attach[n]` example does, and the form
 * carries only the files.
 */
export async function signedRequest(
  scheme: SigningScheme,
  endpoint: string,
  apiKey: string,
  action: string,
  params: Params = {},
  form?: FormData,
): Promise<HttpRequest> {
  if (scheme === 'query') {
    const query = queryOf(action, params);
    const url = `${endpoint}?${query}&hash=${await md5(query + apiKey)}`;
    return form ? { method: 'POST', url, body: form } : { url };
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const authorization = `Admin ${timestamp}_${await hmacSha256Hex(apiKey, `${action}:${timestamp}`)}`;
  if (form)
    return { method: 'POST', url: `${endpoint}?${queryOf(action, params)}`, headers: { authorization }, body: form };
  const url = `${endpoint}?action=${encodeURIComponent(action)}`;
  return {
    method: 'POST',
    url,
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  };
}
