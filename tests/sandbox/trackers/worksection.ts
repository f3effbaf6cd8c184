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
  /** The account owner: the only person who can see the admin API key (api-start). */
  ownerEmail: 'anna@acme.test',
} as const;

export type WorksectionScheme = 'query' | 'header';

interface User {
  id: string;
  first_name: string;
  last_name: string;
  name: string;
  email: string;
  /** `Owner`, `Account admin`, `User`, ... as in the get_users example of Worksection's Postman collection. */
  role: string;
}

interface Comment {
  id: string;
  text: string;
  author: User;
  date: string;
}

interface Task {
  id: string;
  name: string;
  parent?: string;
  comments: Comment[];
}

type Params = Record<string, string>;

const users: readonly User[] = [
  { id: '7', first_name: 'Anna', last_name: 'Petrova', name: 'Anna Petrova', email: 'anna@acme.test', role: 'Owner' },
  { id: '8', first_name: 'Ivan', last_name: 'Sidorov', name: 'Ivan Sidorov', email: 'ivan@acme.test', role: 'User' },
  {
    id: '9',
    first_name: 'Анна',
    last_name: 'Петрова',
    name: 'Анна Петрова',
    email: 'a.petrova@acme.test',
    role: 'Account admin',
  },
];
const owner = users[0] as User;

/** `user_from` of a record: who added it. */
const userFrom = (user: User) => ({ id: user.id, email: user.email, name: user.name });
const userNamed = (name: string): User => users.find((user) => user.name === name) ?? owner;

/**
 * The docs write `/api/admin/v2/` (api-start); the official clients call `/api/admin/v2` (python-api-client
 * worksection/client.py `_ADMIN_PATH`, php-api-client src/Client.php `ADMIN_PATH`, worksection-php-sdk src/Entity.php,
 * and the `basic_url` of Worksection's Postman collection). Both reach the API.
 */
const apiPaths: ReadonlySet<string> = new Set(['/api/admin/v2/', '/api/admin/v2']);

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * A JSON body (the header scheme) as the parameters the API reads: scalars as text, a list of scalars as the comma
 * list the docs use (`hidden`, `mention`). Objects are documented only in post_task's `files` (python-api-client
 * tasks_resource.py), which this sandbox does not emulate: `invalid` names the first nested one. Undefined: no object.
 */
