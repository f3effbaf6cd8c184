import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Content } from '../../content';
import type { Ctx } from '../../context';

const headLimit = 1024 * 1024;
let uploadCounter = 0;

export interface XmlRequest {
  /** The request with every `<body>` emptied: small enough to parse as a whole. */
  xml: string;
  /** The decoded `<body>` (file.upload), written to disk while it streams in. */
  body?: Content;
}

/**
 * Reads an XML API request whose `<body>` may carry hundreds of megabytes of base64: the text around it is kept,
 * the base64 is decoded to a file as it arrives. Base64 never contains `<`, so the first `<` ends it.
 */
export async function readXmlRequest(ctx: Ctx): Promise<XmlRequest | 'invalid'> {
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let state: 'head' | 'body' | 'tail' = 'head';
  let pending = '';
  let size = 0;
  let invalid = false;
  const path = join(ctx.uploadDir, `planfix-${process.pid}-${++uploadCounter}`);
  const out = createWriteStream(path);

  const decode = (text: string, final: boolean): void => {
    const clean = pending + text.replace(/\s+/g, '');
    if (/[^A-Za-z0-9+/=]/.test(clean)) invalid = true;
    const usable = final ? clean.length : clean.length - (clean.length % 4);
    const bytes = Buffer.from(clean.slice(0, usable), 'base64');
    pending = clean.slice(usable);
    size += bytes.length;
    if (bytes.length > 0) out.write(bytes);
  };

  for await (const chunk of ctx.bodyStream()) {
    let data = chunk as Buffer;
    if (state === 'head') {
      head = Buffer.concat([head, data]);
      const start = head.indexOf('<body>');
      if (start < 0) {
        if (head.length > headLimit) invalid = true;
        continue;
      }
      data = head.subarray(start + 6);
      head = head.subarray(0, start + 6);
      state = 'body';
    }
    if (state === 'body') {
      const end = data.indexOf('<');
      if (end < 0) {
        decode(data.toString('latin1'), false);
        continue;
      }
      decode(data.subarray(0, end).toString('latin1'), true);
      data = data.subarray(end);
      state = 'tail';
    }
    tail = Buffer.concat([tail, data]);
    if (tail.length > headLimit) invalid = true;
  }
  await new Promise<void>((resolve) => out.end(resolve));
  if (invalid || state === 'body') return 'invalid';
  const xml = Buffer.concat([head, tail]).toString('utf8');
  return state === 'head' ? { xml } : { xml, body: { kind: 'disk', path, size } };
}
