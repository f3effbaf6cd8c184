import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../lib/errors';
import { fetchClient } from '../../../lib/http/client';
import type { PlanfixSettings } from '../../../lib/trackers/planfix';
import { createApi } from '../../../lib/trackers/planfix/api';
import type { TaskRef } from '../../../lib/trackers/registry';
import { summarizeFiles } from '../../sandbox/control';
import { planfixSandbox as pf } from '../../sandbox/trackers/planfix';
import { attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';

const settings: PlanfixSettings = {
  account: pf.account,
  apiKey: pf.apiKey,
  token: pf.token,
  apiServer: 'https://apiru.planfix.ru/xml/',
};
const client = (overrides: Partial<PlanfixSettings> = {}) =>
  createApi({ ...settings, ...overrides }, { http: fetchClient, minIntervalMs: 0 });
const task = (general: string): TaskRef => ({
  tracker: 'planfix',
  kind: 'task',
  id: general,
  account: pf.account,
  host: pf.pageHost,
});

describeTrackerContract({
  tracker: 'planfix',
  api: () => client(),
  apiWithWrongSecret: () => client({ token: 'wrong-token' }),
  secrets: [pf.apiKey, pf.token],
  target: task(pf.mainTask.general),
  targetContainer: pf.mainTask.general,
  unknownTarget: task('999'),
  routes: {
    list: { path: '^/xml/', bodyMatch: 'method="file\\.getListForTask"' },
    upload: { path: '^/xml/', bodyMatch: 'method="file\\.upload"' },
  },
  malformedListBody: {
    body: '<?xml version="1.0"?><response status="ok"><files><file>',
    contentType: 'application/xml',
  },
});

describe('planfix specifics', () => {
  const sandbox = useSandbox();
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as AppError,
    );
  const bodies = () =>
    sandbox()
      .log.since(0)
      .map((entry) => entry.path);

  it('says when the account lives on another server', async () => {
    const error = await failure(client({ apiServer: 'https://api.planfix.com/xml/' }).whoAmI());
    expect(error?.kind).toBe('wrong-server');
  });

  it('tells a wrong API key apart from nothing: both are auth errors with the tracker’s code', async () => {
    const error = await failure(client({ apiKey: 'nope' }).whoAmI());
    expect(error?.kind).toBe('auth');
    expect(error?.details.code).toBe('0001');
  });

  it('resolves the task number to the internal id for uploads', async () => {
    await client().upload(task(pf.mainTask.general), { name: 'id check.txt', size: 2, blob: new Blob(['ok']) });
    const held = sandbox()
      .emulators.planfix.files(pf.mainTask.general)
      .map((file) => file.name);
    expect(held).toContain('id check.txt');
    expect(bodies().length).toBeGreaterThanOrEqual(2);
  });

  it('pages through more than 100 files', async () => {
    const { attachments } = await client().listAttachments(task(pf.manyFilesTask.general));
    expect(attachments).toHaveLength(pf.manyFilesTask.files);
    expect(new Set(attachments.map((a) => a.name)).size).toBe(pf.manyFilesTask.files);
  });

  it('round-trips a file whose size is not a multiple of 3 through chunked base64', async () => {
    const bytes = randomBytes(3 * 256 * 1024 * 2 + 2);
    await attachThroughQueue(client(), task(pf.mainTask.general), {
      name: 'odd.bin',
      size: bytes.length,
      blob: new Blob([bytes]),
    });
    const stored = (await summarizeFiles(sandbox(), 'planfix', pf.mainTask.general)).filter(
      (f) => f.name === 'odd.bin',
    );
    expect(stored.map((f) => f.sha256)).toEqual([createHash('sha256').update(bytes).digest('hex')]);
  });

  it('refuses a taken name as a conflict, and sends the file as a new version when asked to', async () => {
    const api = client();
    const target = task(pf.mainTask.general);
    const file = { name: 'report.txt', size: 3, blob: new Blob(['new']) };
    await expect(api.upload(target, file)).rejects.toMatchObject({ kind: 'conflict', details: { code: '9006' } });
    await api.upload(target, file, { asNewVersion: true });
    const copies = sandbox()
      .emulators.planfix.files(pf.mainTask.general)
      .filter((file) => file.name === 'report.txt');
    expect(copies).toHaveLength(3);
    const errors = sandbox()
      .log.since(0)
      .filter((entry) => entry.status === 200);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it('lists project files', async () => {
    const project: TaskRef = {
      tracker: 'planfix',
      kind: 'project',
      id: pf.project,
      account: pf.account,
      host: pf.pageHost,
    };
    const { attachments } = await client().listAttachments(project);
    expect(attachments.map((a) => [a.name, a.place.kind])).toEqual([['Устав проекта.docx', 'project']]);
  });
});