function jsonBody(text: string): { params: Params; invalid?: string } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const params: Params = {};
  let invalid: string | undefined;
  for (const [name, value] of Object.entries(body)) {
    if (value === null) continue;
    if (isScalar(value)) params[name] = String(value);
    else if (Array.isArray(value) && value.every(isScalar)) params[name] = value.join(',');
    else invalid ??= name;
  }
  return { params, invalid };
}

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
      const author = userNamed(index === 0 ? 'Ivan Sidorov' : 'Анна Петрова');
      const comment: Comment = { id: String(++commentSeq), text: `Comment ${index + 1}`, author, date: '' };
      const place = `comment:${comment.id}`;
      const added = group.map((file) => files.add(main.id, file.name, file.content, place, author.name));
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

  /**
   * `{"status":"error","status_code":N,"message":...}` with HTTP 200, plus `message_details` where the message names a
   * field (api-start; the recorded error examples of Worksection's Postman collection: 4 "Project is invalid" and
   * "File not found", 5 "Task is invalid", 10 "Field is required" + the field, 11 "Invalid email" + the address).
   */
  const fail = (ctx: Ctx, code: number, message: string, details?: string): void =>
    ctx.json(200, {
      status: 'error',
      status_code: code,
      message,
      ...(details === undefined ? {} : { message_details: details }),
    });

  /**
   * A file as the recorded answers show one (tests/unit/trackers/fixtures/worksection.ts, from the docs' samples and
   * the Postman collection they link): `size` a string, `page` `/download/<id>/`; in `get_files` also who added it
   * and when, which a comment's files do not carry.
   */
  const commentFileJson = (file: StoredFile) => ({
    id: file.id,
    size: String(contentSize(file.content)),
    name: file.name,
    page: `/download/${file.id}/`,
  });
  const fileJson = (file: StoredFile) => ({
    ...commentFileJson(file),
    date_added: wsDate(file.createdAt),
    user_from: userFrom(userNamed(file.author)),
  });

  const taskPage = (task: Task): string =>
    `/project/${worksectionSandbox.project}/${task.parent ? `${task.parent}/` : ''}${task.id}/`;

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

  /**
   * The action's parameters: from the query (MD5 scheme), or the query plus a JSON body (header scheme); undefined when
   * the signature does not hold. `invalid`: a parameter no emulated action takes in the form it came in.
   */
  const readParams = async (
    ctx: Ctx,
  ): Promise<{ params: Params; scheme: WorksectionScheme; invalid?: string } | undefined> => {
    const query: Params = Object.fromEntries(ctx.url.searchParams);
    if (!ctx.header('authorization')) return queryHashValid(ctx) ? { params: query, scheme: 'query' } : undefined;
    let params = query;
    let invalid: string | undefined;
    if (/^application\/json/i.test(ctx.header('content-type') ?? '')) {
      const body = jsonBody(await ctx.readText());
      if (!body) invalid = 'body';
      else {
        params = { ...query, ...body.params };
        invalid = body.invalid;
      }
    }
    return headerValid(ctx, params.action ?? '') ? { params, scheme: 'header', invalid } : undefined;
  };

  /** Code 11 is the service's answer to a value it cannot take (Postman: add_contact, post_project examples). */
  const invalidParameter = (ctx: Ctx, name: string): void => fail(ctx, 11, 'Invalid parameter', name);

  const taskOf = (ctx: Ctx, id: string | undefined): Task | undefined => {
    const task = id ? tasks.get(id) : undefined;
    if (!task) fail(ctx, 5, 'Task is invalid');
    return task;
  };

  /**
   * post_comment (https://worksection.com/en/faq/api-comments.html; Postman collection; php-api-client
   * src/Resources/CommentsResource.php): `id_task`, `text` or `todo[]`, `email_user_from`, `hidden`, `mention`; files
   * only as multipart `attach[n]` (https://worksection.com/en/faq/api-files.html). `files` (upload_files ids) is
   * documented for post_task only (python-api-client tasks_resource.py), so it is refused here rather than dropped.
   */
  const postComment = async (ctx: Ctx, params: Params): Promise<void> => {
    const form = await ctx.readMultipart();
    const task = taskOf(ctx, params.id_task);
    if (!task) return;
    if (params.files !== undefined) return invalidParameter(ctx, 'files');
    const parts = form?.files ?? [];
    const stray = parts.find((part) => !/^attach\[\d+\]$/.test(part.field));
    if (stray) return invalidParameter(ctx, stray.field);
    const text = params.text ?? form?.fields.text ?? '';
    const todo = params.todo ?? params['todo[]'] ?? '';
    if (!text.trim() && !todo.trim()) return fail(ctx, 10, 'At least one of fields required', 'text, todo');
    // "will be set automatically if using access token" (api-comments, Postman collection, worksection-php-sdk
    // src/Entity/CommentsEntity.php; older api-comments: required): an admin key is nobody, so it must be given.
    const email = params.email_user_from;
    if (!email) return fail(ctx, 10, 'Field is required', 'email_user_from');
    const author = users.find((user) => user.email.toLowerCase() === email.trim().toLowerCase());
    if (!author) return fail(ctx, 11, 'Invalid email', email);
    const comment: Comment = { id: String(++commentSeq), text, author, date: new Date().toISOString() };
    task.comments.push(comment);
    const place = `comment:${comment.id}`;
    for (const part of parts) files.add(task.id, part.filename, part.content, place, author.name);
    ctx.json(200, {
      status: 'ok',
      data: {
        id: comment.id,
        page: `${taskPage(task)}#com${comment.id}`,
        text,
        date_added: wsDate(comment.date),
        user_from: userFrom(author),
      },
    });
  };

  /** upload_files (the 2026 SDKs: python-api-client files_resource.py, models/uploaded_file.py): `files[]` parts. */
  const uploadFiles = async (ctx: Ctx): Promise<void> => {
    const form = await ctx.readMultipart();
    const parts = form?.files ?? [];
    if (parts.length === 0) return fail(ctx, 10, 'Field is required', 'files[]');
    const stray = parts.find((part) => part.field !== 'files[]');
    if (stray) return invalidParameter(ctx, stray.field);
    const data = parts.map((part) => {
      const id = `u${++uploadSeq}`;
      uploaded.set(id, { name: part.filename, content: part.content });
      return { id, ext: /\.([^.]+)$/.exec(part.filename)?.[1] ?? '', name: part.filename };
    });
    ctx.json(200, { status: 'ok', data });
  };

  /** GET or POST alike (api-start: "GET or POST requests"); only a file upload needs POST, to carry its body. */
  const action = async (ctx: Ctx, params: Params): Promise<void> => {
    switch (params.action) {
      // 0 "Action is invalid", 1 "Action is required": the status_code table of the Clients API docs (v.01).
      case undefined:
      case '':
        return fail(ctx, 1, 'Action is required');
      case 'get_users':
        return ctx.json(200, { status: 'ok', data: users.map((user) => ({ ...user, title: '', group: 'Acme' })) });
      case 'get_task': {
        const task = taskOf(ctx, params.id_task);
        const parent = task?.parent ? { id_parent: task.parent } : {};
        return (
          task &&
          ctx.json(200, { status: 'ok', data: { id: task.id, name: task.name, page: taskPage(task), ...parent } })
        );
      }
      case 'get_tasks': {
        // https://worksection.com/en/faq/api-task.html: the tasks of `id_project`, open and closed (`filter=active`:
        // open ones only); `extra=subtasks` adds each task's `child` list, two levels deep (worksection-php-sdk
        // src/Entity/TasksEntity.php). Every sandbox task is open.
        if (!params.id_project) return fail(ctx, 10, 'Field is required', 'id_project');
        if (params.id_project !== worksectionSandbox.project) return fail(ctx, 4, 'Project is invalid');
        const withSubtasks = (params.extra ?? '').split(',').includes('subtasks');
        const taskJson = (task: Task, depth: number): Record<string, unknown> => {
          const children = [...tasks.values()].filter((other) => other.parent === task.id);
          return {
            id: task.id,
            name: task.name,
            page: taskPage(task),
            status: 'active',
            priority: '1',
            user_from: userFrom(owner),
            date_added: '2026-01-09 10:00',
            ...(withSubtasks && depth < 2 && children.length > 0
              ? { child: children.map((child) => taskJson(child, depth + 1)) }
              : {}),
          };
        };
        const top = [...tasks.values()].filter((task) => !task.parent);
        return ctx.json(200, { status: 'ok', data: top.map((task) => taskJson(task, 0)) });
      }
      case 'get_files': {
        // https://worksection.com/en/faq/api-files.html: `id_project` ("optional if task ID selected") and `id_task`;
        // with a task, the task's files (its description and comments), whatever the project.
        if (!params.id_project && !params.id_task) return fail(ctx, 10, 'Field is required', 'id_project');
        if (params.id_project && params.id_project !== worksectionSandbox.project) {
          return fail(ctx, 4, 'Project is invalid');
        }
        if (params.id_task) {
          const task = taskOf(ctx, params.id_task);
          return task && ctx.json(200, { status: 'ok', data: files.live(task.id).map(fileJson) });
        }
        return ctx.json(200, { status: 'ok', data: files.live(`project:${params.id_project}`).map(fileJson) });
      }
      case 'get_comments': {
        const task = taskOf(ctx, params.id_task);
        if (!task) return;
        const withFiles = (params.extra ?? '').split(',').includes('files');
        const data = task.comments.map((comment) => ({
          id: comment.id,
          page: `${taskPage(task)}#com${comment.id}`,
          text: comment.text,
          date_added: wsDate(comment.date),
          user_from: userFrom(comment.author),
          ...(withFiles ? { files: files.inPlace(task.id, `comment:${comment.id}`).map(commentFileJson) } : {}),
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
        return postComment(ctx, params);
      case 'upload_files':
        return uploadFiles(ctx);
      default:
        return fail(ctx, 0, 'Action is invalid');
    }
  };

  const api = async (ctx: Ctx): Promise<void> => {
    if (Number(ctx.header('content-length') ?? 0) > worksectionSandbox.maxFileSize + 64 * 1024) {
      return ctx.send(413, '<html><body>413 Request Entity Too Large</body></html>', { 'content-type': 'text/html' });
    }
    const read = await readParams(ctx);
    if (!read || (accepted && read.scheme !== accepted)) return fail(ctx, 2, 'Action hash is missed or invalid');
    if (read.invalid) return invalidParameter(ctx, read.invalid);
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
      if (apiPaths.has(ctx.url.pathname)) return api(ctx);
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
