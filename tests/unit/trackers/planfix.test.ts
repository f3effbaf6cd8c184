import { createHash, randomBytes } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { connectionFailureText } from '../../../components/connection-text';
import { AppError } from '../../../lib/errors';
import { fetchClient, type HttpClient } from '../../../lib/http/client';
import { openDownload } from '../../../lib/http/open-download';
import { memoryMemo } from '../../../lib/settings/memory-memo';
import type { PlanfixSettings } from '../../../lib/trackers/planfix';
import { readAnswer } from '../../../lib/trackers/planfix/answer';
import { createApi } from '../../../lib/trackers/planfix/api';
import { isoDate, parseProjectFiles, parseTaskFiles } from '../../../lib/trackers/planfix/parse';
import { parseXmlResponse } from '../../../lib/trackers/planfix/xml';
import { type TaskRef, trackerOf } from '../../../lib/trackers/registry';
import { type KeyValueMemo, nameHeldInTask } from '../../../lib/trackers/types';
import { summarizeFiles } from '../../sandbox/control';
import { planfixSandbox as pf } from '../../sandbox/trackers/planfix';
import { attachThroughQueue } from '../../support/attach-through-queue';
import { useSandbox } from '../../support/use-sandbox';
import { describeTrackerContract } from './contract';
import { actionList, authLogin, sessionExpired, taskFileList } from './fixtures/planfix';

const settings: PlanfixSettings = {
  account: pf.account,
  apiKey: pf.apiKey,
  signIn: 'token',
  token: pf.token,
  login: '',
  password: '',
  apiServer: 'https://apiru.planfix.ru/xml/',
};
/** `Sign in with`: login and password (auth.login, then `<sid>`). */
const loginMode: Partial<PlanfixSettings> = { signIn: 'login', token: '', login: pf.login, password: pf.password };
const client = (overrides: Partial<PlanfixSettings> = {}, memo?: KeyValueMemo) =>
  createApi({ ...settings, ...overrides }, { http: fetchClient, minIntervalMs: 0, memo });
const task = (general: string): TaskRef => ({
  tracker: 'planfix',
  kind: 'task',
  id: general,
  account: pf.account,
  host: pf.pageHost,
});

/** The contract's setup that does not depend on how the client signs in. */
const contractTarget = {
  tracker: 'planfix' as const,
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
};

describeTrackerContract({
  ...contractTarget,
  api: () => client(),
  apiWithWrongSecret: () => client({ token: 'wrong-token' }),
  secrets: [pf.apiKey, pf.token],
});

describe('login and password mode', () => {
  describeTrackerContract({
    ...contractTarget,
    api: () => client(loginMode),
    apiWithWrongSecret: () => client({ ...loginMode, password: 'wrong-password' }),
    secrets: [pf.apiKey, pf.password],
  });
});

