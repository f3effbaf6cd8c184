import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../lib/errors';
import { fetchClient, type HttpRequest } from '../../../lib/http/client';
import { multipartFileName } from '../../../lib/http/multipart-name';
import { openDownload } from '../../../lib/http/open-download';
import { memoryMemo } from '../../../lib/settings/memory-memo';
import { downloadFailureOf } from '../../../lib/trackers/download-failures';
import type { TaskRef } from '../../../lib/trackers/registry';
import type { KeyValueMemo } from '../../../lib/trackers/types';
import type { WorksectionSettings } from '../../../lib/trackers/worksection';
import { createApi } from '../../../lib/trackers/worksection/api';
import { type Params, type SigningScheme, signedRequest } from '../../../lib/trackers/worksection/sign';
import { worksectionSandbox as ws } from '../../sandbox/trackers/worksection';
import { attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';
import { errors, getCommentsWithFiles, getFiles, postComment } from './fixtures/worksection';

const settings: WorksectionSettings = { accountUrl: `https://${ws.host}`, apiKey: ws.apiKey };
const client = (overrides: Partial<WorksectionSettings> = {}, memo: KeyValueMemo = memoryMemo()) =>
  createApi({ ...settings, ...overrides }, { http: fetchClient, memo, minIntervalMs: 0 });
const task = (id: string): TaskRef => ({
  tracker: 'worksection',
  kind: 'task',
  id,
  projectId: ws.project,
  account: ws.account,
  host: ws.host,
});

describeTrackerContract({
  tracker: 'worksection',
  api: () => client(),
  apiWithWrongSecret: () => client({ apiKey: 'wrong-admin-key' }),
  secrets: [ws.apiKey],
  target: task(ws.mainTask),
  targetContainer: ws.mainTask,
  unknownTarget: task('999'),
  routes: { list: { path: 'action=get_files' }, upload: { path: 'action=post_comment' } },
  malformedListBody: { body: '{"status":"ok","data":[{"id":', contentType: 'application/json' },
});

describe('worksection specifics', () => {
  const sandbox = useSandbox();
  const emulator = () => sandbox().emulators.worksection;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as AppError,
    );

  it('reads a list that is not a list as a malformed answer, not as a task with no files', async () => {
    for (const data of ['null', '{}', '"none"']) {
      sandbox().faults.add({
        path: 'action=get_files',
        status: 200,
        body: `{"status":"ok","data":${data}}`,
        contentType: 'application/json',
        times: 10,
      });
      const error = await failure(client().findAttached(task(ws.mainTask), { name: 'a.txt', size: 1 }));
      expect(error?.toJSON(), data).toMatchObject({ kind: 'unexpected', details: { tracker: 'worksection' } });
      sandbox().faults.clear();
    }
  });

  it('finds the header scheme when the account refuses the query hash, and remembers it', async () => {
    emulator().acceptOnly('header');
    const memo = memoryMemo();
    await client({}, memo).whoAmI();
    expect(await memo.get(`worksection.scheme:${ws.host}`)).toBe('header');
    const seq = sandbox().log.lastSeq;
    const { attachments } = await client({}, memo).listAttachments(task(ws.mainTask));
    expect(attachments.length).toBeGreaterThan(0);
    const sent = sandbox().log.since(seq);
    expect(sent.every((entry) => entry.headers.authorization?.startsWith('Admin '))).toBe(true);
    expect(sent.some((entry) => entry.path.includes('action=get_users'))).toBe(false);
  });

  it('uploads and attaches once through the header scheme too', async () => {
    emulator().acceptOnly('header');
    const api = client();
    await attachThroughQueue(api, task(ws.mainTask), { name: 'через заголовок.txt', size: 3, blob: new Blob(['abc']) });
    expect(
      emulator()
        .files(ws.mainTask)
        .filter((file) => file.name === 'через заголовок.txt'),
    ).toHaveLength(1);
  });

  // FormData sends `"` as %22 (HTML multipart/form-data encoding) and the service keeps the name as it came.
  it('finds a file whose name has a quote, as FormData sent it', async () => {
    const api = client();
    const name = 'a "b".pdf';
    await api.upload(task(ws.emptyTask), { name, size: 5, blob: new Blob(['hello']) });
    const found = await api.findAttached(task(ws.emptyTask), { name, size: 5 });
    expect(found.map((attachment) => attachment.name)).toEqual(['a %22b%22.pdf']);
  });

  it('finds names with line breaks as FormData sent them, and a name a server decoded', async () => {
    const api = client();
    const target = task(ws.emptyTask);
    const name = 'line\r\nbreak\n"q" 100%22.txt';
    const form = new FormData();
    form.append('attach[0]', new Blob(['hello']), name);
    const sent = /filename="([^"]*)"/.exec(await new Response(form).text())?.[1];
    expect(multipartFileName(name)).toBe(sent);
    await api.upload(target, { name, size: 5, blob: new Blob(['hello']) });
    emulator().addFile(ws.emptyTask, 'decoded "x".txt', { kind: 'generated', seed: 'decoded', size: 5 });
    expect((await api.findAttached(target, { name, size: 5 })).map((attachment) => attachment.name)).toEqual([sent]);
    expect(await api.findAttached(target, { name: 'decoded "x".txt', size: 5 })).toHaveLength(1);
  });

  it('attaches a quoted name once when the answer to its comment is lost', async () => {
    sandbox().faults.add({ path: 'action=post_comment', method: 'POST', cut: 'response' });
    const name = 'Договор "итог".pdf';
    const job = await attachThroughQueue(client(), task(ws.emptyTask), { name, size: 5, blob: new Blob(['hello']) });
    expect(emulator().files(ws.emptyTask)).toHaveLength(1);
    expect(job.state).toBe('done');
  });

  it('uses the documented query hash when the account takes it, and keeps the signed download out of history', async () => {
    emulator().acceptOnly('query');
    const api = client();
    await api.listAttachments(task(ws.mainTask));
    const sent = sandbox().log.since(0);
    expect(sent.every((entry) => /&hash=[0-9a-f]{32}$/.test(entry.path))).toBe(true);
    const request = await api.downloadRequest(task(ws.mainTask), {
      id: '30001',
      name: 'x',
      size: 1,
      sizeExact: true,
      place: { kind: 'task' },
    });
    expect(request.forgetAfterSave).toBe(true);
  });

  it('reads a download answered with the JSON error as that error, never as the file (ZIP entries, copies)', async () => {
    const api = client();
    const [listed] = (await api.listAttachments(task(ws.mainTask))).attachments;
    if (!listed) throw new Error('no attachment');
    const open = async (id: string) => {
      const request = await api.downloadRequest(task(ws.mainTask), { ...listed, id });
      const signal = AbortSignal.timeout(10_000);
      return openDownload('worksection', request, listed.name, signal, downloadFailureOf('worksection'));
    };
    expect((await failure(open('39999')))?.toJSON()).toMatchObject({
      kind: 'not-found',
      details: { tracker: 'worksection', code: '4' },
    });
    const file = await new Response(await open(listed.id)).arrayBuffer();
    expect(file.byteLength).toBe(listed.size);
  });

  it('signs the query exactly as sent: a changed parameter is refused', async () => {
    const request = await client().downloadRequest(task(ws.mainTask), {
      id: '30001',
      name: 'x',
      size: 0,
      sizeExact: true,
      place: { kind: 'task' },
    });
    const tampered = request.url.replace('id_file=30001', 'id_file=30002');
    const body = await (await fetchClient({ url: tampered })).text();
    expect(JSON.parse(body)).toMatchObject({ status: 'error', status_code: 2 });
    expect((await fetchClient({ url: request.url })).status).toBe(200);
  });

  it('lists project-level files', async () => {
    const project: TaskRef = {
      tracker: 'worksection',
      kind: 'project',
      id: ws.project,
      projectId: ws.project,
      host: ws.host,
    };
    const { attachments } = await client().listAttachments(project);
    expect(attachments.map((a) => [a.name, a.place.kind])).toEqual([['brief.pdf', 'project']]);
  });

  it('lists a subtask’s files on its own page', async () => {
    const { attachments } = await client().listAttachments(task(ws.subtask));
    expect(attachments.map((a) => a.name)).toEqual(['icons.svg']);
  });

  it('says the account address is wrong rather than that the task is missing', async () => {
    const error = await failure(client({ accountUrl: 'https://nobody.worksection.com' }).whoAmI());
    expect(error?.kind).toBe('wrong-server');
  });
});

