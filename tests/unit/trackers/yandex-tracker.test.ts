import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../lib/errors';
import { fetchClient } from '../../../lib/http/client';
import type { TaskRef } from '../../../lib/trackers/registry';
import type { YandexTrackerSettings } from '../../../lib/trackers/yandex-tracker';
import { createApi } from '../../../lib/trackers/yandex-tracker/api';
import { yandexTrackerSandbox as yt } from '../../sandbox/trackers/yandex-tracker';
import { attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';

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

  it('reports a wrong organization as no access, not as a wrong token', async () => {
    const error = await failure(client({ orgId: '1' }).whoAmI());
    expect(error?.kind).toBe('forbidden');
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

  it('attaches files to a project through a temporary upload', async () => {
    const api = client();
    const target = ref('project', yt.project.shortId);
    await attachThroughQueue(api, target, { name: 'plan.txt', size: 4, blob: new Blob(['plan']) });
    expect(
      sandbox()
        .emulators['yandex-tracker'].files(`project:${yt.project.shortId}`)
        .map((f) => f.name),
    ).toContain('plan.txt');
  });
});
