import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../lib/errors';
import { fetchClient } from '../../../lib/http/client';
import { openDownload } from '../../../lib/http/open-download';
import type { TaskRef } from '../../../lib/trackers/registry';
import type { YandexTrackerSettings } from '../../../lib/trackers/yandex-tracker';
import { createApi } from '../../../lib/trackers/yandex-tracker/api';
import { yandexTrackerError } from '../../../lib/trackers/yandex-tracker/errors';
import { commentPlaces, identityOf, isoDate, parseAttachments } from '../../../lib/trackers/yandex-tracker/parse';
import { summarizeFiles } from '../../sandbox/control';
import { yandexTrackerSandbox as yt } from '../../sandbox/trackers/yandex-tracker';
import { attachBatchThroughQueue, attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';
import * as documented from './fixtures/yandex-tracker';

const settings: YandexTrackerSettings = { token: yt.oauthToken, tokenType: 'OAuth', orgId: yt.orgId, orgType: '360' };
const client = (overrides: Partial<YandexTrackerSettings> = {}) =>
  createApi({ ...settings, ...overrides }, { http: fetchClient });
const ref = (kind: TaskRef['kind'], id: string): TaskRef => ({
  tracker: 'yandex-tracker',
  kind,
  id,
  host: 'tracker.yandex.ru',
});

describeTrackerContract({
  tracker: 'yandex-tracker',
  api: () => client(),
  apiWithWrongSecret: () => client({ token: 'y0_wrong-token' }),
  secrets: [yt.oauthToken, yt.iamToken],
  target: ref('task', yt.mainIssue),
  targetContainer: yt.mainIssue,
  unknownTarget: ref('task', 'TEST-999'),
  routes: { list: { path: '^/v2/issues/[^/]+/attachments$' }, upload: { path: '^/v2/attachments/' } },
  malformedListBody: { body: '[{"id": "1", "name": ', contentType: 'application/json' },
});

describe('yandex tracker specifics', () => {
  const sandbox = useSandbox();
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as AppError,
    );

  it('accepts an IAM token with the cloud organization header', async () => {
    const api = client({ token: yt.iamToken, tokenType: 'IAM', orgId: yt.cloudOrgId, orgType: 'cloud' });
    expect((await api.whoAmI()).name).toBe('TrackerDrop Robot');
    const sent = sandbox().log.since(0).at(-1)?.headers ?? {};
    expect(sent['x-cloud-org-id']).toBe(yt.cloudOrgId);
    expect(sent['x-org-id']).toBeUndefined();
  });

  it("reports a wrong organization as no access, not as a wrong token, in Tracker's own words", async () => {
    const error = await failure(client({ orgId: '1' }).whoAmI());
    expect(error?.kind).toBe('forbidden');
    expect(error?.details).toMatchObject({ status: 403, code: '403' });
    expect(error?.details.detail).toContain('Organization is not available');
  });

  it('accepts an OAuth token with the cloud organization header', async () => {
    const api = client({ orgId: yt.cloudOrgId, orgType: 'cloud' });
    expect((await api.whoAmI()).name).toBe('TrackerDrop Robot');
    expect(sandbox().log.since(0).at(-1)?.headers['x-cloud-org-id']).toBe(yt.cloudOrgId);
  });

  it('follows Link through comment pages shorter than asked, placing every file in its comment', async () => {
    const whole = await client().listAttachments(ref('task', yt.mainIssue));
    sandbox().emulators['yandex-tracker'].holdCommentPagesTo(1);
    const seq = sandbox().log.lastSeq;
    const paged = await client().listAttachments(ref('task', yt.mainIssue));
    const places = (listed: typeof whole) => listed.attachments.map((a) => [a.id, a.place.kind]).sort();
    expect(places(paged)).toEqual(places(whole));
    expect(whole.attachments.filter((a) => a.place.kind === 'comment').length).toBeGreaterThan(1);
    const pages = sandbox()
      .log.since(seq)
      .filter((entry) => entry.path.startsWith(`/v2/issues/${yt.mainIssue}/comments`));
    expect(pages.length).toBeGreaterThan(1);
  });

  it('stops comment pages that never end with a clear error, not paging for good', async () => {
    const repeated = JSON.stringify(Array.from({ length: 100 }, (_, index) => ({ id: index + 1 })));
    sandbox().faults.add({
      path: `^/v2/issues/${yt.mainIssue}/comments`,
      method: 'GET',
      status: 200,
      body: repeated,
      contentType: 'application/json',
      times: 50,
    });
    const error = await client()
      .listAttachments(ref('task', yt.mainIssue))
      .then(
        () => undefined,
        (failure: unknown) => failure as AppError,
      );
    expect(error?.toJSON()).toMatchObject({ kind: 'unexpected', details: { tracker: 'yandex-tracker' } });
    expect(sandbox().faults.list()[0]?.remaining).toBe(48);
  });

  it('asks for the files of comments (expand=attachments) and places each in its comment', async () => {
    const { attachments } = await client().listAttachments(ref('task', yt.mainIssue));
    const commentRequests = sandbox()
      .log.since(0)
      .filter((entry) => entry.path.startsWith(`/v2/issues/${yt.mainIssue}/comments`));
    expect(commentRequests.length).toBeGreaterThan(0);
    for (const entry of commentRequests)
      expect(new URL(entry.path, 'https://x').searchParams.get('expand')).toBe('attachments');
    const spaced = attachments.find((a) => a.name === 'meeting notes  final .txt');
    expect(spaced?.place).toMatchObject({ kind: 'comment', author: 'Ivan Sidorov', date: '2026-01-10T09:00:03.000Z' });
  });

  it("downloads a project's file from the address its list gives, /v2/attachments/<id>/<name>", async () => {
    const api = client();
    const target = ref('project', yt.project.shortId);
    const { attachments } = await api.listAttachments(target);
    const budget = attachments.find((a) => a.name === 'Бюджет проекта.xlsx') ?? expect.fail('no budget file');
    const seq = sandbox().log.lastSeq;
    const request = await api.downloadRequest(target, budget);
    expect(sandbox().log.since(seq)[0]?.path).toBe(`/v2/attachments/${budget.id}/${encodeURIComponent(budget.name)}`);
    expect(new URL(request.url).host).toBe('storage.mds.yandex.net');
    const bytes = new Uint8Array(await (await fetchClient({ url: request.url })).arrayBuffer());
    const stored = await summarizeFiles(sandbox(), 'yandex-tracker', `project:${yt.project.shortId}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(stored.find((file) => file.id === budget.id)?.sha256).toBe(sha);
  });

  it('downloads from the API itself, with the token, where it answers with the file instead of a redirect', async () => {
    sandbox().emulators['yandex-tracker'].serveDownloadsDirectly(true);
    const api = client();
    const target = ref('task', yt.mainIssue);
    const [first] = (await api.listAttachments(target)).attachments;
    const file = first ?? expect.fail('no attachment');
    const request = await api.downloadRequest(target, file);
    expect(new URL(request.url).host).toBe('api.tracker.yandex.net');
    expect(request.headers.map((header) => header.name)).toContain('authorization');
    const response = await fetchClient({
      url: request.url,
      headers: Object.fromEntries(request.headers.map((header) => [header.name, header.value])),
    });
    const sha = createHash('sha256')
      .update(new Uint8Array(await response.arrayBuffer()))
      .digest('hex');
    const stored = await summarizeFiles(sandbox(), 'yandex-tracker', yt.mainIssue);
    expect(stored.find((candidate) => candidate.id === file.id)?.sha256).toBe(sha);
  });

  it('lists the files of a project (by short id) and of a portfolio', async () => {
    const project = await client().listAttachments(ref('project', yt.project.shortId));
    expect(project.attachments.map((a) => a.name).sort()).toEqual(['roadmap.pdf', 'Бюджет проекта.xlsx']);
    expect(project.attachments.every((a) => a.place.kind === 'project')).toBe(true);
    const portfolio = await client().listAttachments(ref('portfolio', yt.portfolio.id));
    expect(portfolio.attachments.map((a) => a.name)).toEqual(['portfolio overview.pptx']);
  });

  it('never sends the token to the storage host the download redirects to', async () => {
    const api = client();
    const target = ref('task', yt.mainIssue);
    const [first] = (await api.listAttachments(target)).attachments;
    const request = await api.downloadRequest(target, first ?? expect.fail('no attachment'));
    const response = await fetchClient({
      url: request.url,
      headers: Object.fromEntries(request.headers.map((header) => [header.name, header.value])),
    });
    expect(response.status).toBe(200);
    expect(new URL(request.url).host).toBe('storage.mds.yandex.net');
    expect(request.headers).toEqual([]);
    const storage = sandbox()
      .log.since(0)
      .filter((entry) => entry.host === 'storage.mds.yandex.net');
    expect(storage.length).toBeGreaterThanOrEqual(2);
    for (const entry of storage) expect(entry.headers.authorization).toBeUndefined();
  });

  it('a request for fetch (a ZIP entry, a copy) is the API call itself: read after the links expired', async () => {
    const api = client();
    const target = ref('task', yt.mainIssue);
    const [first] = (await api.listAttachments(target)).attachments;
    const attachment = first ?? expect.fail('no attachment');
    const seq = sandbox().log.lastSeq;
    // Built as a ZIP builds its entries, all before any is read.
    const request = await api.downloadRequest(target, attachment, 'fetch');
    sandbox().emulators['yandex-tracker'].expireSignedLinks();
    const body = await openDownload('yandex-tracker', request, attachment.name, AbortSignal.timeout(10_000));
    const sha = createHash('sha256')
      .update(new Uint8Array(await new Response(body).arrayBuffer()))
      .digest('hex');
    const stored = await summarizeFiles(sandbox(), 'yandex-tracker', yt.mainIssue);
    expect(stored.find((file) => file.id === attachment.id)?.sha256).toBe(sha);
    expect(new URL(request.url).host).toBe('api.tracker.yandex.net');
    const storage = sandbox()
      .log.since(seq)
      .filter((entry) => entry.host === 'storage.mds.yandex.net');
    expect(storage).toHaveLength(1);
    expect(storage[0]?.headers.authorization).toBeUndefined();
  });

  it('attaches a batch in one comment, with the file names as its text when none is given', async () => {
    const api = client();
    const target = ref('task', yt.mainIssue);
    const names = ['a.txt', 'b.txt'];
    const uploads = await Promise.all(
      names.map(async (name) => ({
        name,
        remoteRef: (await api.upload(target, { name, size: 1, blob: new Blob(['x']) })).remoteRef,
      })),
    );
    await api.attach(target, uploads);
    const listed = (await api.listAttachments(target)).attachments.filter((a) => names.includes(a.name));
    expect(listed).toHaveLength(2);
    const places = new Set(listed.map((a) => (a.place.kind === 'comment' ? a.place.commentId : 'not a comment')));
    expect(places.size).toBe(1);
    expect([...places][0]).not.toBe('not a comment');
  });

  it('a project batch whose attach failed partway is attached again whole: the file attached before counts', async () => {
    // The second file's attach is refused (429) until the client gives up; the runner tries the batch again.
    sandbox().faults.add({
      path: '^/v[23]/entities/project/[^/]+/attachments/\\d+',
      method: 'POST',
      status: 429,
      after: 1,
      times: 4,
    });
    const target = ref('project', yt.project.shortId);
    const jobs = await attachBatchThroughQueue(client(), target, [
      { name: 'a.txt', size: 4, blob: new Blob(['aaaa']) },
      { name: 'b.txt', size: 4, blob: new Blob(['bbbb']) },
    ]);
    expect(jobs.map((job) => job.state)).toEqual(['done', 'done']);
    const names = sandbox()
      .emulators['yandex-tracker'].files(`project:${yt.project.shortId}`)
      .map((file) => file.name);
    expect(names.filter((name) => name === 'a.txt' || name === 'b.txt').sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('attaches files to a project through a temporary upload', async () => {
    const api = client();
    const target = ref('project', yt.project.shortId);
    await attachThroughQueue(api, target, { name: 'plan.txt', size: 4, blob: new Blob(['plan']) });
    expect(
      sandbox()
        .emulators['yandex-tracker'].files(`project:${yt.project.shortId}`)
        .map((f) => f.name),
    ).toContain('plan.txt');
    const attachPaths = sandbox()
      .log.since(0)
      .filter((entry) => entry.method === 'POST' && entry.path.startsWith('/v3/entities/project/'))
      .map((entry) => entry.path.split('/')[4]);
    expect(attachPaths).toContain(yt.project.id);
    expect(attachPaths).not.toContain(yt.project.shortId);
  });

  it('tells a project number the organisation does not have as not found, before attaching anything', async () => {
    const target = ref('project', '999');
    const temporary = await client().upload(target, { name: 'lost.txt', size: 4, blob: new Blob(['lost']) });
    const error = await client()
      .attach(target, [{ remoteRef: temporary.remoteRef, name: 'lost.txt' }])
      .then(
        () => undefined,
        (failure: unknown) => failure as AppError,
      );
    expect(error?.toJSON()).toMatchObject({ kind: 'not-found', details: { tracker: 'yandex-tracker' } });
  });
});

describe("yandex tracker parsers read the API reference's own examples", () => {
  it("reads an entity's file list (get-all-attachments.md), unknown fields and all", () => {
    expect(parseAttachments(documented.entityAttachments, () => ({ kind: 'project' }))).toEqual([
      {
        id: '3',
        name: 'Shops.csv',
        size: 559,
        sizeExact: true,
        mime: 'text/csv',
        author: 'Full name',
        createdAt: '2023-12-25T07:21:36.722Z',
        place: { kind: 'project' },
      },
      {
        id: '5',
        name: 'flowers.jpg',
        size: 20466,
        sizeExact: true,
        mime: 'image/jpeg',
        author: 'Full name',
        createdAt: '2024-01-11T06:24:57.635Z',
        place: { kind: 'project' },
      },
    ]);
  });

  it('places a file in the comment that lists it (get-comments.md, expand=all)', () => {
    expect(commentPlaces(documented.commentsExpanded)).toEqual(
      new Map([
        [
          '1',
          {
            kind: 'comment',
            commentId: '9849018',
            author: '<displayed employee name>',
            date: '2017-06-11T05:11:12.347Z',
          },
        ],
      ]),
    );
  });

  it('says who the token belongs to (get-user-info.md)', () => {
    expect(identityOf(documented.myself)).toEqual({ id: '1120000000016876', name: 'Ivan Ivanov' });
  });

  it('reads dates with and without a fraction of a second, and leaves out what is no date', () => {
    expect(isoDate('2023-12-25T07:21:36.722+0000')).toBe('2023-12-25T07:21:36.722Z');
    expect(isoDate('2023-12-25T10:21:36+0300')).toBe('2023-12-25T07:21:36.000Z');
    expect(isoDate('2023-12-25T07:21:36.722Z')).toBe('2023-12-25T07:21:36.722Z');
    expect(isoDate('yesterday')).toBeUndefined();
    expect(isoDate(1703488896722)).toBeUndefined();
  });

  /** The status and headers of a failed answer; its text, already read, goes alongside. */
  const answer = (status: number, contentType = 'application/json;charset=UTF-8') =>
    new Response(null, { status, headers: { 'content-type': contentType } });

  it("takes the kind from Tracker's error body first, its words as the detail, secrets left out", () => {
    const body = JSON.stringify(documented.wrongOrganization);
    const error = yandexTrackerError(answer(403), body, []);
    expect(error).toMatchObject({ kind: 'forbidden', details: { status: 403, code: '403' } });
    expect(error.details.detail).toBe('Organization is not available, not ready or not found');
    const rewritten = JSON.stringify({ errors: {}, errorMessages: ['Issue does not exist.'], statusCode: 404 });
    expect(yandexTrackerError(answer(400), rewritten, []).kind).toBe('not-found');
    const invalid = JSON.stringify({ errors: { text: 'Required field' }, errorMessages: [], statusCode: 422 });
    expect(yandexTrackerError(answer(422), invalid, [])).toMatchObject({
      kind: 'unexpected',
      details: { detail: 'text: Required field' },
    });
    const leaky = JSON.stringify({ errors: {}, errorMessages: ['token y0_secret-token is revoked'], statusCode: 401 });
    const revoked = yandexTrackerError(answer(401), leaky, ['y0_secret-token']);
    expect(revoked.kind).toBe('auth');
    expect(JSON.stringify(revoked.toJSON())).not.toContain('y0_secret-token');
  });

  it("falls back to the HTTP status where the body is not Tracker's", () => {
    const page = '<html><body>502 Bad Gateway</body></html>';
    expect(yandexTrackerError(answer(502, 'text/html'), page, [])).toMatchObject({
      kind: 'server',
      details: { status: 502, detail: undefined },
    });
    expect(yandexTrackerError(answer(429), '', []).kind).toBe('rate-limited');
  });
});
