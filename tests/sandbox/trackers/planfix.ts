import { randomBytes } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { contentSize } from '../content';
import { type Ctx, contentDisposition } from '../context';
import type { TrackerEmulator } from '../emulator';
import { FileStore, type StoredFile } from '../file-store';
import { trackerPage } from '../pages';
import { seedTaskFiles } from '../seed-files';
import { readXmlRequest } from './planfix/xml-request';

export const planfixSandbox = {
  account: 'acme',
  pageHost: 'acme.planfix.ru',
  apiKey: 'pf-api-key-5d2a91',
  token: 'pf-token-c0ffee77',
  /** Login mode (`auth.login`): the same user, Anna Petrova, by login and password. */
  login: 'anna',
  password: 'pf-password-7e11aa',
  /** Where the account lives; the other XML servers answer 0024. */
  homeServers: ['apiru.planfix.ru', 'api.planfix.ru'],
  otherServers: ['api.planfix.com', 'api-sg.planfix.com', 'api-us.planfix.com'],
  project: '12',
  mainTask: { general: '501', id: '90501' },
  emptyTask: { general: '502', id: '90502' },
  /** A task with more files than one page of a list holds. */
  manyFilesTask: { general: '503', id: '90503', files: 130 },
  maxFileSize: 512 * 1024 * 1024,
  /** Requests a day on the smallest paid plan (Introduction: 20/50/100 thousand by plan). */
  dailyRequests: 20_000,
} as const;

/** Session keys are valid for one hour (https://planfix.com/help/Planfix_API:_Authentication_using_username_and_password). */
const sessionLifetimeMs = 60 * 60 * 1000;

/** What tests can do to the PlanFix sandbox beyond any tracker's: let time pass for sessions, spend the day's limit. */
export interface PlanfixControls {
  /** Every session key issued so far is now past its hour (as if an hour passed). */
  expireSessions(): void;
  /** How many times auth.login gave a session key since the last reset. */
  logins(): number;
  /** Requests left today; at 0 every call answers 0007. */
  setRequestsLeft(count: number): void;
  /** The account moves to the free plan, where every call with valid keys answers 0022. */
  setFreePlan(free: boolean): void;
}

interface Action {
  id: string;
  taskId: string;
  description: string;
  author: string;
  date: string;
}

interface Task {
  id: string;
  general: string;
  title: string;
}

type Xml = Record<string, unknown>;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });
const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8"?>\n';

function errorXml(code: string, extra: Xml = {}): string {
  return xmlDeclaration + builder.build({ response: { '@_status': 'error', code, ...extra } });
}

