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
  /** Where the account lives; the other XML servers answer 0024. */
  homeServers: ['apiru.planfix.ru', 'api.planfix.ru'],
  otherServers: ['api.planfix.com', 'api-sg.planfix.com', 'api-us.planfix.com'],
  project: '12',
  mainTask: { general: '501', id: '90501' },
  emptyTask: { general: '502', id: '90502' },
  /** A task with more files than one page of a list holds. */
  manyFilesTask: { general: '503', id: '90503', files: 130 },
  maxFileSize: 512 * 1024 * 1024,
} as const;

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

function xmlReply(ctx: Ctx, response: Xml): void {
  ctx.send(200, xmlDeclaration + builder.build({ response }), { 'content-type': 'application/xml; charset=utf-8' });
}

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

/** PlanFix XML API (planfix.md, seed 004): token auth, data centres, files in KB, base64 uploads. */
export function createPlanfixEmulator(): TrackerEmulator {
  const store = new FileStore(40_001);
  const meta = new Map<string, { fileId: string; version: number; actionId?: string }>();
  const tasks = new Map<string, Task>();
  const actions: Action[] = [];
  const downloads = new Map<string, { uniqueId: string; expiresAt: number }>();
  let actionSeq = 7000;
  let fileSeq = 100;

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
    actionSeq = 7000;
    fileSeq = 100;
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
      task: { id: task?.id ?? '' },
      project: { id: planfixSandbox.project },
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

  const upload = (ctx: Ctx, request: Xml, body: StoredFile['content'] | undefined) => {
    const task = findTask(request);
    const projectId = text(record(request.project).id);
    if (!task && projectId !== planfixSandbox.project)
      return ctx.send(200, errorXml('0101'), { 'content-type': 'application/xml' });
    const file = record(record(request.files).file);
    const name = text(file.name);
    if (!name || text(file.sourceType) !== 'FILESYSTEM' || !body) {
      return ctx.send(200, errorXml('0003'), { 'content-type': 'application/xml' });
    }
    if (contentSize(body) > planfixSandbox.maxFileSize)
      return ctx.send(200, errorXml('0003'), { 'content-type': 'application/xml' });
    const clash = [...meta.keys()]
      .map((id) => store.get(id))
      .find((existing) => existing?.name === name && !existing.removed);
    if (clash && text(file.newversion) !== '1') {
      return ctx.send(200, errorXml('9006', { id: meta.get(clash.id)?.fileId, name }), {
        'content-type': 'application/xml',
      });
    }
    let stored: StoredFile;
    if (task) {
      const action = addAction(task, 'TrackerDrop', '');
      stored = addFile(taskContainer(task), name, body, `comment:${action.id}`, action.author, action.id);
    } else {
      stored = addFile(`project:${planfixSandbox.project}`, name, body, 'project', 'TrackerDrop');
    }
    xmlReply(ctx, { '@_status': 'ok', files: { file: [{ uniqueId: stored.id, name }] } });
  };

  const method = (ctx: Ctx, name: string, request: Xml, body: StoredFile['content'] | undefined) => {
    const fail = (code: string): void => ctx.send(200, errorXml(code), { 'content-type': 'application/xml' });
    switch (name) {
      case 'user.get':
        return xmlReply(ctx, { '@_status': 'ok', user: { id: 7, name: 'Anna', lastName: 'Petrova', login: 'anna' } });
      case 'task.get': {
        const task = findTask(request);
        if (!task) return fail('0101');
        return xmlReply(ctx, { '@_status': 'ok', task: { id: task.id, general: task.general, title: task.title } });
      }
      case 'file.getListForTask': {
        const task = findTask(request);
        if (!task) return fail('0101');
        const all = store.live(taskContainer(task));
        const items = page(request, all);
        return xmlReply(ctx, {
          '@_status': 'ok',
          files: {
            '@_count': items.length,
            '@_totalCount': all.length,
            file: items.map((file) => fileXml(file, task)),
          },
        });
      }
      case 'file.getListForProject': {
        if (text(record(request.project).id) !== planfixSandbox.project) return fail('0101');
        const all = store.live(`project:${planfixSandbox.project}`);
        const items = page(request, all);
        return xmlReply(ctx, {
          '@_status': 'ok',
          files: { '@_count': items.length, '@_totalCount': all.length, file: items.map((file) => fileXml(file)) },
        });
      }
      case 'action.getList': {
        const task = findTask(request);
        if (!task) return fail('0101');
        const all = actions.filter((action) => action.taskId === task.id);
        const items = page(request, all);
        return xmlReply(ctx, {
          '@_status': 'ok',
          actions: {
            '@_count': items.length,
            '@_totalCount': all.length,
            action: items.map((action) => ({
              id: action.id,
              description: action.description,
              dateTime: planfixDate(action.date),
              owner: { id: 7, name: action.author },
              files: {
                file: store
                  .inPlace(taskContainer(task), `comment:${action.id}`)
                  .map((file) => ({ id: meta.get(file.id)?.fileId, uniqueId: file.id, name: file.name })),
              },
            })),
          },
        });
      }
      case 'file.download': {
        const ref = record(request.file);
        const uniqueId =
          text(ref.uniqueId) ?? [...meta.entries()].filter(([, info]) => info.fileId === text(ref.id)).at(-1)?.[0];
        if (!uniqueId || !store.get(uniqueId)) return fail('0101');
        const key = randomBytes(20).toString('hex');
        downloads.set(key, { uniqueId, expiresAt: Date.now() + 10 * 60 * 1000 });
        return ctx.send(302, '', { location: `https://${planfixSandbox.pageHost}/download/${key}` });
      }
      case 'file.upload':
        return upload(ctx, request, body);
      default:
        return fail('0003');
    }
  };

  const api = async (ctx: Ctx): Promise<void> => {
    if (ctx.method !== 'POST') return ctx.send(405, 'Method Not Allowed', { 'content-type': 'text/plain' });
    const read = await readXmlRequest(ctx);
    const fail = (code: string): void => ctx.send(200, errorXml(code), { 'content-type': 'application/xml' });
    if (read === 'invalid') return fail('0003');
    let request: Xml;
    try {
      request = record(record(parser.parse(read.xml, true)).request);
    } catch {
      return fail('0003');
    }
    const name = text(request['@_method']);
    if (!name) return fail('0003');
    const basic = /^Basic (.+)$/.exec(ctx.header('authorization') ?? '')?.[1];
    const [key, token] = Buffer.from(basic ?? '', 'base64')
      .toString('utf8')
      .split(':');
    if (key !== planfixSandbox.apiKey) return fail('0001');
    if (text(request.account) !== planfixSandbox.account || token !== planfixSandbox.token) return fail('0012');
    if (!(planfixSandbox.homeServers as readonly string[]).includes(ctx.host)) return fail('0024');
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
    errorResponse(status) {
      if (status === 429) return { body: errorXml('0007'), contentType: 'application/xml' };
      return { body: `<html><body><h1>${status}</h1></body></html>`, contentType: 'text/html' };
    },
    reset,
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
