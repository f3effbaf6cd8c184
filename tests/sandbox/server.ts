import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type Certificate, makeCertificate } from './cert';
import { Ctx } from './context';
import { handleControl } from './control';
import type { TrackerEmulator } from './emulator';
import { FaultSwitches } from './faults';
import { sandboxHostnames } from './hostnames';
import { lookAlikeHosts, serveLookAlike } from './look-alike-site';
import { type LoggedRequest, RequestLog } from './request-log';
import { serveThirdPartySite, thirdPartySite } from './third-party-site';
import { createEmulators } from './trackers';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Node closes a request after this long (then Chromium silently re-sends a POST); 0 disables it. */
  requestTimeoutMs?: number;
}

export class Sandbox {
  readonly log = new RequestLog();
  readonly faults = new FaultSwitches();
  readonly emulators: ReturnType<typeof createEmulators>;
  readonly uploadDir = mkdtempSync(join(tmpdir(), 'trackerdrop-sandbox-'));
  port = 0;

  constructor(
    readonly certificate: Certificate,
    private readonly server: Server,
  ) {
    this.emulators = createEmulators();
  }

  emulatorFor(host: string): TrackerEmulator | undefined {
    return Object.values(this.emulators).find((emulator) => emulator.handles(host));
  }

  reset(): void {
    this.faults.clear();
    this.log.clear();
    for (const emulator of Object.values(this.emulators)) emulator.reset();
  }

  /** `--host-resolver-rules` for Chromium: every tracker hostname onto this server. */
  hostResolverRules(): string {
    return sandboxHostnames.map((host) => `MAP ${host} 127.0.0.1:${this.port}`).join(',');
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.uploadDir, { recursive: true, force: true });
  }

  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = req.url ?? '/';
    if ((host === '127.0.0.1' || host === 'localhost') && path.startsWith('/__sandbox/')) {
      await handleControl(this, req, res);
      return;
    }
    const emulator = this.emulatorFor(host);
    const entry = this.log.start({
      host,
      method,
      path,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      tracker: emulator?.tracker,
    });
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.endTime = Date.now();
    });
    res.on('close', () => {
      if (!res.writableFinished) entry.aborted = true;
    });
    const peeked = this.faults.needsBody(host, method, path) ? await peekBody(req, 1024) : undefined;
    const fault = this.faults.take(host, method, path, peeked?.head.toString('utf8') ?? '');
    let body: Readable = peeked?.ended ? Readable.from([peeked.head]) : req;
    if (fault?.holdMs !== undefined) body = await heldBody(body, entry, fault.holdMs);
    const ctx = new Ctx(req, res, entry, this.uploadDir, fault, body);
    if (!emulator && host === thirdPartySite.host) {
      await serveThirdPartySite(ctx);
      return;
    }
    if (lookAlikeHosts.some((lookAlike) => lookAlike === host)) {
      await serveLookAlike(ctx);
      return;
    }
    if (!emulator) {
      ctx.send(421, `No sandboxed service at ${host}`, { 'content-type': 'text/plain' });
      return;
    }
    if (fault?.status) {
      await ctx.readBody(Number.POSITIVE_INFINITY).catch(() => undefined);
      const shape = fault.body
        ? { body: fault.body, contentType: fault.contentType ?? 'text/plain' }
        : emulator.errorResponse(fault.status);
      const headers: Record<string, string> = { 'content-type': shape.contentType };
      if (fault.retryAfter !== undefined) {
        Object.assign(headers, emulator.waitHeaders?.(fault.retryAfter) ?? { 'retry-after': String(fault.retryAfter) });
      }
      ctx.send(fault.status, shape.body, headers);
      return;
    }
    if (fault?.cut === 'request') {
      await cutRequest(ctx, fault.afterBytes ?? 0);
      return;
    }
    if (fault?.cut === 'response' || fault?.cut === 'response-head')
      swallowResponse(req, res, fault.cut === 'response-head');
    try {
      await emulator.handle(ctx);
    } catch (error) {
      console.error(`sandbox: ${emulator.tracker} failed on ${method} ${path}:`, error);
      if (!res.headersSent) {
        const shape = emulator.errorResponse(500);
        ctx.send(500, shape.body, { 'content-type': shape.contentType });
      } else res.destroy();
    }
  }
}

/**
 * Reads up to `limit` bytes of the body and puts them back, so the handler still sees the whole body. A body that
 * ended within the limit cannot be put back into the request: the caller reads `head` instead.
 */
async function peekBody(req: IncomingMessage, limit: number): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < limit) {
    const chunk = req.read() as Buffer | null;
    if (chunk) {
      chunks.push(chunk);
      size += chunk.length;
      continue;
    }
    if (req.readableEnded) break;
    const more = await new Promise<boolean>((resolve) => {
      const onReadable = (): void => done(true);
      const onEnd = (): void => done(false);
      const done = (value: boolean): void => {
        req.off('readable', onReadable);
        req.off('end', onEnd);
        resolve(value);
      };
      req.on('readable', onReadable);
      req.on('end', onEnd);
    });
    if (!more) break;
  }
  const head = Buffer.concat(chunks);
  const ended = req.readableEnded || size < limit;
  if (!ended && head.length > 0) req.unshift(head);
  return { head, ended };
}

/** The whole body, kept aside for `holdMs` before the handler sees it (the request log counts it as it arrives). */
async function heldBody(body: Readable, entry: LoggedRequest, holdMs: number): Promise<Readable> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    entry.receivedSize = (entry.receivedSize ?? 0) + (chunk as Buffer).length;
  }
  entry.receivedTime = Date.now();
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  return Readable.from(chunks);
}

/** Reads some of the body, then drops the connection: the client sees a network error mid-upload. */
async function cutRequest(ctx: Ctx, afterBytes: number): Promise<void> {
  let received = 0;
  await new Promise<void>((resolve) => {
    ctx.req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      ctx.logEntry.bodySize = received;
      if (received >= afterBytes) {
        ctx.req.socket.destroy();
        resolve();
      }
    });
    ctx.req.on('end', () => {
      ctx.req.socket.destroy();
      resolve();
    });
    ctx.req.on('close', () => resolve());
  });
}

/** The request is handled in full, but the answer never leaves: the client cannot know it worked. */
function swallowResponse(req: IncomingMessage, res: ServerResponse, headLine: boolean): void {
  const drop = (): void => {
    if (headLine) req.socket.write('HTTP/1.1 200 OK\r\n');
    req.socket.destroy();
  };
  res.writeHead = (() => res) as typeof res.writeHead;
  res.write = (() => true) as typeof res.write;
  res.end = ((..._args: unknown[]) => {
    drop();
    return res;
  }) as typeof res.end;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const certificate = makeCertificate(sandboxHostnames);
  let sandbox: Sandbox | undefined;
  const server = createServer(
    {
      key: certificate.key,
      cert: certificate.cert,
      requestTimeout: options.requestTimeoutMs ?? 0,
      headersTimeout: 60_000,
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      sandbox?.dispatch(req, res).catch((error: unknown) => {
        console.error('sandbox: dispatch failed', error);
        res.destroy();
      });
    },
  );
  sandbox = new Sandbox(certificate, server);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  sandbox.port = typeof address === 'object' && address ? address.port : 0;
  return sandbox;
}
