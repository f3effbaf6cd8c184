import { createHash, createHmac } from 'node:crypto';
import { type Content, contentSize } from '../content';
import { type Ctx, contentDisposition } from '../context';
import type { TrackerEmulator } from '../emulator';
import { FileStore, type StoredFile } from '../file-store';
import { trackerPage } from '../pages';
import { seedTaskFiles } from '../seed-files';

export const worksectionSandbox = {
  account: 'acme',
  host: 'acme.worksection.com',
  apiKey: 'ws-admin-key-3b9f0e7a5c',
  project: '11',
  mainTask: '101',
  emptyTask: '102',
  subtask: '105',
  maxFileSize: 1024 ** 3,
  /** How far an `Authorization: Admin` timestamp may be from now. */
  clockSkewSeconds: 300,
} as const;

export type WorksectionScheme = 'query' | 'header';

interface Comment {
  id: string;
  text: string;
  author: string;
  date: string;
}

interface Task {
  id: string;
  name: string;
  parent?: string;
  comments: Comment[];
}

type Params = Record<string, string>;

const apiPath = '/api/admin/v2/';

/** `2026-01-10 09:00`, Worksection's date format. */
function wsDate(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** Worksection (worksection.md): admin API signed by an MD5 query hash or an HMAC header; files via get_files. */
export function createWorksectionEmulator(): TrackerEmulator & {
  acceptOnly(scheme: WorksectionScheme | undefined): void;
} {
  const files = new FileStore(30_001);
  const tasks = new Map<string, Task>();
  const uploaded = new Map<string, { name: string; content: Content }>();
  let accepted: WorksectionScheme | undefined;
  let commentSeq = 2000;
  let uploadSeq = 0;

  const reset = (): void => {
    files.clear();
    tasks.clear();
    uploaded.clear();
    accepted = undefined;
    commentSeq = 2000;
    uploadSeq = 0;
    const main: Task = { id: worksectionSandbox.mainTask, name: 'Подготовить макет', comments: [] };
    const seed = seedTaskFiles('worksection');
    for (const file of seed.body) files.add(main.id, file.name, file.content, 'task');
    for (const [index, group] of seed.comments.entries()) {
      const author = index === 0 ? 'Ivan Sidorov' : 'Анна Петрова';
      const comment: Comment = { id: String(++commentSeq), text: `Comment ${index + 1}`, author, date: '' };
      const added = group.map((file) => files.add(main.id, file.name, file.content, `comment:${comment.id}`, author));
      comment.date = added[0]?.createdAt ?? '';
      main.comments.push(comment);
    }
    tasks.set(main.id, main);
    tasks.set(worksectionSandbox.emptyTask, { id: worksectionSandbox.emptyTask, name: 'Empty task', comments: [] });
    const sub: Task = { id: worksectionSandbox.subtask, name: 'Иконки', parent: main.id, comments: [] };
    files.add(sub.id, 'icons.svg', { kind: 'generated', seed: 'ws-icons', size: 2048 }, 'task');
    tasks.set(sub.id, sub);
    files.add(
      `project:${worksectionSandbox.project}`,
      'brief.pdf',
      { kind: 'generated', seed: 'ws-brief', size: 5000 },
      'project',
    );
  };
  reset();

  const fail = (ctx: Ctx, code: number, message: string): void =>
    ctx.json(200, { status: 'error', status_code: code, message });

  const fileJson = (file: StoredFile) => ({
    id: file.id,
    page: `/download/${file.id}`,
    name: file.name,
    size: contentSize(file.content),
    date_added: wsDate(file.createdAt),
    user_from: { id: '7', email: 'anna@acme.test', name: file.author },
  });

  /** The query string exactly as sent, minus `hash`: what the MD5 scheme signs. */
  const queryHashValid = (ctx: Ctx): boolean => {
    const raw = (ctx.req.url ?? '').split('?')[1] ?? '';
    const pairs = raw.split('&');
    const hash = pairs.find((pair) => pair.startsWith('hash='))?.slice(5);
    const signed = pairs.filter((pair) => !pair.startsWith('hash=')).join('&');
    return (
      !!hash &&
      createHash('md5')
        .update(signed + worksectionSandbox.apiKey)
        .digest('hex') === hash
    );
  };

  const headerValid = (ctx: Ctx, action: string): boolean => {
    const match = /^Admin (\d+)_([0-9a-f]{64})$/.exec(ctx.header('authorization') ?? '');
    if (!match?.[1] || !match[2]) return false;
    if (Math.abs(Date.now() / 1000 - Number(match[1])) > worksectionSandbox.clockSkewSeconds) return false;
    const expected = createHmac('sha256', worksectionSandbox.apiKey).update(`${action}:${match[1]}`).digest('hex');
    return expected === match[2];
  };

  /** The action's parameters: from the query (MD5 scheme), or the query plus a JSON body (header scheme). */
  const readParams = async (ctx: Ctx): Promise<{ params: Params; scheme: WorksectionScheme } | undefined> => {
    const query: Params = Object.fromEntries(ctx.url.searchParams);
    if (ctx.header('authorization')) {
      let params = query;
      if (/^application\/json/i.test(ctx.header('content-type') ?? '')) {
        const body: unknown = JSON.parse((await ctx.readText()) || '{}');
        if (typeof body !== 'object' || body === null) return undefined;
        params = {
          ...query,
          ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)])),
        };
      }
      return headerValid(ctx, params.action ?? '') ? { params, scheme: 'header' } : undefined;
    }
    return queryHashValid(ctx) ? { params: query, scheme: 'query' } : undefined;
  };

  const taskOf = (ctx: Ctx, id: string | undefined): Task | undefined => {
    const task = id ? tasks.get(id) : undefined;
    if (!task) fail(ctx, 4, 'Task not found');
    return task;
  };

  const postComment = async (ctx: Ctx, params: Params): Promise<void> => {
    const task = taskOf(ctx, params.id_task);
    if (!task) return;
    const form = await ctx.readMultipart();
    const parts = form?.files ?? [];
    if (parts.some((part) => !/^attach\[\d+\]$/.test(part.field))) return fail(ctx, 5, 'Files go in attach[n] fields');
    const text = params.text ?? form?.fields.text ?? '';
    if (!text.trim()) return fail(ctx, 5, 'Field text or todo[] is required');
    const fileIds = (params.files ?? '').split(',').filter(Boolean);
    if (fileIds.some((id) => !uploaded.has(id))) return fail(ctx, 5, 'Unknown file id');
    const comment: Comment = { id: String(++commentSeq), text, author: 'Admin API', date: new Date().toISOString() };
    task.comments.push(comment);
    const place = `comment:${comment.id}`;
    for (const part of parts) files.add(task.id, part.filename, part.content, place, comment.author);
    for (const id of fileIds) {
      const file = uploaded.get(id);
      uploaded.delete(id);
      if (file) files.add(task.id, file.name, file.content, place, comment.author);
    }
    ctx.json(200, { status: 'ok', data: { id: comment.id, text, date_added: wsDate(comment.date) } });
  };

  const uploadFiles = async (ctx: Ctx): Promise<void> => {
    const form = await ctx.readMultipart();
    const parts = form?.files ?? [];
    if (parts.length === 0 || parts.some((part) => part.field !== 'files[]'))
      return fail(ctx, 5, 'Send files in files[]');
    const data = parts.map((part) => {
      const id = `u${++uploadSeq}`;
      uploaded.set(id, { name: part.filename, content: part.content });
      return { id, name: part.filename, size: contentSize(part.content) };
    });
    ctx.json(200, { status: 'ok', data });
  };

  const action = async (ctx: Ctx, params: Params): Promise<void> => {
    switch (params.action) {
      case 'get_users':
        return ctx.json(200, {
          status: 'ok',
          data: [{ id: '7', name: 'Anna Petrova', email: 'anna@acme.test', role: 'account owner' }],
        });
      case 'get_task': {
        const task = taskOf(ctx, params.id_task);
        const parent = task?.parent ? { id_parent: task.parent } : {};
        return task && ctx.json(200, { status: 'ok', data: { id: task.id, name: task.name, ...parent } });
      }
      case 'get_files': {
        if (params.id_project) {
          if (params.id_project !== worksectionSandbox.project) return fail(ctx, 4, 'Project not found');
          return ctx.json(200, { status: 'ok', data: files.live(`project:${params.id_project}`).map(fileJson) });
        }
        const task = taskOf(ctx, params.id_task);
        return task && ctx.json(200, { status: 'ok', data: files.live(task.id).map(fileJson) });
      }
      case 'get_comments': {
        const task = taskOf(ctx, params.id_task);
        if (!task) return;
        const withFiles = (params.extra ?? '').split(',').includes('files');
        const data = task.comments.map((comment) => ({
          id: comment.id,
          page: `/project/${worksectionSandbox.project}/${task.id}/#com${comment.id}`,
          text: comment.text,
          date_added: wsDate(comment.date),
          user_from: { id: '7', email: 'anna@acme.test', name: comment.author },
          ...(withFiles ? { files: files.inPlace(task.id, `comment:${comment.id}`).map(fileJson) } : {}),
        }));
        return ctx.json(200, { status: 'ok', data });
      }
      case 'download': {
        const file = params.id_file ? files.get(params.id_file) : undefined;
        if (!file) return fail(ctx, 4, 'File not found');
        return ctx.sendContent(200, file.content, {
          'content-type': 'application/octet-stream',
          'content-disposition': contentDisposition(file.name),
        });
      }
      case 'post_comment':
        if (ctx.method !== 'POST') return fail(ctx, 5, 'Use POST');
        return postComment(ctx, params);
      case 'upload_files':
        if (ctx.method !== 'POST') return fail(ctx, 5, 'Use POST');
        return uploadFiles(ctx);
      default:
        return fail(ctx, 1, 'Action is missed or invalid');
    }
  };

  const api = async (ctx: Ctx): Promise<void> => {
    if (Number(ctx.header('content-length') ?? 0) > worksectionSandbox.maxFileSize + 64 * 1024) {
      return ctx.send(413, '<html><body>413 Request Entity Too Large</body></html>', { 'content-type': 'text/html' });
    }
    let read: Awaited<ReturnType<typeof readParams>>;
    try {
      read = await readParams(ctx);
    } catch {
      return fail(ctx, 5, 'Malformed request body');
    }
    if (!read || (accepted && read.scheme !== accepted)) return fail(ctx, 2, 'Action hash is missed or invalid');
    return action(ctx, read.params);
  };

  const pages = [
    { route: `/project/${worksectionSandbox.project}/${worksectionSandbox.mainTask}/`, title: 'Подготовить макет' },
    { route: `/project/${worksectionSandbox.project}/${worksectionSandbox.emptyTask}/`, title: 'Empty task' },
    {
      route: `/project/${worksectionSandbox.project}/${worksectionSandbox.mainTask}/${worksectionSandbox.subtask}/`,
      title: 'Иконки',
    },
    { route: `/project/${worksectionSandbox.project}/`, title: 'Website' },
  ];

  return {
    tracker: 'worksection',
    handles: (host) => host.endsWith('.worksection.com'),
    async handle(ctx) {
      if (ctx.host !== worksectionSandbox.host) {
        return ctx.send(404, '<html><body>Account not found</body></html>', { 'content-type': 'text/html' });
      }
      if (ctx.url.pathname === apiPath) return api(ctx);
      if (ctx.method === 'GET' && pages.some((page) => page.route === ctx.url.pathname)) {
        const html = trackerPage({ product: 'Worksection', navigation: 'history', accent: '#3a9d5d', tasks: pages });
        return ctx.send(200, html, { 'content-type': 'text/html; charset=utf-8' });
      }
      ctx.send(404, '<html><body>Not found</body></html>', { 'content-type': 'text/html' });
    },
    errorResponse(status) {
      const message = status === 429 ? 'Too many requests' : status === 401 ? 'Unauthorized' : 'Server error';
      return {
        body: JSON.stringify({ status: 'error', status_code: status, message }),
        contentType: 'application/json',
      };
    },
    reset,
    files: (container) => files.live(container),
    addFile: (container, name, content) =>
      files.add(container, name, content, container.startsWith('project:') ? 'project' : 'task'),
    credentials: () => ({ accountUrl: `https://${worksectionSandbox.host}`, apiKey: worksectionSandbox.apiKey }),
    emptyTaskPage: () => ({
      url: `https://${worksectionSandbox.host}/project/${worksectionSandbox.project}/${worksectionSandbox.emptyTask}/`,
      containerId: worksectionSandbox.emptyTask,
      title: 'Empty task',
    }),
    samplePages: () => [
      {
        url: `https://${worksectionSandbox.host}${pages[0]?.route}`,
        containerId: worksectionSandbox.mainTask,
        title: 'Подготовить макет',
      },
      {
        url: `https://${worksectionSandbox.host}${pages[3]?.route}`,
        containerId: `project:${worksectionSandbox.project}`,
        title: 'Website',
      },
    ],
    acceptOnly(scheme) {
      accepted = scheme;
    },
  };
}
