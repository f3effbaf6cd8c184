import { describe, expect, it } from 'vitest';
import { yandexTrackerSandbox as yt } from '../../sandbox/trackers/yandex-tracker';
import { useSandbox } from '../../support/use-sandbox';
import * as documented from './fixtures/yandex-tracker';

/**
 * The sandbox answers as Yandex Tracker's API reference shows (fixtures/yandex-tracker.ts): these requests go to it
 * raw, without the product's client, the way the official client sends them.
 */

const api = 'https://api.tracker.yandex.net';
const org360 = { authorization: `OAuth ${yt.oauthToken}`, 'x-org-id': yt.orgId };
const trackerDate = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/;

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {},
): Promise<Answer> {
  const response = await fetch(`${api}${path}`, {
    method: init.method ?? 'GET',
    headers: init.headers ?? org360,
    body: init.body,
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

function record(value: unknown): Record<string, unknown> {
  expect(value).toBeTypeOf('object');
  return value as Record<string, unknown>;
}

function list(value: unknown): Record<string, unknown>[] {
  expect(Array.isArray(value)).toBe(true);
  return (value as unknown[]).map(record);
}

/** Every object with an `id`, at any depth, with the `self` link the official client builds resources from. */
function objectsWithId(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(objectsWithId);
  if (typeof value !== 'object' || value === null) return [];
  const children = Object.values(value).flatMap(objectsWithId);
  return 'id' in value ? [value as Record<string, unknown>, ...children] : children;
}

/** Every `createdAt`/`updatedAt` at any depth. */
function dates(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(dates);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'createdAt' || key === 'updatedAt' ? [child] : dates(child),
  );
}

async function uploadTemporary(name: string, bytes: string): Promise<Record<string, unknown>> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'file');
  const answer = await call(`/v2/attachments/?filename=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: org360,
    body: form,
  });
  expect(answer.status).toBe(201);
  return record(answer.body);
}

describe('yandex tracker sandbox answers as the API reference shows', () => {
  useSandbox();

  it('gives every object its self link and every date milliseconds and +0000', async () => {
    const temporary = await uploadTemporary('note.txt', 'note');
    const comment = await call(`/v2/issues/${yt.mainIssue}/comments`, {
      method: 'POST',
      headers: { ...org360, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'with a file', attachmentIds: [temporary.id] }),
    });
    const answers = [
      await call('/v2/myself'),
      await call('/v2/fields'),
      await call(`/v2/issues/${yt.mainIssue}`),
      await call(`/v2/issues/${yt.mainIssue}/attachments`),
      await call(`/v2/issues/${yt.mainIssue}/comments?expand=all`),
      comment,
      await call(`/v2/entities/project/${yt.project.id}?expand=attachments`),
      await call('/v3/entities/project/_search', { method: 'POST', body: '{}' }),
      await call(`/v3/entities/portfolio/${yt.portfolio.id}/attachments`),
    ];
    for (const answer of answers) expect(answer.status).toBeLessThan(300);
    const objects = answers.flatMap((answer) => objectsWithId(answer.body));
    expect(objects.length).toBeGreaterThan(30);
    for (const object of objects) expect(object.self).toMatch(/^https:\/\/api\.tracker\.yandex\.net\/v[23]\//);
    const stamps = answers.flatMap((answer) => dates(answer.body));
    expect(stamps.length).toBeGreaterThan(10);
    for (const stamp of stamps) expect(stamp).toMatch(trackerDate);
  });

  it('tells who the token belongs to with the fields of get-user-info', async () => {
    const { status, body } = await call('/v2/myself');
    expect(status).toBe(200);
    expect(Object.keys(record(body)).sort()).toEqual(Object.keys(documented.myself).sort());
  });

  it('lists the global fields, with or without the trailing slash, each as get-global-fields shows', async () => {
    const plain = await call('/v2/fields');
    const slashed = await call('/v2/fields/');
    expect(plain.status).toBe(200);
    expect(slashed.body).toEqual(plain.body);
    const fields = list(plain.body);
    expect(fields.map((field) => field.id)).toContain('summary');
    for (const field of fields) {
      expect(Object.keys(field).sort()).toEqual(Object.keys(documented.globalField).sort());
      expect(record(field.schema).type).toBeTypeOf('string');
    }
    expect(record((await call('/v2/fields/summary')).body).key).toBe('summary');
    expect((await call('/v2/fields/noSuchField')).status).toBe(404);
  });

  it('gives a project by its id (not its number), with attachments and fields on request', async () => {
    const expanded = await call(`/v2/entities/project/${yt.project.id}?expand=attachments&fields=summary`);
    const byId = await call(`/v2/entities/project/${yt.project.id}`);
    expect(expanded.status).toBe(200);
    // get-entity: "The entity ID is not the same as the project or portfolio ID".
    expect((await call(`/v2/entities/project/${yt.project.shortId}`)).status).toBe(404);
    const entity = record(expanded.body);
    expect(Object.keys(entity).sort()).toEqual(Object.keys(documented.entity).sort());
    expect(entity).toMatchObject({ id: yt.project.id, shortId: Number(yt.project.shortId), entityType: 'project' });
    expect(entity.fields).toEqual({ summary: 'Release project' });
    expect(record(byId.body).id).toBe(yt.project.id);
    expect(record(byId.body).attachments).toBeUndefined();
    for (const file of list(entity.attachments)) {
      expect(Object.keys(file).sort()).toEqual(Object.keys(documented.entityAttachments[0]).sort());
    }
    expect((await call('/v2/entities/project/999')).status).toBe(404);
    expect((await call(`/v2/entities/sprint/${yt.project.shortId}`)).status).toBe(400);
  });

  it("serves an entity's file at its content address /attachments/<id>/<name>, and no other", async () => {
    const [file] = list((await call(`/v3/entities/project/${yt.project.shortId}/attachments`)).body);
    const content = String(file?.content);
    expect(content).toBe(`${api}/v3/attachments/${file?.id}/${encodeURIComponent(String(file?.name))}`);
    const download = await fetch(content, { headers: org360, redirect: 'manual' });
    expect(download.status).toBe(302);
    expect(new URL(download.headers.get('location') ?? '').host).toBe('storage.mds.yandex.net');
    const info = await call(`/v2/entities/project/${yt.project.id}/attachments/${file?.id}`);
    expect(record(info.body).name).toBe(file?.name);
    const undocumented = `/v2/entities/project/${yt.project.id}/attachments/${file?.id}/${encodeURIComponent(String(file?.name))}`;
    expect((await call(undocumented)).status).toBe(404);
  });

  it('answers a temporary upload with a whole attachment object, and an entity attach with the entity', async () => {
    const temporary = await uploadTemporary('Смета.txt', 'смета');
    expect(Object.keys(temporary).sort()).toEqual([...documented.attachmentFields].sort());
    expect(temporary).toMatchObject({ name: 'Смета.txt', mimetype: 'text/plain', size: 10 });
    expect(String(temporary.id)).toMatch(/^\d+$/);
    // add-attachment names the entity by its id ("To get the ID, see the entity list"); only the list takes shortId.
    const byNumber = `/v2/entities/project/${yt.project.shortId}/attachments/${temporary.id}`;
    expect((await call(byNumber, { method: 'POST' })).status).toBe(404);
    const attach = `/v2/entities/project/${yt.project.id}/attachments/${temporary.id}`;
    const attached = await call(`${attach}?expand=attachments&filename=${encodeURIComponent('Смета 2026.txt')}`, {
      method: 'POST',
    });
    expect(attached.status).toBe(200);
    expect(record(attached.body).entityType).toBe('project');
    const names = list(record(attached.body).attachments).map((file) => file.name);
    expect(names).toContain('Смета 2026.txt');
    expect((await call(attach, { method: 'POST' })).status).toBe(422);
  });

  it('lists projects as search-entities shows them, a page at a time, each with its id and number', async () => {
    const search = (query: string) => call(`/v3/entities/project/_search${query}`, { method: 'POST', body: '{}' });
    const { status, body } = await search('');
    expect(status).toBe(200);
    expect(record(body)).toMatchObject({ hits: 1, pages: 1 });
    expect(list(record(body).values)).toEqual([
      expect.objectContaining({ id: yt.project.id, shortId: Number(yt.project.shortId), entityType: 'project' }),
    ]);
    expect(list(record((await search('?perPage=1&page=2')).body).values)).toEqual([]);
    expect((await call('/v3/entities/sprint/_search', { method: 'POST', body: '{}' })).status).toBe(400);
  });

  it('answers a new comment with the fields add-comment lists, and its files as references', async () => {
    const temporary = await uploadTemporary('a.txt', 'a');
    const { status, body } = await call(`/v2/issues/${yt.emptyIssue}/comments/`, {
      method: 'POST',
      headers: { ...org360, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Files', attachmentIds: [Number(temporary.id)] }),
    });
    expect(status).toBe(201);
    const comment = record(body);
    expect(Object.keys(comment)).toEqual(expect.arrayContaining([...documented.addedCommentFields]));
    expect(comment).toMatchObject({ type: 'standard', transport: 'internal', version: 1, text: 'Files' });
    expect(comment.attachments).toEqual([
      { self: `${api}/v2/issues/${yt.emptyIssue}/attachments/${temporary.id}`, id: temporary.id, display: 'a.txt' },
    ]);
  });

  it("lists a comment's files only when asked with expand, and links the next page", async () => {
    const plain = list((await call(`/v2/issues/${yt.mainIssue}/comments`)).body);
    expect(plain.length).toBeGreaterThan(0);
    for (const comment of plain) expect(comment).not.toHaveProperty('attachments');
    const expanded = list((await call(`/v2/issues/${yt.mainIssue}/comments?expand=attachments`)).body);
    expect(Object.keys(expanded[0] ?? {})).toEqual(
      expect.arrayContaining(Object.keys(documented.commentsExpanded[0]).filter((key) => key !== 'textHtml')),
    );
    expect(expanded[0]).not.toHaveProperty('textHtml');
    const firstPage = await call(`/v2/issues/${yt.mainIssue}/comments?perPage=1`);
    const [first] = list(firstPage.body);
    expect(firstPage.headers.get('link')).toContain(`id=${first?.id}>; rel="next"`);
  });

  it('takes OAuth with either organization header, as the official client sends them', async () => {
    const oauthCloud = { authorization: `OAuth ${yt.oauthToken}`, 'x-cloud-org-id': yt.cloudOrgId };
    expect((await call('/v2/myself', { headers: oauthCloud })).status).toBe(200);
    const sdkCloud = { ...oauthCloud, 'x-org-id': 'not provided' };
    expect((await call('/v2/myself', { headers: sdkCloud })).status).toBe(200);
    const iam = { authorization: `Bearer ${yt.iamToken}`, 'x-cloud-org-id': yt.cloudOrgId };
    expect((await call('/v2/myself', { headers: iam })).status).toBe(200);
  });

  it('refuses a wrong token with 401 and a wrong or missing organization with 403, in its error body', async () => {
    const wrongToken = await call('/v2/myself', { headers: { ...org360, authorization: 'OAuth y0_wrong' } });
    expect(wrongToken.status).toBe(401);
    expect(Object.keys(record(wrongToken.body)).sort()).toEqual(Object.keys(documented.wrongOrganization).sort());
    const wrongOrg = await call('/v2/myself', { headers: { ...org360, 'x-org-id': '1' } });
    expect(wrongOrg).toMatchObject({ status: 403, body: documented.wrongOrganization });
    const noOrg = await call('/v2/myself', { headers: { authorization: org360.authorization } });
    expect(noOrg.status).toBe(403);
    const iam360 = { authorization: `Bearer ${yt.iamToken}`, 'x-org-id': yt.orgId };
    expect((await call('/v2/myself', { headers: iam360 })).status).toBe(403);
  });
});