describe('worksection sandbox answers as the service documents', () => {
  const sandbox = useSandbox();
  const origin = `https://${ws.host}`;
  const signed = (scheme: SigningScheme, path: string, action: string, params: Params = {}) =>
    signedRequest(scheme, `${origin}${path}`, ws.apiKey, action, params);
  const answer = async (request: HttpRequest): Promise<Record<string, unknown>> =>
    JSON.parse(await (await fetchClient(request)).text()) as Record<string, unknown>;
  /** An `Authorization: Admin` call with a JSON body as the 2026 SDKs send it (python-api-client client.py). */
  const sdkCall = async (action: string, body: Record<string, unknown>) => {
    const request = await signed('header', '/api/admin/v2', action);
    return answer({ ...request, body: JSON.stringify(body) });
  };
  const commentCount = async (taskId: string) => {
    const listed = await answer(await signed('query', '/api/admin/v2/', 'get_comments', { id_task: taskId }));
    return (listed.data as unknown[]).length;
  };

  it('describes files as the recorded answers do: string sizes; comment files with id, size, name and page only', async () => {
    const shapeOf = (file: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(file).map(([key, value]) => [key, typeof value]));
    const listed = await answer(await signed('query', '/api/admin/v2/', 'get_files', { id_task: ws.mainTask }));
    const [file] = listed.data as Record<string, unknown>[];
    expect(shapeOf(file ?? {})).toEqual(shapeOf(getFiles.data[0]));
    const comments = await answer(
      await signed('query', '/api/admin/v2/', 'get_comments', { id_task: ws.mainTask, extra: 'files' }),
    );
    const commentFiles = (comments.data as { files?: Record<string, unknown>[] }[]).flatMap((c) => c.files ?? []);
    expect(commentFiles.length).toBeGreaterThan(0);
    const recorded = getCommentsWithFiles.data[0]?.files[0] ?? {};
    for (const commentFile of commentFiles) expect(shapeOf(commentFile)).toEqual(shapeOf(recorded));
  });

  it('serves /api/admin/v2/ (the docs) and /api/admin/v2 (the SDKs), over GET and POST', async () => {
    for (const path of ['/api/admin/v2/', '/api/admin/v2']) {
      const request = await signed('query', path, 'get_users');
      for (const method of ['GET', 'POST'] as const) {
        const users = await answer({ ...request, method });
        expect(users.status).toBe('ok');
        expect(users.data).toContainEqual(expect.objectContaining({ email: ws.ownerEmail, role: 'Owner' }));
      }
    }
    expect((await fetchClient(await signed('query', '/api/admin/v3', 'get_users'))).status).toBe(404);
  });

  it('takes the SDKs’ request: no trailing slash, Admin header, JSON body with numbers', async () => {
    const listed = await sdkCall('get_files', { id_task: Number(ws.mainTask) });
    expect(listed.status).toBe('ok');
    expect((listed.data as unknown[]).length).toBe(sandbox().emulators.worksection.files(ws.mainTask).length);
  });

  it('lists the task’s files when get_files names both the project and the task', async () => {
    const both = await answer(
      await signed('query', '/api/admin/v2/', 'get_files', { id_project: ws.project, id_task: ws.subtask }),
    );
    expect((both.data as { name: string }[]).map((file) => file.name)).toEqual(['icons.svg']);
    const neither = await answer(await signed('query', '/api/admin/v2/', 'get_files'));
    expect(neither).toEqual({
      status: 'error',
      status_code: 10,
      message: 'Field is required',
      message_details: 'id_project',
    });
    const unknown = await answer(await signed('query', '/api/admin/v2/', 'get_files', { id_project: '999' }));
    expect(unknown).toEqual(errors.project);
    const task = await answer(await signed('query', '/api/admin/v2/', 'get_task', { id_task: '999' }));
    expect(task).toEqual(errors.task);
  });

  it('posts a comment over GET, from the given author, in the documented shape', async () => {
    const posted = await answer(
      await signed('query', '/api/admin/v2', 'post_comment', {
        id_task: ws.emptyTask,
        text: 'по GET',
        email_user_from: 'ivan@acme.test',
      }),
    );
    expect(posted.status).toBe('ok');
    const data = posted.data as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(Object.keys(postComment.data).sort());
    expect(data).toMatchObject({
      page: `/project/${ws.project}/${ws.emptyTask}/#com${String(data.id)}`,
      text: 'по GET',
      user_from: { id: '8', email: 'ivan@acme.test', name: 'Ivan Sidorov' },
    });
    expect(data.date_added).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  });

  it('refuses an admin-key comment without email_user_from, or from an unknown address', async () => {
    const comment = (params: Params) =>
      signed('query', '/api/admin/v2/', 'post_comment', { id_task: ws.emptyTask, text: 'x', ...params });
    expect(await answer(await comment({}))).toEqual({
      status: 'error',
      status_code: 10,
      message: 'Field is required',
      message_details: 'email_user_from',
    });
    expect(await answer(await comment({ email_user_from: 'nobody@acme.test' }))).toEqual({
      status: 'error',
      status_code: 11,
      message: 'Invalid email',
      message_details: 'nobody@acme.test',
    });
    expect(await sdkCall('post_comment', { id_task: ws.emptyTask, text: 'x' })).toMatchObject({
      status_code: 10,
      message_details: 'email_user_from',
    });
    expect(await commentCount(ws.emptyTask)).toBe(0);
  });

  it('refuses files on post_comment in any form, and nested JSON values, attaching nothing', async () => {
    const upload = new FormData();
    upload.append('files[]', new Blob(['abc']), 'a.txt');
    const uploaded = await answer(
      await signedRequest('header', `${origin}/api/admin/v2`, ws.apiKey, 'upload_files', {}, upload),
    );
    // python-api-client models/uploaded_file.py: id, ext, name (icon, error optional).
    expect(uploaded).toEqual({ status: 'ok', data: [{ id: expect.any(String), ext: 'txt', name: 'a.txt' }] });
    const [file] = uploaded.data as { id: string }[];
    const base = { id_task: ws.emptyTask, text: 'x', email_user_from: ws.ownerEmail };
    const refusedFiles = { status: 'error', status_code: 11, message: 'Invalid parameter', message_details: 'files' };
    expect(await sdkCall('post_comment', { ...base, files: uploaded.data })).toEqual(refusedFiles);
    expect(await sdkCall('post_comment', { ...base, files: [file?.id] })).toEqual(refusedFiles);
    const inQuery = await signed('query', '/api/admin/v2/', 'post_comment', { ...base, files: file?.id ?? '' });
    expect(await answer(inQuery)).toEqual(refusedFiles);
    expect(await sdkCall('post_comment', { ...base, text: { value: 'x' } })).toMatchObject({
      status_code: 11,
      message_details: 'text',
    });
    expect(await commentCount(ws.emptyTask)).toBe(0);
  });
});

