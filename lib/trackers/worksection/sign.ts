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
 * A signed request for `action`. With a `form` (files), the query scheme keeps every parameter in the URL and the
 * form carries only the files; the header scheme sends the form as is.
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
  const url = `${endpoint}?action=${encodeURIComponent(action)}`;
  if (form) return { method: 'POST', url, headers: { authorization }, body: form };
  return {
    method: 'POST',
    url,
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(params),
  };
}