function record(value: unknown): Xml {
  return typeof value === 'object' && value !== null ? (value as Xml) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** `10-01-2026 09:00`, the XML API's date format. */
function planfixDate(iso: string): string {
  const [date = '', time = ''] = iso.split('T');
  const [year, month, day] = date.split('-');
  return `${day}-${month}-${year} ${time.slice(0, 5)}`;
}

/** `apiKey:password` of a Basic header; the password is the token, or empty in login mode. */
function basicCredentials(header: string | undefined): { key: string; password: string } | undefined {
  const encoded = /^Basic (.+)$/.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { key: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * PlanFix XML API (planfix.md, seed 004): token or login-and-password auth, data centres, files in KB, base64
 * uploads. Error codes: https://planfix.com/help/Error_codes_XML_API_v1 (the ru page adds the per-object codes).
 */
export function createPlanfixEmulator(): TrackerEmulator & PlanfixControls {
  const store = new FileStore(40_001);
  const meta = new Map<string, { fileId: string; version: number; actionId?: string }>();
  const tasks = new Map<string, Task>();
  const actions: Action[] = [];
  const downloads = new Map<string, { uniqueId: string; expiresAt: number }>();
  const sessions = new Map<string, { expiresAt: number }>();
  let actionSeq = 7000;
  let fileSeq = 100;
  let logins = 0;
  let requestsLeft: number = planfixSandbox.dailyRequests;
  let freePlan = false;

  /**
   * Every API answer tells the approximate requests left today in `X-RateLimit-Remaining`
   * (https://planfix.com/help/Introduction, "Limitations on requests").
   */
  const answer = (ctx: Ctx, status: number, body: string, headers: Record<string, string> = {}): void =>
    ctx.send(status, body, {
      'content-type': 'application/xml; charset=utf-8',
      'x-ratelimit-remaining': String(Math.max(0, requestsLeft)),
      ...headers,
    });
  const xmlReply = (ctx: Ctx, response: Xml): void =>
    answer(ctx, 200, xmlDeclaration + builder.build({ response: { '@_status': 'ok', ...response } }));
  const fail = (ctx: Ctx, code: string, extra: Xml = {}, status = 200): void =>
    answer(ctx, status, errorXml(code, extra));

  const taskContainer = (task: Task): string => task.general;

  const addAction = (task: Task, author: string, description: string): Action => {
    const action: Action = {
      id: String(++actionSeq),
      taskId: task.id,
      description,
      author,
      date: new Date(Date.UTC(2026, 0, 12, 10, actionSeq % 60)).toISOString(),
    };
    actions.push(action);
    return action;
  };

  /** Adds a file, or a new version of the same-named file in the project when `asVersion`. */
  const addFile = (
    container: string,
    name: string,
    content: StoredFile['content'],
    place: string,
    author: string,
    actionId?: string,
  ) => {
    const previous = [...meta.entries()]
      .map(([uniqueId, info]) => ({ file: store.get(uniqueId), info }))
      .filter(({ file }) => file?.name === name)
      .at(-1);
    const stored = store.add(container, name, content, place, author);
    meta.set(stored.id, {
      fileId: previous?.info.fileId ?? String(++fileSeq),
      version: (previous?.info.version ?? 0) + 1,
      actionId,
    });
    return stored;
  };

  const reset = (): void => {
    store.clear();
    meta.clear();
    tasks.clear();
    actions.length = 0;
    downloads.clear();
    sessions.clear();
    actionSeq = 7000;
    fileSeq = 100;
    logins = 0;
    requestsLeft = planfixSandbox.dailyRequests;
    freePlan = false;
    const main: Task = { ...planfixSandbox.mainTask, title: 'Согласовать договор' };
    tasks.set(main.id, main);
    const seed = seedTaskFiles('planfix');
    for (const file of seed.body) addFile(main.general, file.name, file.content, 'task', 'Анна Петрова');
    for (const [index, group] of seed.comments.entries()) {
      const action = addAction(main, index === 0 ? 'Ivan Sidorov' : 'Анна Петрова', `Comment ${index + 1}`);
      for (const file of group)
        addFile(main.general, file.name, file.content, `comment:${action.id}`, action.author, action.id);
    }
    tasks.set(planfixSandbox.emptyTask.id, { ...planfixSandbox.emptyTask, title: 'Empty task' });
    const many: Task = {
      id: planfixSandbox.manyFilesTask.id,
      general: planfixSandbox.manyFilesTask.general,
      title: 'Много файлов',
    };
    tasks.set(many.id, many);
    for (let index = 1; index <= planfixSandbox.manyFilesTask.files; index++) {
      const name = `scan ${String(index).padStart(3, '0')}.txt`;
      addFile(many.general, name, { kind: 'bytes', bytes: Buffer.from(`page ${index}\n`) }, 'task', 'Ivan Sidorov');
    }
    addFile(
      `project:${planfixSandbox.project}`,
      'Устав проекта.docx',
      { kind: 'generated', seed: 'pf-charter', size: 3000 },
      'project',
      'Анна Петрова',
    );
  };
  reset();

  const fileXml = (file: StoredFile, task?: Task): Xml => {
    const info = meta.get(file.id);
    return {
      id: info?.fileId,
      uniqueId: file.id,
      name: file.name,
      version: info?.version,
      description: '',
      date: planfixDate(file.createdAt),
      sourceType: 'FILESYSTEM',
      size: Math.ceil(contentSize(file.content) / 1024),
      task: { id: task?.id ?? '', title: task?.title ?? '' },
      project: { id: planfixSandbox.project, title: 'Поставки' },
      user: { id: 7, name: file.author },
      downloadLink: `https://${planfixSandbox.pageHost}/?action=getfile&uniqueid=${file.id}`,
    };
  };

  const findTask = (request: Xml): Task | undefined => {
    const ref = record(request.task);
    const id = text(ref.id);
    const general = text(ref.general);
    return [...tasks.values()].find((task) => (id && task.id === id) || (general && task.general === general));
  };

  /** 1-based pages of at most 100 items, as every XML list method pages. */
  const page = <T>(request: Xml, items: T[]): T[] => {
    const size = Math.min(Math.max(Number(text(request.pageSize) ?? 100) || 100, 1), 100);
    const current = Math.max(Number(text(request.pageCurrent) ?? 1) || 1, 1);
    return items.slice((current - 1) * size, current * size);
  };

  /** file.upload (seed 004); only `FILESYSTEM` sources are emulated, the only kind the product sends. */
  const upload = (ctx: Ctx, request: Xml, body: StoredFile['content'] | undefined) => {
    const task = findTask(request);
    const projectId = text(record(request.project).id);
    if (!task && projectId !== planfixSandbox.project) return fail(ctx, '0101');
    const file = record(record(request.files).file);
    if (Object.keys(file).length === 0) return fail(ctx, '9004');
    const name = text(file.name);
    const sourceType = text(file.sourceType);
    if (!name || !sourceType) return fail(ctx, '0009');
    if (!['FILESYSTEM', 'INTERNET', 'PROJECT'].includes(sourceType)) return fail(ctx, '0015');
    if (sourceType !== 'FILESYSTEM') return fail(ctx, '0018');
    if (!body) return fail(ctx, '0009');
    if (contentSize(body) > planfixSandbox.maxFileSize) return fail(ctx, '9003');
    const clash = [...meta.keys()]
      .map((id) => store.get(id))
      .find((existing) => existing?.name === name && !existing.removed);
    if (clash && text(file.newversion) !== '1') return fail(ctx, '9006', { id: meta.get(clash.id)?.fileId, name });
    let stored: StoredFile;
    if (task) {
      const action = addAction(task, 'TrackerDrop', '');
      stored = addFile(taskContainer(task), name, body, `comment:${action.id}`, action.author, action.id);
    } else {
      stored = addFile(`project:${planfixSandbox.project}`, name, body, 'project', 'TrackerDrop');
    }
    xmlReply(ctx, { files: { file: [{ uniqueId: stored.id, name }] } });
  };

  /** The documented elements of an action (https://planfix.com/help/Planfix_API_action.get). */
  const actionXml = (action: Action, task: Task): Xml => ({
    id: action.id,
    description: action.description,
    type: 'ACTION',
    isNotRead: 0,
    fromEmail: 0,
    dateTime: planfixDate(action.date),
    task: { id: task.id, title: task.title },
    owner: { id: 7, name: action.author },
    project: { id: planfixSandbox.project, title: 'Поставки' },
    // An action names its files by `id` (shared by all versions) and name: no uniqueId.
    files: {
      file: store
        .inPlace(taskContainer(task), `comment:${action.id}`)
        .map((file) => ({ id: meta.get(file.id)?.fileId, name: file.name })),
    },
    notifiedList: '',
  });

  const listOf = <T>(ctx: Ctx, request: Xml, container: string, item: string, all: T[], toXml: (entry: T) => Xml) => {
    const items = page(request, all);
    xmlReply(ctx, {
      [container]: { '@_count': items.length, '@_totalCount': all.length, [item]: items.map(toXml) },
    });
  };

  const method = (ctx: Ctx, name: string, request: Xml, body: StoredFile['content'] | undefined) => {
    switch (name) {
      case 'user.get':
        return xmlReply(ctx, {
          user: { id: 7, general: 3, name: 'Anna', lastName: 'Petrova', midName: '', login: 'anna', status: 'ACTIVE' },
        });
      case 'task.get': {
        const task = findTask(request);
        if (!task) return fail(ctx, '0101');
        return xmlReply(ctx, { task: { id: task.id, general: task.general, title: task.title } });
      }
      case 'task.getList': {
        // https://planfix.com/help/Planfix_API_task.getList: `target` all (the default), in, out, template, periodic or a
        // task filter's id; `project.id` narrows it to a project; pages of `pageSize` (at most 100) from
        // `pageCurrent` 1, and `pageCurrent` 0 for the count alone. Every sandbox task is in the one project.
        const target = text(request.target) ?? 'all';
        if (!['all', 'in', 'out', 'template', 'periodic'].includes(target) && !/^\d+$/.test(target)) {
          return fail(ctx, '0015');
        }
        const projectId = text(record(request.project).id);
        if (projectId !== undefined && projectId !== planfixSandbox.project) return fail(ctx, '0101');
        const all = target === 'template' || target === 'periodic' ? [] : [...tasks.values()];
        if (text(request.pageCurrent) === '0') {
          return xmlReply(ctx, { tasks: { '@_count': 0, '@_totalCount': all.length } });
        }
        return listOf(ctx, request, 'tasks', 'task', all, (task) => ({
          id: task.id,
          title: task.title,
          general: task.general,
          project: { id: planfixSandbox.project, title: 'Поставки' },
          owner: { id: 7, name: 'Анна Петрова' },
          status: 1,
          statusSet: 1,
        }));
      }
      case 'file.getListForTask': {
        const task = findTask(request);
        if (!task) return fail(ctx, '0101');
        return listOf(ctx, request, 'files', 'file', store.live(taskContainer(task)), (file) => fileXml(file, task));
      }
      case 'file.getListForProject': {
        if (text(record(request.project).id) !== planfixSandbox.project) return fail(ctx, '0101');
        // Its files carry `id` (shared by a file's versions) and no `uniqueId`, unlike a task's list
        // (https://planfix.com/help/Planfix_API_file.getListForProject against .../Planfix_API_file.getListForTask).
        return listOf(ctx, request, 'files', 'file', store.live(`project:${planfixSandbox.project}`), (file) => {
          const { uniqueId: _versionId, ...shared } = fileXml(file);
          return shared;
        });
      }
      case 'action.getList': {
        const task = findTask(request);
        if (!task) return fail(ctx, '0101');
        // `sort`: asc or desc, desc by default (https://planfix.com/help/Planfix_API_action.getList).
        const sort = text(request.sort) ?? 'desc';
        if (sort !== 'asc' && sort !== 'desc') return fail(ctx, '0015');
        const all = actions.filter((action) => action.taskId === task.id);
        if (sort === 'desc') all.reverse();
        return listOf(ctx, request, 'actions', 'action', all, (action) => actionXml(action, task));
      }
      case 'file.download': {
        const ref = record(request.file);
        const uniqueId =
          text(ref.uniqueId) ?? [...meta.entries()].filter(([, info]) => info.fileId === text(ref.id)).at(-1)?.[0];
        // 404 with the XML error body (https://planfix.com/help/Planfix_API_file.download).
        if (!uniqueId || !store.get(uniqueId)) return fail(ctx, '9002', {}, 404);
        const key = randomBytes(20).toString('hex');
        downloads.set(key, { uniqueId, expiresAt: Date.now() + 10 * 60 * 1000 });
        return answer(ctx, 302, '', { location: `https://${planfixSandbox.pageHost}/download/${key}` });
      }
      case 'file.upload':
        return upload(ctx, request, body);
      default:
        return fail(ctx, '0008');
    }
  };

  /** auth.login: account, login, password -> a 32-character `sid` (https://planfix.com/help/Planfix_API:_Authentication). */
  const logIn = (ctx: Ctx, request: Xml) => {
    const login = text(request.login);
    const password = text(request.password);
    if (!login || password === undefined) return fail(ctx, '0009');
    if (login !== planfixSandbox.login || password !== planfixSandbox.password) return fail(ctx, '1001');
    const sid = randomBytes(16).toString('hex');
    sessions.set(sid, { expiresAt: Date.now() + sessionLifetimeMs });
    logins++;
    xmlReply(ctx, { sid });
  };

  /**
   * Who is asking. Basic `<API key>:<token>` in token mode; Basic `<API key>:` (an empty password) plus the
   * `<sid>` auth.login gave in login mode (Planfix_API:_Authentication_by_token and
   * Planfix_API:_Authentication_using_username_and_password). The failure code, or nothing when the caller is known.
   */
  const refusal = (ctx: Ctx, request: Xml, name: string): string | undefined => {
    const credentials = basicCredentials(ctx.header('authorization'));
    if (credentials?.key !== planfixSandbox.apiKey) return '0001';
    if (text(request.account) !== planfixSandbox.account) return '0004';
    if (name === 'auth.login') return undefined;
    if (credentials.password !== '') return credentials.password === planfixSandbox.token ? undefined : '0012';
    // 0012: "when logging in with username and password - session is missing"; 0005: "session has expired".
    const sid = text(request.sid);
    if (!sid) return '0012';
    const session = sessions.get(sid);
    return session && session.expiresAt > Date.now() ? undefined : '0005';
  };

  const api = async (ctx: Ctx): Promise<void> => {
    if (ctx.method !== 'POST') return ctx.send(405, 'Method Not Allowed', { 'content-type': 'text/plain' });
    const read = await readXmlRequest(ctx);
    if (read === 'invalid') return fail(ctx, '0003');
    let request: Xml;
    try {
      request = record(record(parser.parse(read.xml, true)).request);
    } catch {
      return fail(ctx, '0003');
    }
    const name = text(request['@_method']) ?? '';
    // file.download answers 200 with the file, 302 to it, or 403/404 with the XML error (planfix.md, from
    // https://planfix.com/help/Planfix_API_file.download); the other methods say `status="error"` with a 200.
    const failStatus = name === 'file.download' ? 403 : 200;
    const refused = refusal(ctx, request, name);
    if (refused) return fail(ctx, refused, {}, failStatus);
    // "The API is available on paid plans only" (planfix.md; code 0022 on the error codes page above).
    if (freePlan) return fail(ctx, '0022', {}, failStatus);
    if (requestsLeft <= 0) return fail(ctx, '0007', {}, failStatus);
    requestsLeft--;
    if (!(planfixSandbox.homeServers as readonly string[]).includes(ctx.host)) return fail(ctx, '0024', {}, failStatus);
    if (name === 'auth.login') return logIn(ctx, request);
    method(ctx, name, request, read.body);
  };

  const download = async (ctx: Ctx): Promise<void> => {
    const key = /^\/download\/([0-9a-f]+)$/.exec(ctx.url.pathname)?.[1];
    const link = key ? downloads.get(key) : undefined;
    const file = link && link.expiresAt > Date.now() ? store.get(link.uniqueId) : undefined;
    if (!file) return ctx.send(404, errorXml('0101'), { 'content-type': 'application/xml' });
    await ctx.sendContent(200, file.content, {
      'content-type': 'application/octet-stream',
      'content-disposition': contentDisposition(file.name),
    });
  };

  const pages = [
    { route: `/task/${planfixSandbox.mainTask.general}`, title: 'Согласовать договор' },
    { route: `/task/${planfixSandbox.emptyTask.general}`, title: 'Empty task' },
    { route: `/task/${planfixSandbox.manyFilesTask.general}`, title: 'Много файлов' },
    { route: `/project/${planfixSandbox.project}`, title: 'Поставки' },
  ];
  const apiHosts: readonly string[] = [...planfixSandbox.homeServers, ...planfixSandbox.otherServers];

  return {
    tracker: 'planfix',
    handles: (host) => apiHosts.includes(host) || /^[a-z0-9-]+\.planfix\.(ru|com)$/.test(host),
    async handle(ctx) {
      if (apiHosts.includes(ctx.host)) {
        if (ctx.url.pathname !== '/xml/') return ctx.send(404, 'Not Found', { 'content-type': 'text/plain' });
        return api(ctx);
      }
      if (ctx.host !== planfixSandbox.pageHost)
        return ctx.send(404, 'Account not found', { 'content-type': 'text/plain' });
      if (ctx.url.pathname.startsWith('/download/')) return download(ctx);
      if (ctx.method === 'GET' && pages.some((entry) => entry.route === ctx.url.pathname.replace(/\/$/, ''))) {
        const html = trackerPage({ product: 'ПланФикс', navigation: 'history', accent: '#e8572a', tasks: pages });
        return ctx.send(200, html, { 'content-type': 'text/html; charset=utf-8' });
      }
      ctx.send(404, 'Not found', { 'content-type': 'text/plain' });
    },
    // PlanFix documents no HTTP error statuses for the API (errors are `status="error"` with a code, HTTP 200):
    // a forced status, 429 included, comes from the servers in front of it, as a page of their own.
    errorResponse(status) {
      return { body: `<html><body><h1>${status}</h1></body></html>`, contentType: 'text/html' };
    },
    reset,
    expireSessions() {
      for (const session of sessions.values()) session.expiresAt = 0;
    },
    logins: () => logins,
    setRequestsLeft(count) {
      requestsLeft = count;
    },
    setFreePlan(free) {
      freePlan = free;
    },
    files: (container) => store.live(container),
    addFile: (container, name, content) =>
      addFile(container, name, content, container.startsWith('project:') ? 'project' : 'task', 'Анна Петрова'),
    credentials: () => ({
      account: planfixSandbox.account,
      apiKey: planfixSandbox.apiKey,
      token: planfixSandbox.token,
      apiServer: 'https://apiru.planfix.ru/xml/',
    }),
    emptyTaskPage: () => ({
      url: `https://${planfixSandbox.pageHost}/task/${planfixSandbox.emptyTask.general}`,
      containerId: planfixSandbox.emptyTask.general,
      title: 'Empty task',
    }),
    samplePages: () => [
      {
        url: `https://${planfixSandbox.pageHost}/task/${planfixSandbox.mainTask.general}`,
        containerId: planfixSandbox.mainTask.general,
        title: 'Согласовать договор',
      },
      {
        url: `https://${planfixSandbox.pageHost}/project/${planfixSandbox.project}`,
        containerId: `project:${planfixSandbox.project}`,
        title: 'Поставки',
      },
    ],
  };
}
