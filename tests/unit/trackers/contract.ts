import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../lib/errors';
import { fetchClient } from '../../../lib/http/client';
import { type TaskRef, type TrackerId, trackerOf } from '../../../lib/trackers/registry';
import type { DownloadRequest, TrackerApi } from '../../../lib/trackers/types';
import { summarizeFiles } from '../../sandbox/control';
import type { FaultSpec } from '../../sandbox/faults';
import { hostileNames, seedTaskFiles } from '../../sandbox/seed-files';
import type { Sandbox } from '../../sandbox/server';
import { attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';

/** What the shared client tests need to know about one tracker. */
export interface ContractSetup {
  tracker: TrackerId;
  /** A client with the sandbox's valid credentials. */
  api(sandbox: Sandbox): TrackerApi;
  /** A client whose key or token is wrong. */
  apiWithWrongSecret(sandbox: Sandbox): TrackerApi;
  /** Every secret the two clients hold: none may appear in an error or a log line. */
  secrets: string[];
  /** The seeded task that carries `seedTaskFiles(tracker)`. */
  target: TaskRef;
  /** The sandbox container id of `target` (as `TrackerEmulator.files()` takes it). */
  targetContainer: string;
  unknownTarget: TaskRef;
  /**
   * How fault switches recognise the request that lists attachments and the one that carries file bytes: a path
   * regex, plus a body regex where the path does not tell (PlanFix's XML methods all POST to `/xml/`).
   */
  routes: { list: RouteMatch; upload: RouteMatch };
  /** A 200 answer on the list route that is not valid data (broken JSON or XML). */
  malformedListBody: { body: string; contentType: string };
}

type RouteMatch = Pick<FaultSpec, 'path' | 'bodyMatch'>;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function fetchDownload(request: DownloadRequest): Promise<Uint8Array> {
  const response = await fetchClient({
    url: request.url,
    method: request.method,
    headers: Object.fromEntries(request.headers.map((header) => [header.name, header.value])),
    body: request.body,
    // As the browser's downloads API does (PlanFix answers file.download with a redirect to the file).
    redirect: 'follow',
  });
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

async function expectTrackerError(promise: Promise<unknown>, kind: AppError['kind']): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).kind).toBe(kind);
  return error as AppError;
}

function randomFile(name: string, size: number): { file: { name: string; size: number; blob: Blob }; sha: string } {
  const bytes = randomBytes(size);
  return { file: { name, size, blob: new Blob([bytes]) }, sha: sha256(bytes) };
}