describe('worksection client against the documented rules', () => {
  const sandbox = useSandbox();
  const authorKey = `worksection.author:${ws.host}`;
  const file = (name: string) => ({ name, size: 3, blob: new Blob(['abc']) });

  it('posts its comments from the account owner, asking get_users only once', async () => {
    const memo = memoryMemo();
    await client({}, memo).whoAmI();
    expect(await memo.get(authorKey)).toBe(ws.ownerEmail);
    const seq = sandbox().log.lastSeq;
    await attachThroughQueue(client({}, memo), task(ws.emptyTask), file('first.txt'));
    await attachThroughQueue(client({}, memo), task(ws.emptyTask), file('second.txt'));
    const sent = sandbox().log.since(seq);
    expect(sent.some((entry) => entry.path.includes('action=get_users'))).toBe(false);
    const posts = sent.filter((entry) => entry.path.includes('action=post_comment'));
    expect(posts).toHaveLength(2);
    expect(posts.every((entry) => entry.path.includes(`email_user_from=${encodeURIComponent(ws.ownerEmail)}`))).toBe(
      true,
    );
    expect(
      sandbox()
        .emulators.worksection.files(ws.emptyTask)
        .map((stored) => stored.name),
    ).toEqual(['first.txt', 'second.txt']);
  });

  it('forgets an author the service no longer knows, and finds the owner again', async () => {
    const memo = memoryMemo();
    await memo.set(`worksection.scheme:${ws.host}`, 'query');
    await memo.set(authorKey, 'left@acme.test');
    const error = await client({}, memo)
      .upload(task(ws.emptyTask), file('a.txt'))
      .then(
        () => undefined,
        (caught: unknown) => caught as AppError,
      );
    expect(error?.details.code).toBe('11');
    expect(await memo.get(authorKey)).toBeUndefined();
    const result = await client({}, memo).upload(task(ws.emptyTask), file('a.txt'));
    expect(result.attached).toBe(true);
    expect(await memo.get(authorKey)).toBe(ws.ownerEmail);
  });

  it('reads an HTTP 401 without a known code as auth', async () => {
    sandbox().faults.add({ path: 'action=get_files', status: 401, times: 10 });
    const unauthorized = await client()
      .listAttachments(task(ws.mainTask))
      .then(
        () => undefined,
        (caught: unknown) => caught as AppError,
      );
    expect(unauthorized?.kind).toBe('auth');
  });

  it('takes a vendor code over a 5xx status: no retries for a missing task', async () => {
    sandbox().faults.add({
      path: 'action=get_files',
      status: 500,
      body: JSON.stringify(errors.task),
      contentType: 'application/json',
      times: 10,
    });
    const seq = sandbox().log.lastSeq;
    const missing = await client()
      .listAttachments(task(ws.mainTask))
      .then(
        () => undefined,
        (caught: unknown) => caught as AppError,
      );
    expect(missing?.kind).toBe('not-found');
    expect(
      sandbox()
        .log.since(seq)
        .filter((entry) => entry.path.includes('action=get_files')),
    ).toHaveLength(1);
  });
});
