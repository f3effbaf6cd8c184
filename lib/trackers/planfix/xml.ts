import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { AppError } from '../../errors';
import { isRecord } from '../../http/responses';

export type XmlFields = Record<string, unknown>;

/** What opens every request: the account, and in login mode the session key (`sid`) `auth.login` gave. */
export interface XmlAuth {
  account: string;
  sid?: string;
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (name, path) => name === 'file' || name === 'action' || path === 'response.tasks.task',
});

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** `<request method="..."><account>...</account>[<sid>...</sid>]...</request>`; values are escaped by the builder. */
export function xmlRequest(method: string, auth: XmlAuth, fields: XmlFields): string {
  return xmlDeclaration + builder.build({ request: { '@_method': method, ...authFields(auth), ...fields } });
}

function authFields({ account, sid }: XmlAuth): XmlFields {
  return sid === undefined ? { account } : { account, sid };
}

/** `<account>` and `<sid>` as text, for a request assembled around a streamed `<body>`. */
export function xmlAuthElements(auth: XmlAuth): string {
  return builder.build(authFields(auth));
}

/** An XML element as text, escaped: for requests assembled around a streamed `<body>`. */
export function xmlElement(name: string, value: unknown): string {
  return builder.build({ [name]: value });
}

export interface XmlResponse {
  ok: boolean;
  code?: string;
  root: Record<string, unknown>;
}

export function parseXmlResponse(text: string): XmlResponse {
  let parsed: unknown;
  try {
    parsed = parser.parse(text, true);
  } catch {
    throw new AppError('unexpected', { tracker: 'planfix', detail: 'malformed XML' });
  }
  const root = isRecord(parsed) ? parsed.response : undefined;
  if (!isRecord(root)) throw new AppError('unexpected', { tracker: 'planfix', detail: 'no <response>' });
  const code = typeof root.code === 'string' ? root.code : undefined;
  return { ok: root['@_status'] === 'ok', code, root };
}
