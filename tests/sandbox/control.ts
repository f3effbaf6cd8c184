import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TrackerId } from '../../lib/trackers/registry';
import { type Content, contentSize, hashContent, textContent } from './content';
import type { FaultSpec } from './faults';
import type { Sandbox } from './server';

/** What tests in another process (Playwright, the demo) see of a file the sandbox holds. */
export interface FileSummary {
  id: string;
  name: string;
  size: number;
  sha256: string;
  place: string;
}

export interface AddFileRequest {
  tracker: TrackerId;
  container: string;
  name: string;
  /** Literal text content, or a generated file of `size` bytes. */
  text?: string;
  size?: number;
  seed?: string;
}

export async function summarizeFiles(sandbox: Sandbox, tracker: TrackerId, container: string): Promise<FileSummary[]> {
  return Promise.all(
    sandbox.emulators[tracker].files(container).map(async (file) => ({
      id: file.id,
      name: file.name,
      size: contentSize(file.content),
      sha256: await hashContent(file.content, 'sha256'),
      place: file.place,
    })),
  );
}

async function readJsonBody<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as T;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
  res.end(bytes);
}

export function addFile(sandbox: Sandbox, request: AddFileRequest): FileSummary {
  const content: Content =
    request.text !== undefined
      ? textContent(request.text)
      : { kind: 'generated', seed: request.seed ?? request.name, size: request.size ?? 0 };
  const file = sandbox.emulators[request.tracker].addFile(request.container, request.name, content);
  return { id: file.id, name: file.name, size: contentSize(content), sha256: '', place: file.place };
}

/** The sandbox's own control API, answered only on 127.0.0.1 / localhost, never on a tracker host. */
export async function handleControl(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://127.0.0.1');
  const route = `${req.method} ${url.pathname}`;
  try {
    switch (route) {
      case 'GET /__sandbox/info':
        return reply(res, 200, {
          port: sandbox.port,
          hostResolverRules: sandbox.hostResolverRules(),
          trackers: Object.fromEntries(
            Object.values(sandbox.emulators).map((emulator) => [
              emulator.tracker,
              { credentials: emulator.credentials(), pages: emulator.samplePages() },
            ]),
          ),
        });
      case 'GET /__sandbox/log':
        return reply(res, 200, sandbox.log.since(Number(url.searchParams.get('since') ?? 0)));
      case 'POST /__sandbox/faults':
        return reply(res, 200, { id: sandbox.faults.add(await readJsonBody<FaultSpec>(req)) });
      case 'DELETE /__sandbox/faults':
        sandbox.faults.clear();
        return reply(res, 200, {});
      case 'POST /__sandbox/reset':
        sandbox.reset();
        return reply(res, 200, {});
      case 'POST /__sandbox/files':
        return reply(res, 200, addFile(sandbox, await readJsonBody<AddFileRequest>(req)));
      case 'GET /__sandbox/files': {
        const tracker = url.searchParams.get('tracker') as TrackerId;
        const container = url.searchParams.get('container') ?? '';
        if (!sandbox.emulators[tracker]) return reply(res, 404, { error: 'unknown tracker' });
        return reply(res, 200, await summarizeFiles(sandbox, tracker, container));
      }
      default:
        return reply(res, 404, { error: `no control route ${route}` });
    }
  } catch (error) {
    reply(res, 500, { error: String(error) });
  }
}
