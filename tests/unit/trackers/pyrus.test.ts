import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import { fetchClient, type HttpClient } from '../../../lib/http/client';
import { memoryMemo } from '../../../lib/settings/memory-memo';
import { type PyrusSettings, pyrus } from '../../../lib/trackers/pyrus';
import { createApi } from '../../../lib/trackers/pyrus/api';
import { authUrlFor } from '../../../lib/trackers/pyrus/session';
import type { TaskRef } from '../../../lib/trackers/registry';
import { pyrusSandbox } from '../../sandbox/trackers/pyrus';
import { attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';
import { authAnswer, pyrusDatePattern, uploadAnswer } from './fixtures/pyrus';

const settings: PyrusSettings = { login: pyrusSandbox.login, securityKey: pyrusSandbox.securityKey, server: '' };
const task = (id: string, host = 'pyrus.com'): TaskRef => ({ tracker: 'pyrus', kind: 'task', id, host });
const client = (overrides: Partial<typeof settings> = {}) =>
  createApi({ ...settings, ...overrides }, { http: fetchClient, memo: memoryMemo() });

describeTrackerContract({
  tracker: 'pyrus',
  api: () => client(),
  apiWithWrongSecret: () => client({ securityKey: 'wrong-security-key' }),
  secrets: [pyrusSandbox.securityKey],
  target: task(pyrusSandbox.mainTask),
  targetContainer: pyrusSandbox.mainTask,
  unknownTarget: task('999999'),
  routes: { list: { path: '^/v4/tasks/\\d+$' }, upload: { path: '^/v4/files/upload' } },
  malformedListBody: { body: '{"task": {"attachments": [', contentType: 'application/json' },
});

describe('pyrus specifics', () => {
  const sandbox = useSandbox();
  const authRequests = () =>
    sandbox()
      .log.since(0)
      .filter((entry) => entry.path.endsWith('/v4/auth')).length;

  it('logs in again exactly once when the token expired', async () => {
    const api = client();
    await api.whoAmI();
    expect(authRequests()).toBe(1);
    sandbox().emulators.pyrus.expireAllTokens();
    const { attachments } = await api.listAttachments(task(pyrusSandbox.mainTask));
    expect(attachments.length).toBeGreaterThan(0);
    expect(authRequests()).toBe(2);
  });

  it('logs in afresh over a kept session it cannot read', async () => {
    const memo = memoryMemo();
    await memo.set('pyrus.session', '{"owner":');
    const api = createApi(settings, { http: fetchClient, memo });
    expect((await api.whoAmI()).name).toBeTruthy();
    expect(authRequests()).toBe(1);
  });

  it('logs in once for requests that start together', async () => {
    const api = client();
    await Promise.all([api.whoAmI(), api.listAttachments(task(pyrusSandbox.mainTask)), api.whoAmI()]);
    expect(authRequests()).toBe(1);
  });

  it('renews an expired token once for requests that meet it together', async () => {
    const api = client();
    await api.whoAmI();
    sandbox().emulators.pyrus.expireAllTokens();
    const target = task(pyrusSandbox.mainTask);
    const lists = await Promise.all([api.listAttachments(target), api.listAttachments(target), api.whoAmI()]);
    expect(lists).toHaveLength(3);
    expect(authRequests()).toBe(2);
  });

  it('reports an auth error when the renewed token is refused too', async () => {
    const api = client();
    await api.whoAmI();
    sandbox().faults.add({ host: 'api.pyrus.com', path: '^/v4/tasks/', status: 401, times: 2 });
    const error = await api.listAttachments(task(pyrusSandbox.mainTask)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('auth');
    expect(authRequests()).toBe(2);
  });

  it('talks only to the on-premise server when one is set', async () => {
    const api = client({ server: `https://${pyrusSandbox.onPremHost}` });
    const target = task(pyrusSandbox.mainTask, pyrusSandbox.onPremHost);
    const { attachments } = await api.listAttachments(target);
    const request = await api.downloadRequest(target, attachments[0] ?? expect.fail('no attachment'));
    expect(new URL(request.url).host).toBe(pyrusSandbox.onPremHost);
    const hosts = new Set(
      sandbox()
        .log.since(0)
        .map((entry) => entry.host),
    );
    expect([...hosts]).toEqual([pyrusSandbox.onPremHost]);
  });

  it('gives up a login to a server that does not answer when the caller does (a connection test)', async () => {
    // An on-premise server behind a VPN that is off: nothing comes back, ever.
    const silent: HttpClient = (request) =>
      new Promise((_resolve, reject) => {
        request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
      });
    const settings = {
      ...pyrus.initial,
      ...sandbox().emulators.pyrus.credentials(),
      server: 'https://pyrus.corp.example',
    };
    const api = createApi(settings as PyrusSettings, { http: silent, memo: memoryMemo(), minIntervalMs: 0 });
    const outcome = await Promise.race([
      api.whoAmI(AbortSignal.timeout(100)).then(
        () => 'connected',
        () => 'gave up',
      ),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000)),
    ]);
    expect(outcome).toBe('gave up');
  });

  it('authenticates under the path of an on-premise server published under one (<server>/api/v4/auth)', () => {
    const settings = (server: string) => ({ server }) as PyrusSettings;
    expect(authUrlFor(settings('https://corp.example/pyrus'))).toBe('https://corp.example/pyrus/api/v4/auth');
    expect(authUrlFor(settings('https://corp.example/pyrus/'))).toBe('https://corp.example/pyrus/api/v4/auth');
    expect(authUrlFor(settings(`https://${pyrusSandbox.onPremHost}`))).toBe(
      `https://${pyrusSandbox.onPremHost}/api/v4/auth`,
    );
  });

  it('lists form-field files, nested ones too, and leaves out removed attachments', async () => {
    const { attachments } = await client().listAttachments(task(pyrusSandbox.formTask));
    expect(attachments.map((attachment) => attachment.name).sort()).toEqual(['appendix.txt', 'invoice.pdf']);
    expect(attachments.map((attachment) => attachment.place)).toContainEqual({ kind: 'field', field: 'Appendix' });
  });

  it('detects bytes damaged on the way by the md5 Pyrus returns', async () => {
    sandbox().emulators.pyrus.corruptNextUploadHash();
    const bytes = randomBytes(1000);
    const error = await client()
      .upload(task(pyrusSandbox.mainTask), { name: 'x.bin', size: bytes.length, blob: new Blob([bytes]) })
      .catch((caught: unknown) => caught);
    expect((error as AppError).kind).toBe('hash-mismatch');
  });

  it('takes invalid_credentials for a wrong key even with a 400, as a stricter server may answer', async () => {
    sandbox().faults.add({
      host: 'accounts.pyrus.com',
      path: '^/api/v4/auth',
      status: 400,
      body: JSON.stringify({ error_code: 'invalid_credentials', error: 'Invalid login/security key' }),
      contentType: 'application/json',
    });
    const error = await client({ securityKey: 'wrong-security-key' })
      .whoAmI()
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'auth', details: { code: 'invalid_credentials', status: 400 } });
  });

  it('waits as long as X-RateLimit-Reset says when the rate limit runs out', async () => {
    const api = client();
    await api.whoAmI();
    sandbox().emulators.pyrus.limitRequests(1, 1);
    await api.whoAmI();
    const started = Date.now();
    const { attachments } = await api.listAttachments(task(pyrusSandbox.mainTask));
    expect(attachments.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(
      sandbox()
        .log.since(0)
        .filter((entry) => entry.status === 429),
    ).toHaveLength(1);
  });

  // FormData sends `"` as %22 (HTML multipart/form-data encoding) and Pyrus keeps the name as it came.
  it('finds a file whose name has a quote, as FormData sent it', async () => {
    const api = client();
    const target = task(pyrusSandbox.emptyTask);
    const name = 'a "b".pdf';
    const uploaded = await api.upload(target, { name, size: 5, blob: new Blob(['hello']) });
    await api.attach(target, [{ remoteRef: uploaded.remoteRef, name }]);
    const found = await api.findAttached(target, { name, size: 5 });
    expect(found.map((attachment) => attachment.name)).toEqual(['a %22b%22.pdf']);
  });

  it('attaches a quoted name once when the answer to its comment is lost', async () => {
    sandbox().faults.add({ path: '^/v4/tasks/\\d+/comments$', method: 'POST', cut: 'response' });
    const name = 'Договор "итог".pdf';
    const job = await attachThroughQueue(client(), task(pyrusSandbox.emptyTask), {
      name,
      size: 5,
      blob: new Blob(['hello']),
    });
    expect(sandbox().emulators.pyrus.files(pyrusSandbox.emptyTask)).toHaveLength(1);
    expect(job.state).toBe('done');
  });

  it('refuses an api_url outside Pyrus', async () => {
    sandbox().faults.add({
      host: 'accounts.pyrus.com',
      path: '^/api/v4/auth',
      status: 200,
      body: JSON.stringify({
        access_token: 't',
        api_url: 'https://evil.example/v4/',
        files_url: 'https://files.pyrus.com/',
      }),
      contentType: 'application/json',
    });
    const error = await client()
      .whoAmI()
      .catch((caught: unknown) => caught);
    expect((error as AppError).kind).toBe('wrong-server');
  });
});

