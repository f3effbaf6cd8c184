import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../lib/errors';
import { fetchClient } from '../../../lib/http/client';
import { memoryMemo } from '../../../lib/settings/memory-memo';
import type { TaskRef } from '../../../lib/trackers/registry';
import type { KeyValueMemo } from '../../../lib/trackers/types';
import type { WorksectionSettings } from '../../../lib/trackers/worksection';
import { createApi } from '../../../lib/trackers/worksection/api';
import { worksectionSandbox as ws } from '../../sandbox/trackers/worksection';
import { attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';

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