describe('the documented answers, parsed by the client', () => {
  it('places each file version by the actions that carry its file id, and reads both DateTime forms', () => {
    const files = parseXmlResponse(taskFileList).root.files;
    const actions = parseXmlResponse(actionList).root.actions;
    const attachments = parseTaskFiles([files], [actions]);
    expect(attachments.map((a) => [a.id, a.name, a.size, a.place.kind, a.createdAt, a.author])).toEqual([
      ['5000', 'brief.pdf', 12 * 1024, 'task', '2026-01-10T09:00:00', 'Anna Petrova'],
      ['5001', 'contract.docx', 30 * 1024, 'comment', '2026-01-12', 'Ivan Sidorov'],
      ['5003', 'contract.docx', 31 * 1024, 'comment', '2026-01-13T09:30:00', 'Anna Petrova'],
      ['5002', 'notes.txt', 1024, 'comment', '2026-01-12T10:01:00', 'Ivan Sidorov'],
    ]);
    const comments = Object.fromEntries(
      attachments.map((a) => [a.id, a.place.kind === 'comment' ? [a.place.commentId, a.place.date] : []]),
    );
    expect(comments).toEqual({
      '5000': [],
      '5001': ['7001', '2026-01-12T10:01:00'],
      '5003': ['7002', '2026-01-13T09:30:00'],
      '5002': ['7001', '2026-01-12T10:01:00'],
    });
    expect(attachments.every((a) => a.sizeExact === false)).toBe(true);
  });

  it('reads DateTime as documented, and nothing else', () => {
    expect(isoDate('05-02-2026')).toBe('2026-02-05');
    expect(isoDate('05-02-2026 17:45')).toBe('2026-02-05T17:45:00');
    expect(isoDate('05-02-2026 17:45:09')).toBe('2026-02-05T17:45:09');
    expect(isoDate('2026-02-05')).toBeUndefined();
    expect(isoDate('')).toBeUndefined();
  });

  it('takes the session key from auth.login and reads an expired session as 0005', async () => {
    expect(parseXmlResponse(authLogin).root.sid).toBe('2d7a4b1c9e0f3a5b6c7d8e9f0a1b2c3d');
    const error = await readAnswer(new Response(sessionExpired, { status: 200 })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).toJSON()).toMatchObject({ kind: 'auth', details: { code: '0005' } });
  });
});