describe('the Pyrus sandbox answers as the docs say', () => {
  const sandbox = useSandbox();
  const credentials = JSON.stringify({ login: pyrusSandbox.login, security_key: pyrusSandbox.securityKey });
  // Plain fetch (routed to the sandbox like every fetch here): these tests read the answers the way any client would.
  const post = (url: string, body: string) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const logIn = async (): Promise<string> => {
    const body: unknown = await (await post('https://accounts.pyrus.com/api/v4/auth', credentials)).json();
    return (body as { access_token: string }).access_token;
  };
  const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

  /** Every key path whose value is empty: "Empty fields are never returned" (pyrus.com/en/help/api/endpoints). */
  function emptyFields(value: unknown, path = ''): string[] {
    if (value === '' || value === null || (Array.isArray(value) && value.length === 0)) return [path];
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([key, entry]) => emptyFields(entry, `${path}.${key}`));
  }

  it('takes POST auth with and without a trailing slash, on every host that serves it', async () => {
    const urls = [
      'https://accounts.pyrus.com/api/v4/auth',
      'https://api.pyrus.com/v4/auth',
      `https://${pyrusSandbox.onPremHost}/api/v4/auth`,
    ];
    for (const url of urls.flatMap((url) => [url, `${url}/`])) {
      const response = await post(url, credentials);
      expect(response.status, url).toBe(200);
      expect(Object.keys((await response.json()) as object).sort()).toEqual(Object.keys(authAnswer).sort());
    }
  });

  it('answers a wrong key with 401 invalid_credentials and an empty body with empty_body', async () => {
    const wrong = JSON.stringify({ login: pyrusSandbox.login, security_key: 'wrong' });
    const refused = await post('https://accounts.pyrus.com/api/v4/auth/', wrong);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error_code: 'invalid_credentials', error: expect.any(String) });
    const empty = await post('https://accounts.pyrus.com/api/v4/auth', '');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error_code: 'empty_body' });
  });

  it('writes dates in whole seconds and leaves empty fields out', async () => {
    const token = await logIn();
    for (const id of [pyrusSandbox.mainTask, pyrusSandbox.formTask, pyrusSandbox.emptyTask]) {
      const body = (await (await get(`https://api.pyrus.com/v4/tasks/${id}`, token)).json()) as {
        task: { create_date: string; comments?: { create_date: string }[] };
      };
      expect(emptyFields(body)).toEqual([]);
      const dates = [body.task.create_date, ...(body.task.comments ?? []).map((comment) => comment.create_date)];
      for (const date of dates) expect(date).toMatch(pyrusDatePattern);
    }
    const empty = (await (await get(`https://api.pyrus.com/v4/tasks/${pyrusSandbox.emptyTask}`, token)).json()) as {
      task: object;
    };
    expect(Object.keys(empty.task)).not.toContain('comments');
    expect(Object.keys(empty.task)).not.toContain('attachments');
  });

  it('answers an upload with the documented keys', async () => {
    const token = await logIn();
    const form = new FormData();
    form.append('file', new Blob(['hello']), 'hello.txt');
    const response = await fetch('https://files.pyrus.com/v4/files/upload', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const body = (await response.json()) as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(uploadAnswer).sort());
    expect(body.md5_hash).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('counts requests in X-RateLimit headers and answers 429 too_many_requests without Retry-After', async () => {
    const token = await logIn();
    const first = await get('https://api.pyrus.com/v4/profile', token);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(590);
    sandbox().emulators.pyrus.limitRequests(1, 30);
    expect((await get('https://api.pyrus.com/v4/profile', token)).status).toBe(200);
    const over = await get('https://api.pyrus.com/v4/profile', token);
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ error_code: 'too_many_requests' });
    expect(over.headers.get('retry-after')).toBeNull();
    expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(over.headers.get('x-ratelimit-reset'))).toBeGreaterThan(25);
  });

  it('tells a forced 429 in X-RateLimit-Reset, not Retry-After', async () => {
    const token = await logIn();
    sandbox().faults.add({ host: 'api.pyrus.com', path: '^/v4/profile', status: 429, retryAfter: 2 });
    const response = await get('https://api.pyrus.com/v4/profile', token);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('x-ratelimit-reset')).toBe('2');
    expect(await response.json()).toMatchObject({ error_code: 'too_many_requests' });
  });
});
