import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors';
import { fetchClient } from '../../../lib/http/client';
import { memoryMemo } from '../../../lib/settings/memory-memo';
import type { PyrusSettings } from '../../../lib/trackers/pyrus';
import { createApi } from '../../../lib/trackers/pyrus/api';
import type { TaskRef } from '../../../lib/trackers/registry';
import { pyrusSandbox } from '../../sandbox/trackers/pyrus';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';

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