describe('the sandbox answers as PlanFix documents', () => {
  const sandbox = useSandbox();
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });
  const call = async (
    method: string,
    inner: string,
    {
      password = pf.token as string,
      key = pf.apiKey as string,
      account = pf.account as string,
      host = 'apiru.planfix.ru',
    }: { password?: string; key?: string; account?: string; host?: string } = {},
  ) => {
    const response = await fetch(`https://${host}/xml/`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${key}:${password}`).toString('base64')}`,
        'content-type': 'application/xml',
      },
      body: `<?xml version="1.0" encoding="UTF-8"?><request method="${method}"><account>${account}</account>${inner}</request>`,
      redirect: 'manual',
    });
    const text = await response.text();
    const parsed: unknown = text ? parser.parse(text) : undefined;
    const body = (parsed as { response?: Record<string, unknown> } | undefined)?.response ?? {};
    return { status: response.status, headers: response.headers, body };
  };
  const logIn = async () => {
    const { body } = await call('auth.login', `<login>${pf.login}</login><password>${pf.password}</password>`, {
      password: '',
    });
    return String(body.sid);
  };

  it('auth.login gives a 32-character session key that later requests carry in <sid> with an empty password', async () => {
    const sid = await logIn();
    expect(sid).toMatch(/^[0-9a-f]{32}$/);
    const user = await call('user.get', `<sid>${sid}</sid>`, { password: '' });
    expect(user.body['@_status']).toBe('ok');
    expect(user.body.user).toMatchObject({ name: 'Anna', lastName: 'Petrova' });
    expect((await call('user.get', '', { password: '' })).body.code).toBe('0012');
    const wrong = await call('auth.login', `<login>${pf.login}</login><password>nope</password>`, { password: '' });
    expect(wrong.body).toMatchObject({ '@_status': 'error', code: '1001' });
    sandbox().emulators.planfix.expireSessions();
    expect((await call('user.get', `<sid>${sid}</sid>`, { password: '' })).body.code).toBe('0005');
  });

  it('answers the documented error codes', async () => {
    expect((await call('user.get', '', { key: 'wrong-key' })).body.code).toBe('0001');
    expect((await call('user.get', '', { account: 'nobody' })).body.code).toBe('0004');
    expect((await call('user.get', '', { password: 'wrong-token' })).body.code).toBe('0012');
    expect((await call('user.frobnicate', '')).body.code).toBe('0008');
    expect((await call('user.get', '<unclosed>')).body.code).toBe('0003');
    expect((await call('user.get', '', { host: 'api.planfix.com' })).body.code).toBe('0024');
    const missing = await call('file.download', '<file><uniqueId>1</uniqueId></file>');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ '@_status': 'error', code: '9002' });
  });

  it('answers file.download’s refusals with 403 and the XML error, never with a 200 a download would save', async () => {
    const file = '<file><uniqueId>1</uniqueId></file>';
    const refused = [
      await call('file.download', file, { key: 'wrong-key' }),
      await call('file.download', file, { password: 'wrong-token' }),
      await call('file.download', `<sid>${await logIn()}</sid>${file}`, { password: '', host: 'api.planfix.com' }),
    ];
    expect(refused.map(({ status, body }) => [status, body.code])).toEqual([
      [403, '0001'],
      [403, '0012'],
      [403, '0024'],
    ]);
    sandbox().emulators.planfix.setRequestsLeft(0);
    const spent = await call('file.download', file);
    expect([spent.status, spent.body.code]).toEqual([403, '0007']);
  });

  it('tells the requests left today in X-RateLimit-Remaining, and answers 0007 once they are spent', async () => {
    const first = Number((await call('user.get', '')).headers.get('x-ratelimit-remaining'));
    const second = Number((await call('user.get', '')).headers.get('x-ratelimit-remaining'));
    expect(second).toBe(first - 1);
    sandbox().emulators.planfix.setRequestsLeft(0);
    expect((await call('user.get', '')).body.code).toBe('0007');
  });

  it('refuses a name taken anywhere in the project (9006) with the id and name of the file holding it', async () => {
    // Seed 004: "Параметры id и name присутствуют при code=9006 (имя файла совпадает с именем уже существующего в
    // данном проекте), и в них содержится имя и идентификатор существующего файла".
    const held = await call('file.getListForTask', `<task><general>${pf.mainTask.general}</general></task>`);
    const files = (held.body.files as { file: Record<string, unknown>[] }).file;
    const report = files.find((file) => file.name === 'report.txt');
    const upload = `<task><id>${pf.emptyTask.id}</id></task><files><file><name>report.txt</name><sourceType>FILESYSTEM</sourceType><body>bmV3</body></file></files>`;
    const { body } = await call('file.upload', upload);
    expect(body).toMatchObject({ '@_status': 'error', code: '9006', id: report?.id, name: 'report.txt' });
  });

  it('lists an action’s files by id and name only, newest action first unless asked', async () => {
    const actionsOf = async (sort: string) => {
      const inner = `<task><general>${pf.mainTask.general}</general></task>${sort}`;
      const { body } = await call('action.getList', inner);
      const holder = body.actions as { action: Record<string, unknown>[] };
      return holder.action;
    };
    const newestFirst = await actionsOf('');
    const oldestFirst = await actionsOf('<sort>asc</sort>');
    expect(newestFirst.map((action) => action.id)).toEqual([...oldestFirst.map((action) => action.id)].reverse());
    const files = (oldestFirst[0]?.files as { file: Record<string, unknown>[] } | undefined)?.file ?? [];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(Object.keys(file).sort()).toEqual(['id', 'name']);
    expect((await call('action.getList', '<task><general>501</general></task><sort>up</sort>')).body.code).toBe('0015');
  });
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

  it('stops a list whose pages never end with a clear error, not paging for good', async () => {
    const repeated =
      '<?xml version="1.0"?><response status="ok"><files count="1" totalCount="500"><file><id>1</id>' +
      '<uniqueId>11</uniqueId><name>a.txt</name><size>1</size></file></files></response>';
    const listRoute = { path: '^/xml/', bodyMatch: 'method="file\\.getListForTask"', status: 200 };
    sandbox().faults.add({ ...listRoute, body: repeated, contentType: 'application/xml', times: 50 });
    const error = await failure(client().listAttachments(task(pf.mainTask.general)));
    expect(error?.toJSON()).toMatchObject({ kind: 'unexpected', details: { tracker: 'planfix' } });
    // The second page brought nothing new: two pages asked, not fifty.
    expect(sandbox().faults.list()[0]?.remaining).toBe(48);
  });

  it('reads on past a full page whose totalCount is too low', async () => {
    const firstPage = await fetch('https://apiru.planfix.ru/xml/', {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${pf.apiKey}:${pf.token}`).toString('base64')}` },
      body:
        `<?xml version="1.0" encoding="UTF-8"?><request method="file.getListForTask"><account>${pf.account}</account>` +
        `<task><general>${pf.manyFilesTask.general}</general></task><pageCurrent>1</pageCurrent><pageSize>100</pageSize></request>`,
    }).then((response) => response.text());
    const tooLow = firstPage.replace(`totalCount="${pf.manyFilesTask.files}"`, 'totalCount="100"');
    expect(tooLow).not.toBe(firstPage);
    const listRoute = { path: '^/xml/', bodyMatch: 'method="file\\.getListForTask"', status: 200 };
    sandbox().faults.add({ ...listRoute, body: tooLow, contentType: 'application/xml' });
    const { attachments } = await client().listAttachments(task(pf.manyFilesTask.general));
    expect(attachments).toHaveLength(pf.manyFilesTask.files);
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

  it('says whether a taken name (9006, project-wide) is held by a file of the task itself', async () => {
    const api = client();
    const file = { name: 'report.txt', size: 3, blob: new Blob(['new']) };
    await expect(api.upload(task(pf.mainTask.general), file)).rejects.toMatchObject({
      kind: 'conflict',
      details: { code: '9006', detail: nameHeldInTask },
    });
    const elsewhere = await failure(api.upload(task(pf.emptyTask.general), file));
    expect(elsewhere?.toJSON()).toMatchObject({ kind: 'conflict', details: { code: '9006' } });
    expect(elsewhere?.details.detail).toBeUndefined();
  });

  it('queue: a name held by a file of the task goes as its new version, as the PlanFix UI does', async () => {
    const reports = async () =>
      (await summarizeFiles(sandbox(), 'planfix', pf.mainTask.general)).filter((f) => f.name === 'report.txt');
    const before = await reports();
    const job = await attachThroughQueue(client(), task(pf.mainTask.general), {
      name: 'report.txt',
      size: 3,
      blob: new Blob(['new']),
    });
    expect([job.state, job.name, job.asNewVersion]).toEqual(['done', 'report.txt', true]);
    expect(await reports()).toHaveLength(before.length + 1);
  });

  it('queue: a name held by another task’s file is left alone, and the file goes under a name of its own', async () => {
    const main = async () => summarizeFiles(sandbox(), 'planfix', pf.mainTask.general);
    const before = await main();
    const job = await attachThroughQueue(client(), task(pf.emptyTask.general), {
      name: 'report.txt',
      size: 3,
      blob: new Blob(['new']),
    });
    const stored = await summarizeFiles(sandbox(), 'planfix', pf.emptyTask.general);
    expect(stored.map((f) => [f.name, f.sha256])).toEqual([
      ['report (2).txt', createHash('sha256').update('new').digest('hex')],
    ]);
    expect([job.state, job.name, job.asNewVersion]).toEqual(['done', 'report (2).txt', undefined]);
    expect(await main()).toEqual(before);
    const versions = (await client().listAttachments(task(pf.mainTask.general))).attachments;
    expect(versions.filter((a) => a.name === 'report.txt')).toHaveLength(2);
  });

  it('sends a name trimmed, as the list is read, so a name with spaces around it is found again', async () => {
    const sent: string[] = [];
    const http: HttpClient = async (request) => {
      if (request.body instanceof Blob) sent.push(await request.body.slice(0, 2000).text());
      return fetchClient(request);
    };
    const api = createApi(settings, { http, minIntervalMs: 0 });
    const target = task(pf.emptyTask.general);
    const file = { name: ' notes .txt ', size: 5, blob: new Blob(['hello']) };
    await api.upload(target, file);
    expect(sent.map((body) => /<name>(.*?)<\/name>/.exec(body)?.[1])).toEqual(['notes .txt']);
    expect((await api.findAttached(target, file)).map((a) => a.name)).toEqual(['notes .txt']);
  });

  it('queue: a name with spaces around it whose answer was lost is settled as landed, not sent again', async () => {
    sandbox().faults.add({ path: '^/xml/', bodyMatch: 'method="file\\.upload"', method: 'POST', cut: 'response' });
    const job = await attachThroughQueue(client(), task(pf.emptyTask.general), {
      name: 'Акт сверки.pdf ',
      size: 5,
      blob: new Blob(['hello']),
    });
    const stored = sandbox().emulators.planfix.files(pf.emptyTask.general);
    expect(stored.map((f) => f.name)).toEqual(['Акт сверки.pdf']);
    expect(job.state).toBe('done');
  }, 90_000);

  it('lists project files', async () => {
    const project: TaskRef = {
      tracker: 'planfix',
      kind: 'project',
      id: pf.project,
      account: pf.account,
      host: pf.pageHost,
    };
    const api = client();
    const { attachments } = await api.listAttachments(project);
    expect(attachments.map((a) => [a.name, a.place.kind])).toEqual([['Устав проекта.docx', 'project']]);
    // The project's list names a file by the id its versions share (no uniqueId): file.download takes that too.
    const [charter] = attachments;
    if (!charter) throw new Error('no project file');
    const request = await api.downloadRequest(project, charter, 'fetch');
    const body = await openDownload('planfix', request, charter.name, AbortSignal.timeout(10_000));
    expect((await new Response(body).arrayBuffer()).byteLength).toBe(3000);
  });

  it('lists a project file named only by its shared id once, as its newest version', () => {
    const page = {
      file: [
        { id: '31', name: 'plan.xlsx', version: 1, size: 2 },
        { id: '31', name: 'plan.xlsx', version: 2, size: 5 },
        { id: '32', uniqueId: '900', name: 'memo.txt', version: 1, size: 1 },
      ],
    };
    expect(parseProjectFiles([page]).map((file) => [file.id, file.name, file.size])).toEqual([
      ['900', 'memo.txt', 1024],
      ['file-31@2', 'plan.xlsx', 5 * 1024],
    ]);
  });

  it('places each version of a file by the actions that carry its id', async () => {
    const api = client();
    const target = task(pf.mainTask.general);
    const places = async () =>
      (await api.listAttachments(target)).attachments
        .filter((a) => a.name === 'report.txt')
        .map((a) => (a.place.kind === 'comment' ? a.place.author : a.place.kind));
    // Seeded: version 1 in the task itself, version 2 in Ivan's comment.
    expect(await places()).toEqual(['task', 'Ivan Sidorov']);
    await api.upload(target, { name: 'report.txt', size: 3, blob: new Blob(['v3!']) }, { asNewVersion: true });
    expect(await places()).toEqual(['task', 'Ivan Sidorov', 'TrackerDrop']);
  });

  it('reads PlanFix’s code before the HTTP status', async () => {
    const forbidden = '<?xml version="1.0"?><response status="error"><code>0104</code></response>';
    sandbox().faults.add({
      path: '^/xml/',
      bodyMatch: 'method="task\\.get"',
      status: 500,
      body: forbidden,
      contentType: 'application/xml',
      times: 10,
    });
    const error = await failure(client().listAttachments(task(pf.mainTask.general)));
    expect(error?.toJSON()).toMatchObject({ kind: 'forbidden', details: { code: '0104', status: 500 } });
  });

  it('keeps a code it does not know as unexpected, with the code', async () => {
    const body = '<?xml version="1.0"?><response status="error"><code>0009</code></response>';
    sandbox().faults.add({ path: '^/xml/', status: 200, body, contentType: 'application/xml' });
    const error = await failure(client().whoAmI());
    expect(error?.toJSON()).toMatchObject({ kind: 'unexpected', details: { code: '0009' } });
  });

  it('names an unknown account as not found (0004)', async () => {
    const error = await failure(client({ account: 'nobody' }).whoAmI());
    expect(error?.toJSON()).toMatchObject({ kind: 'not-found', details: { code: '0004' } });
  });

  it('does not retry the daily limit (0007) within a call', async () => {
    sandbox().emulators.planfix.setRequestsLeft(0);
    const seq = sandbox().log.lastSeq;
    const error = await failure(client().whoAmI());
    expect(error?.toJSON()).toMatchObject({ kind: 'rate-limited', details: { code: '0007', retryAfterMs: 3_600_000 } });
    expect(sandbox().log.since(seq)).toHaveLength(1);
  });

  it('does not send an upload again on the daily limit (0007): each try would be the whole file', async () => {
    const api = client();
    // Only the task's lookup is left today; the upload is refused.
    sandbox().emulators.planfix.setRequestsLeft(1);
    const seq = sandbox().log.lastSeq;
    const stop = new AbortController();
    const file = { name: 'daily.txt', size: 2, blob: new Blob(['ok']) };
    const outcome = await Promise.race([
      api.upload(task(pf.mainTask.general), file, { signal: stop.signal }).then(
        () => 'uploaded',
        (error: unknown) => error,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still trying after 5 s'), 5000)),
    ]);
    stop.abort();
    expect(outcome).toMatchObject({ kind: 'rate-limited', details: { code: '0007' } });
    expect(sandbox().log.since(seq)).toHaveLength(2);
  });

  it('never signs in by login in token mode', async () => {
    await client().listAttachments(task(pf.mainTask.general));
    expect(sandbox().emulators.planfix.logins()).toBe(0);
  });

  it('login mode: one sign-in for requests that start together, kept in the memo for the next client', async () => {
    const memo = memoryMemo();
    const api = client(loginMode, memo);
    await Promise.all([api.whoAmI(), api.listAttachments(task(pf.mainTask.general)), api.whoAmI()]);
    expect(sandbox().emulators.planfix.logins()).toBe(1);
    await client(loginMode, memo).whoAmI();
    expect(sandbox().emulators.planfix.logins()).toBe(1);
    // Other credentials (another server, another login) never take that session.
    await client({ ...loginMode, apiServer: 'https://api.planfix.ru/xml/' }, memo).whoAmI();
    expect(sandbox().emulators.planfix.logins()).toBe(2);
  });

  it('login mode: an expired session (0005) is renewed once, and the requests that met it are sent again', async () => {
    const api = client(loginMode);
    await api.whoAmI();
    sandbox().emulators.planfix.expireSessions();
    const target = task(pf.mainTask.general);
    const [identity, listed] = await Promise.all([api.whoAmI(), api.listAttachments(target)]);
    expect(identity.name).toBe('Anna Petrova');
    expect(listed.attachments.length).toBeGreaterThan(0);
    expect(sandbox().emulators.planfix.logins()).toBe(2);
    sandbox().emulators.planfix.expireSessions();
    await api.upload(target, { name: 'after expiry.txt', size: 2, blob: new Blob(['ok']) });
    expect(sandbox().emulators.planfix.logins()).toBe(3);
    const stored = sandbox()
      .emulators.planfix.files(pf.mainTask.general)
      .filter((file) => file.name === 'after expiry.txt');
    expect(stored).toHaveLength(1);
  });

  it('never sends the key to the host file.download redirects to: the download gets the link alone', async () => {
    const api = client();
    const [attachment] = (await api.listAttachments(task(pf.mainTask.general))).attachments;
    const seq = sandbox().log.lastSeq;
    const request = await api.downloadRequest(task(pf.mainTask.general), attachment ?? expect.fail('no attachment'));
    expect(new URL(request.url).host).toBe(pf.pageHost);
    expect([request.method, request.headers, request.body]).toEqual([undefined, [], undefined]);
    const response = await fetchClient({ url: request.url });
    expect(response.status).toBe(200);
    const fileHost = sandbox()
      .log.since(seq)
      .filter((entry) => entry.host === pf.pageHost);
    expect(fileHost.length).toBeGreaterThanOrEqual(2);
    for (const entry of fileHost) expect(entry.headers.authorization).toBeUndefined();
  });

  it('a request for fetch (a ZIP entry, a copy) is the API call itself: fetch follows it without the key', async () => {
    const api = client();
    const [attachment] = (await api.listAttachments(task(pf.mainTask.general))).attachments;
    if (!attachment) throw new Error('no attachment');
    const seq = sandbox().log.lastSeq;
    const request = await api.downloadRequest(task(pf.mainTask.general), attachment, 'fetch');
    expect([request.url, request.method]).toEqual([settings.apiServer, 'POST']);
    // Nothing asked yet: the link is asked for when the file is read, however long a ZIP's earlier entries take.
    expect(sandbox().log.since(seq)).toEqual([]);
    const body = await openDownload('planfix', request, attachment.name, AbortSignal.timeout(10_000));
    expect((await new Response(body).arrayBuffer()).byteLength).toBeGreaterThan(0);
    const fileHost = sandbox()
      .log.since(seq)
      .filter((entry) => entry.host === pf.pageHost);
    expect(fileHost).toHaveLength(1);
    expect(fileHost[0]?.headers.authorization).toBeUndefined();
  });

  it('login mode: the link is asked for with the session key and the API key with an empty password', async () => {
    const api = client({ ...loginMode, token: 'left-from-token-mode' });
    const [attachment] = (await api.listAttachments(task(pf.mainTask.general))).attachments;
    if (!attachment) throw new Error('no attachment to download');
    sandbox().emulators.planfix.expireSessions();
    const seq = sandbox().log.lastSeq;
    const request = await api.downloadRequest(task(pf.mainTask.general), attachment);
    expect(request.headers).toEqual([]);
    expect((await fetchClient({ url: request.url })).status).toBe(200);
    // The expired session met with 403 and 0005, one new sign-in, and the link asked for again.
    expect(sandbox().emulators.planfix.logins()).toBe(2);
    const asked = sandbox()
      .log.since(seq)
      .filter((entry) => entry.host === 'apiru.planfix.ru');
    expect(asked.map((entry) => entry.status)).toEqual([403, 200, 302]);
    for (const entry of asked) {
      const credentials = Buffer.from((entry.headers.authorization ?? '').replace(/^Basic /, ''), 'base64');
      expect(credentials.toString()).toBe(`${pf.apiKey}:`);
    }
  });

  it('login mode: a wrong password is worded as such', async () => {
    const error = await failure(client({ ...loginMode, password: 'wrong' }).whoAmI());
    expect(error?.toJSON()).toMatchObject({ kind: 'auth', details: { code: '1001' } });
    expect(connectionFailureText(trackerOf('planfix'), error?.toJSON() ?? { kind: 'auth', details: {} })).toBe(
      'Wrong login or password: PlanFix refused them.',
    );
    const wrongKey = await failure(client({ apiKey: 'nope' }).whoAmI());
    expect(connectionFailureText(trackerOf('planfix'), wrongKey?.toJSON() ?? { kind: 'auth', details: {} })).toBe(
      'Wrong API key or token: PlanFix refused them.',
    );
  });

  it('an account on the free plan is told that the API needs a paid plan', async () => {
    sandbox().emulators.planfix.setFreePlan(true);
    const error = await failure(client().whoAmI());
    expect(error?.toJSON()).toMatchObject({ kind: 'forbidden', details: { code: '0022' } });
    expect(connectionFailureText(trackerOf('planfix'), error?.toJSON() ?? { kind: 'forbidden', details: {} })).toBe(
      'PlanFix opens its API to paid plans only: this account has no API access on its plan.',
    );
  });
});
