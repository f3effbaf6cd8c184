import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { type Content, contentSize, contentStream } from './content';
import type { ActiveFault } from './faults';
import type { LoggedRequest } from './request-log';

export interface UploadedPart {
  /** The form field name (`file`, `attach[0]`, ...). */
  field: string;
  /** The file name as the client sent it (UTF-8 decoded). */
  filename: string;
  mimeType: string;
  content: Content;
  md5: string;
}

export interface Multipart {
  fields: Record<string, string>;
  files: UploadedPart[];
}

let uploadCounter = 0;

/** One request as a tracker emulator sees it, with helpers to read it and answer. */
export class Ctx {
  readonly url: URL;
  readonly method: string;
  readonly host: string;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly logEntry: LoggedRequest,
    readonly uploadDir: string,
    readonly fault: ActiveFault | undefined,
    /** The request body: the request itself, or what a fault switch already read of it. */
    private readonly body: Readable = req,
  ) {
    this.host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    this.method = (req.method ?? 'GET').toUpperCase();
    this.url = new URL(req.url ?? '/', `https://${this.host}`);
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  }

  /** The request body stream, counted into the request log. */
  bodyStream(): Readable {
    const entry = this.logEntry;
    return this.body.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          entry.bodySize += chunk.length;
          callback(null, chunk);
        },
      }),
    );
  }

  async readBody(limit = 64 * 1024 * 1024): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of this.bodyStream()) {
      total += (chunk as Buffer).length;
      if (total > limit) throw new Error('request body over the sandbox limit');
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }

  async readText(): Promise<string> {
    return (await this.readBody()).toString('utf8');
  }

  /** Parses `multipart/form-data`, writing each file part to disk while hashing it. Rejects other bodies. */
  async readMultipart(): Promise<Multipart | undefined> {
    const type = this.header('content-type') ?? '';
    if (!/^multipart\/form-data;\s*boundary=/i.test(type)) return undefined;
    const fields: Record<string, string> = {};
    const files: UploadedPart[] = [];
    const writes: Promise<void>[] = [];
    const parser = busboy({
      headers: this.req.headers,
      defParamCharset: 'utf8',
      limits: { fieldSize: 64 * 1024 * 1024 },
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      const path = join(this.uploadDir, `upload-${process.pid}-${++uploadCounter}`);
      const md5 = createHash('md5');
      let size = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          md5.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      writes.push(
        pipeline(stream, counter, createWriteStream(path)).then(() => {
          const digest = md5.digest('hex');
          files.push({
            field: name,
            filename: info.filename ?? '',
            mimeType: info.mimeType,
            content: { kind: 'disk', path, size, md5: digest },
            md5: digest,
          });
        }),
      );
    });
    await pipeline(this.bodyStream(), parser);
    await Promise.all(writes);
    return { fields, files };
  }

  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.send(status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
  }

  /** Sends a whole answer; honours a cut after some body bytes, as `sendContent` does. */
  send(status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    this.res.writeHead(status, { 'content-length': String(bytes.length), ...headers });
    if (this.fault?.cut === 'response-body') {
      this.res.write(bytes.subarray(0, this.fault.afterBytes ?? 0), () => this.res.destroy());
      return;
    }
    this.res.end(bytes);
  }

  /** Sends file bytes; honours a slow-body fault and a cut after some body bytes. */
  async sendContent(status: number, content: Content, headers: Record<string, string>): Promise<void> {
    this.res.writeHead(status, { 'content-length': String(contentSize(content)), ...headers });
    if (this.method === 'HEAD') {
      this.res.end();
      return;
    }
    const stages: (Readable | Transform)[] = [contentStream(content)];
    if (this.fault?.bytesPerSecond) stages.push(throttle(this.fault.bytesPerSecond));
    if (this.fault?.cut === 'response-body') stages.push(cutAfter(this.fault.afterBytes ?? 0, this.res));
    try {
      await pipeline([...stages, this.res] as [Readable, ...Transform[], ServerResponse]);
    } catch {
      this.res.destroy();
    }
  }
}

export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function throttle(bytesPerSecond: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      setTimeout(() => callback(null, chunk), (chunk.length / bytesPerSecond) * 1000);
    },
  });
}

function cutAfter(bytes: number, res: ServerResponse): Transform {
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const room = bytes - sent;
      if (room <= 0) {
        res.destroy();
        callback(new Error('cut by fault'));
        return;
      }
      sent += Math.min(room, chunk.length);
      callback(null, chunk.subarray(0, room));
    },
  });
}