export function describeTrackerContract(setup: ContractSetup): void {
  describe(`${setup.tracker} client against the sandbox`, () => {
    const sandbox = useSandbox();
    const caughtErrors: unknown[] = [];
    const logged: string[] = [];
    const fault = (spec: FaultSpec): number => sandbox().faults.add(spec);
    const requestsTo = (route: RouteMatch): number =>
      sandbox()
        .log.since(0)
        .filter((entry) => new RegExp(route.path).test(entry.path)).length;
    const sandboxFiles = () => summarizeFiles(sandbox(), setup.tracker, setup.targetContainer);

    beforeEach(() => {
      for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
          logged.push(args.map(String).join(' '));
        });
      }
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('connects and says who we are', async () => {
      const identity = await setup.api(sandbox()).whoAmI();
      expect(identity.name.length).toBeGreaterThan(0);
      expect(identity.id.length).toBeGreaterThan(0);
    });

    it('lists the files of the task and its comments with names intact', async () => {
      const { attachments } = await setup.api(sandbox()).listAttachments(setup.target);
      const seeded = seedTaskFiles(setup.tracker);
      const expected = [...seeded.body, ...seeded.comments.flat()].map((file) => file.name).sort();
      expect(attachments.map((attachment) => attachment.name).sort()).toEqual(expected);
      expect(attachments.filter((attachment) => attachment.name === hostileNames.duplicate)).toHaveLength(2);
      expect(new Set(attachments.map((attachment) => attachment.id)).size).toBe(attachments.length);
      expect(attachments.some((attachment) => attachment.place.kind === 'comment')).toBe(true);
      const empty = attachments.find((attachment) => attachment.name === hostileNames.empty);
      expect(empty?.size).toBe(0);
    });

    it('gives download requests whose bytes are identical to the stored files', async () => {
      const api = setup.api(sandbox());
      const { attachments } = await api.listAttachments(setup.target);
      const downloaded = await Promise.all(
        attachments.map(async (attachment) =>
          sha256(await fetchDownload(await api.downloadRequest(setup.target, attachment))),
        ),
      );
      const stored = (await sandboxFiles()).map((file) => file.sha256);
      expect(downloaded.sort()).toEqual(stored.sort());
    });

    it('uploads and attaches a file once, name intact', async () => {
      const api = setup.api(sandbox());
      const { file, sha } = randomFile('новый файл (1).bin', 1024 * 1024 + 7);
      await attachThroughQueue(api, setup.target, file);
      const stored = (await sandboxFiles()).filter((candidate) => candidate.name === file.name);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.sha256).toBe(sha);
      const listed = (await api.listAttachments(setup.target)).attachments.filter((a) => a.name === file.name);
      expect(listed).toHaveLength(1);
    });

    it('reports wrong credentials as an auth error', async () => {
      const api = setup.apiWithWrongSecret(sandbox());
      caughtErrors.push(await expectTrackerError(api.whoAmI(), 'auth'));
      caughtErrors.push(await expectTrackerError(api.listAttachments(setup.target), 'auth'));
    });

    it('reports an unknown task as not found', async () => {
      caughtErrors.push(
        await expectTrackerError(setup.api(sandbox()).listAttachments(setup.unknownTarget), 'not-found'),
      );
    });

    it('waits out a 429 and succeeds', async () => {
      fault({ ...setup.routes.list, status: 429, retryAfter: 1 });
      const started = Date.now();
      const { attachments } = await setup.api(sandbox()).listAttachments(setup.target);
      expect(attachments.length).toBeGreaterThan(0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(requestsTo(setup.routes.list)).toBeGreaterThanOrEqual(2);
    });

    it('retries a 500 and succeeds', async () => {
      fault({ ...setup.routes.list, status: 500 });
      const { attachments } = await setup.api(sandbox()).listAttachments(setup.target);
      expect(attachments.length).toBeGreaterThan(0);
    });

    it('asks again for a list whose answer was cut midway', async () => {
      fault({ ...setup.routes.list, cut: 'response-body', afterBytes: 10 });
      const { attachments } = await setup.api(sandbox()).listAttachments(setup.target);
      expect(attachments.length).toBeGreaterThan(0);
      expect(requestsTo(setup.routes.list)).toBeGreaterThanOrEqual(2);
    });

    it('survives a connection cut mid-upload without attaching twice', async () => {
      fault({ ...setup.routes.upload, method: 'POST', cut: 'request', afterBytes: 64 * 1024 });
      const { file, sha } = randomFile('cut-mid-body.bin', 512 * 1024);
      await attachThroughQueue(setup.api(sandbox()), setup.target, file);
      const stored = (await sandboxFiles()).filter((candidate) => candidate.name === file.name);
      expect(stored.map((candidate) => candidate.sha256)).toEqual([sha]);
    });

    it('does not attach twice when the answer to a processed upload is lost', async () => {
      fault({ ...setup.routes.upload, method: 'POST', cut: 'response' });
      const { file, sha } = randomFile('answer-lost.bin', 200 * 1024);
      await attachThroughQueue(setup.api(sandbox()), setup.target, file);
      const stored = (await sandboxFiles()).filter((candidate) => candidate.name === file.name);
      expect(stored.map((candidate) => candidate.sha256)).toEqual([sha]);
    });

    it('reports a malformed answer as unexpected', async () => {
      fault({ ...setup.routes.list, status: 200, ...setup.malformedListBody, times: 10 });
      caughtErrors.push(await expectTrackerError(setup.api(sandbox()).listAttachments(setup.target), 'unexpected'));
    });

    it('reports an HTML error page from a proxy as a server error', async () => {
      fault({
        ...setup.routes.list,
        status: 502,
        body: '<html><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>',
        contentType: 'text/html',
        times: 10,
      });
      const error = await expectTrackerError(setup.api(sandbox()).listAttachments(setup.target), 'server');
      expect(error.message).not.toMatch(/<html|nginx/i);
      caughtErrors.push(error);
    });

    it('refuses a file over the size limit before sending any byte', async () => {
      const api = setup.api(sandbox());
      const seq = sandbox().log.lastSeq;
      const { maxFileSize } = trackerOf(api.tracker).capabilities;
      const oversize = { name: 'huge.bin', size: maxFileSize + 1, blob: new Blob(['x']) };
      const error = await expectTrackerError(api.upload(setup.target, oversize), 'too-large');
      expect(error.details.limitBytes).toBe(maxFileSize);
      expect(sandbox().log.since(seq)).toHaveLength(0);
    });

    it('never puts a secret into an error or a log line', () => {
      expect(caughtErrors.length).toBeGreaterThanOrEqual(4);
      const texts = [
        ...caughtErrors.map((error) => {
          const trackerError = error as AppError;
          return `${trackerError.message}\n${trackerError.stack ?? ''}\n${JSON.stringify(trackerError.toJSON())}`;
        }),
        ...logged,
      ];
      for (const secret of setup.secrets) {
        for (const text of texts) expect(text).not.toContain(secret);
      }
    });
  });
}
