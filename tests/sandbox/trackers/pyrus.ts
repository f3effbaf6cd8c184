import { randomUUID } from 'node:crypto';
import type { Content } from '../content';
import { type Ctx, contentDisposition } from '../context';
import type { TrackerEmulator } from '../emulator';
import { FileStore, type StoredFile } from '../file-store';
import { trackerPage } from '../pages';
import { seedTaskFiles } from '../seed-files';

export const pyrusSandbox = {
  login: 'bot@trackerdrop.test',
  securityKey: 'pyrus-security-key-6f1d2c',
  onPremHost: 'pyrus.onprem.example',
  mainTask: '1001',
  emptyTask: '1002',
  formTask: '1003',
  /** The form whose register holds the form tasks. */
  form: '321',
  secondFormTask: '1004',
  /** A task with `bigTaskFiles` attachments of 16 KiB each: the bench's big task (tests/bench/big-task.ts). */
  bigTask: '1005',
  bigTaskFiles: 2000,
  maxFileSize: 2 * 1024 ** 3 - 1,
} as const;

interface Comment {
  id: string;
  author: string;
  date: string;
  text: string;
  removedIds: string[];
}

interface Task {
  id: string;
  title: string;
  comments: Comment[];
}

interface Token {
  expiresAt: number;
}

interface PendingUpload {
  name: string;
  content: Content;
  md5: string;
}

/**
 * Where each host takes `POST auth`: the cloud at accounts.pyrus.com, older clients at api.pyrus.com, an on-premise
 * server under `/api/v4/`. The docs' own curl example adds a trailing slash
 * (https://pyrus.com/en/help/api/authorization), the SDKs do not (pyrusapi-python pyrus/client.py `_auth`), and
 * the service takes both.
 */
const authPaths: Record<string, string> = {
  'accounts.pyrus.com': '/api/v4/auth',
  'api.pyrus.com': '/v4/auth',
  [pyrusSandbox.onPremHost]: '/api/v4/auth',
};

function isAuthPath(host: string, path: string): boolean {
  const expected = authPaths[host];
  return expected !== undefined && (path === expected || path === `${expected}/`);
}

/**
 * `2017-08-17T15:32:11Z`: whole seconds, UTC (https://pyrus.com/en/help/api/tasks examples; pyrusapi-python
 * pyrus/models/constants.py DATE_TIME_FORMAT, whose `strptime` fails on fractions).
 */
function pyrusDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

/**
 * "Empty fields are never returned in the response" (https://pyrus.com/en/help/api/endpoints): empty strings,
 * empty arrays and nulls are left out, at every depth.
 */
function withoutEmptyFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyFields);
  if (typeof value !== 'object' || value === null) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const compact = withoutEmptyFields(entry);
    const empty = compact === '' || compact === null || compact === undefined;
    if (!empty && !(Array.isArray(compact) && compact.length === 0)) kept[key] = compact;
  }
  return kept;
}

/**
 * 5,000 requests per 10 minutes per user, told in `X-RateLimit-*` headers (seconds); over it, 429
 * `too_many_requests` and no `Retry-After` (https://pyrus.com/en/help/api/errors-and-limits).
 */
const documentedRateLimit = { limit: 5000, windowSeconds: 600 };

function rateLimitHeaders(limit: number, remaining: number, resetSeconds: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(Math.max(0, remaining)),
    'x-ratelimit-reset': String(Math.max(0, Math.ceil(resetSeconds))),
  };
}

/** Where `api_url` and `files_url` point on each host: the request path minus this prefix is the route. */
function routeOf(host: string, path: string): { base: 'api' | 'files'; route: string } | undefined {
  const prefixes: [string, string, 'api' | 'files'][] = [
    ['api.pyrus.com', '/v4/', 'api'],
    ['files.pyrus.com', '/', 'files'],
    [pyrusSandbox.onPremHost, '/api/v4/', 'api'],
    [pyrusSandbox.onPremHost, '/files/', 'files'],
  ];
  for (const [prefixHost, prefix, base] of prefixes) {
    if (host === prefixHost && path.startsWith(prefix)) return { base, route: path.slice(prefix.length) };
  }
  return undefined;
}

function urlsFor(host: string): { api_url: string; files_url: string } {
  return host === pyrusSandbox.onPremHost
    ? { api_url: `https://${host}/api/v4/`, files_url: `https://${host}/files/` }
    : { api_url: 'https://api.pyrus.com/v4/', files_url: 'https://files.pyrus.com/' };
}

function pyrusError(ctx: Ctx, status: number, code: string, error: string): void {
  ctx.json(status, { error_code: code, error });
}

/** Pyrus (pyrus.md): login + security key -> expiring bearer token; tasks with comment and form-field files. */
export function createPyrusEmulator(): TrackerEmulator & {
  expireAllTokens(): void;
  /** Pyrus deletes uploads no comment took after a while (pyrus.md): every guid not attached yet is forgotten. */
  expirePendingUploads(): void;
  /** The next upload answers with a wrong `md5_hash`, as if bytes were damaged on the way. */
  corruptNextUploadHash(): void;
  /** A tighter rate limit than the documented one, so a test can run into it (until the next reset). */
  limitRequests(limit: number, windowSeconds: number): void;
  /** The documented rate limit again, in a window that starts now: a long bench asks for more than one window holds. */
  freshRateWindow(): void;
  /** A new task without files (until the next reset); its id. */
  addTask(title: string): string;
} {
  const files = new FileStore(50_001);
  const tasks = new Map<string, Task>();
  const tokens = new Map<string, Token>();
  const pending = new Map<string, PendingUpload>();
  let corruptHash = false;
  let commentSeq = 9000;
  const documentedWindowFromNow = () => ({ ...documentedRateLimit, windowStart: Date.now(), used: 0 });
  let rate = documentedWindowFromNow();

  const addComment = (task: Task, author: string, text = '', removedIds: string[] = []): Comment => {
    const comment: Comment = {
      id: String(++commentSeq),
      author,
      date: pyrusDate(Date.UTC(2026, 0, 12, 10, commentSeq % 60)),
      text,
      removedIds,
    };
    task.comments.push(comment);
    return comment;
  };

  const reset = (): void => {
    files.clear();
    tasks.clear();
    tokens.clear();
    pending.clear();
    corruptHash = false;
    commentSeq = 9000;
    rate = documentedWindowFromNow();
    const main: Task = { id: pyrusSandbox.mainTask, title: 'Договор с поставщиком', comments: [] };
    const seed = seedTaskFiles('pyrus');
    for (const file of seed.body) files.add(main.id, file.name, file.content, 'task');
    for (const [index, group] of seed.comments.entries()) {
      const comment = addComment(main, index === 0 ? 'Ivan Sidorov' : 'Анна Петрова');
      for (const file of group) files.add(main.id, file.name, file.content, `comment:${comment.id}`, comment.author);
    }
    tasks.set(main.id, main);
    tasks.set(pyrusSandbox.emptyTask, { id: pyrusSandbox.emptyTask, title: 'Empty task', comments: [] });
    const form: Task = { id: pyrusSandbox.formTask, title: 'Заявка на оплату', comments: [] };
    files.add(form.id, 'invoice.pdf', { kind: 'generated', seed: 'pyrus-invoice', size: 4096 }, 'field:Invoice');
    files.add(form.id, 'appendix.txt', { kind: 'generated', seed: 'pyrus-appendix', size: 100 }, 'field:Appendix');
    const first = addComment(form, 'Ivan Sidorov');
    const stale = files.add(
      form.id,
      'old draft.txt',
      { kind: 'generated', seed: 'pyrus-old', size: 10 },
      `comment:${first.id}`,
    );
    stale.removed = true;
    addComment(form, 'Ivan Sidorov', 'Removed the draft', [stale.id]);
    tasks.set(form.id, form);
    const second: Task = { id: pyrusSandbox.secondFormTask, title: 'Заявка на оплату №2', comments: [] };
    files.add(second.id, 'act.pdf', { kind: 'generated', seed: 'pyrus-act', size: 2048 }, 'task');
    tasks.set(second.id, second);
    const big: Task = { id: pyrusSandbox.bigTask, title: 'Фотоотчёт объекта', comments: [] };
    for (let index = 0; index < pyrusSandbox.bigTaskFiles; index++) {
      files.add(big.id, `photo ${index}.jpg`, { kind: 'generated', seed: `big-${index}`, size: 16 * 1024 }, 'task');
    }
    tasks.set(big.id, big);
  };
  reset();

  const fileJson = async (file: StoredFile): Promise<Record<string, unknown>> => ({
    id: Number(file.id),
    name: file.name,
    size: file.content.kind === 'bytes' ? file.content.bytes.length : file.content.size,
    md5: await files.md5(file),
    url: `https://api.pyrus.com/v4/files/download/${file.id}`,
    version: 1,
    root_id: Number(file.id),
  });
  const filesJson = (list: StoredFile[]): Promise<Record<string, unknown>[]> => Promise.all(list.map(fileJson));

  const taskJson = async (task: Task): Promise<Record<string, unknown>> => {
    const body: Record<string, unknown> = {
      id: Number(task.id),
      text: task.title,
      create_date: '2026-01-10T09:00:00Z',
      attachments: await filesJson(files.inPlace(task.id, 'task')),
      comments: await Promise.all(
        task.comments.map(async (comment) => ({
          id: Number(comment.id),
          text: comment.text,
          create_date: comment.date,
          author: { id: 7, first_name: comment.author.split(' ')[0], last_name: comment.author.split(' ')[1] ?? '' },
          attachments: await filesJson(files.inPlace(task.id, `comment:${comment.id}`)),
          ...(comment.removedIds.length ? { removed_attachment_ids: comment.removedIds.map(Number) } : {}),
        })),
      ),
    };
    if (task.id === pyrusSandbox.formTask) {
      body.fields = [
        { id: 1, type: 'file', name: 'Invoice', value: await filesJson(files.inPlace(task.id, 'field:Invoice')) },
        {
          id: 2,
          type: 'title',
          name: 'Details',
          value: {
            fields: [
              { id: 3, type: 'text', name: 'Note', value: 'See appendix' },
              {
                id: 4,
                type: 'file',
                name: 'Appendix',
                value: await filesJson(files.inPlace(task.id, 'field:Appendix')),
              },
            ],
          },
        },
      ];
    }
    return body;
  };

  /**
   * `GET forms/{id}/register` (https://pyrus.com/en/help/api/forms; pyrusapi-typescript FormRegisterRequest, whose
   * SDK POSTs the same parameters as JSON): the form's tasks, without comments; `item_count` from 1 to 20,000
   * (`items_count_out_of_range` outside), `include_archived=y` for archived ones too (the sandbox has none).
   */
  const register = async (ctx: Ctx, formId: string): Promise<void> => {
    if (formId !== pyrusSandbox.form)
      return pyrusError(ctx, 403, 'access_denied_form', 'Form not found or access denied');
    let params: Record<string, unknown> = Object.fromEntries(ctx.url.searchParams);
    if (ctx.method === 'POST') {
      try {
        params = { ...params, ...(JSON.parse((await ctx.readText()) || '{}') as Record<string, unknown>) };
      } catch {
        return pyrusError(ctx, 400, 'invalid_json', 'The request body is not valid JSON');
      }
    }
    const itemCount = params.item_count === undefined ? 20_000 : Number(params.item_count);
    if (!Number.isInteger(itemCount) || itemCount < 1 || itemCount > 20_000) {
      return pyrusError(ctx, 400, 'items_count_out_of_range', 'item_count must be from 1 to 20000');
    }
    const formTasks = [pyrusSandbox.formTask, pyrusSandbox.secondFormTask].flatMap((id) => tasks.get(id) ?? []);
    const listed = await Promise.all(
      formTasks.slice(0, itemCount).map(async (task) => {
        const { comments: _comments, ...header } = await taskJson(task);
        return { ...header, form_id: Number(pyrusSandbox.form) };
      }),
    );
    ctx.json(200, withoutEmptyFields({ tasks: listed }));
  };

  const authenticate = async (ctx: Ctx): Promise<void> => {
    if (ctx.method !== 'POST') return pyrusError(ctx, 405, 'method_not_allowed', 'Use POST');
    const text = await ctx.readText();
    // https://pyrus.com/en/help/api/errors-and-limits (empty_body); pyrusapi-typescript src/enums/errorCodeType.ts
    if (text.trim() === '') return pyrusError(ctx, 400, 'empty_body', 'The request body cannot be empty');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return pyrusError(ctx, 400, 'invalid_json', 'The request body is not valid JSON');
    }
    const { login, security_key } = (body ?? {}) as { login?: unknown; security_key?: unknown };
    // `invalid_credentials`: "Invalid login/security key" (https://pyrus.com/en/help/api/errors-and-limits); the
    // official SDKs file it under 401 Unauthorized (pyrusapi-typescript src/enums/errorCodeType.ts,
    // pyrusapi-csharp Enums/ErrorCodeType.cs).
    if (login !== pyrusSandbox.login || security_key !== pyrusSandbox.securityKey) {
      return pyrusError(ctx, 401, 'invalid_credentials', 'Invalid login or security key');
    }
    const token = `pyrus-${randomUUID()}`;
    tokens.set(token, { expiresAt: Date.now() + 60 * 60 * 1000 });
    ctx.json(200, { access_token: token, ...urlsFor(ctx.host) });
  };

  /** Answers the 401 itself and returns false when the bearer token is missing, unknown or expired. */
  const authorized = (ctx: Ctx): boolean => {
    const match = /^Bearer (\S+)$/.exec(ctx.header('authorization') ?? '');
    if (!match?.[1]) {
      pyrusError(ctx, 401, 'token_not_specified', 'Access token is not specified');
      return false;
    }
    const token = tokens.get(match[1]);
    if (!token) {
      pyrusError(ctx, 401, 'invalid_token', 'Access token is invalid');
      return false;
    }
    if (token.expiresAt <= Date.now()) {
      pyrusError(ctx, 401, 'expired_token', 'Access token has expired');
      return false;
    }
    return true;
  };

  /** Counts the request into the current window; answers the 429 itself and returns false when over the limit. */
  const withinRateLimit = (ctx: Ctx): boolean => {
    const now = Date.now();
    if (now - rate.windowStart >= rate.windowSeconds * 1000) rate = { ...rate, windowStart: now, used: 0 };
    rate.used++;
    const resetSeconds = (rate.windowStart + rate.windowSeconds * 1000 - now) / 1000;
    const headers = rateLimitHeaders(rate.limit, rate.limit - rate.used, resetSeconds);
    for (const [name, value] of Object.entries(headers)) ctx.res.setHeader(name, value);
    if (rate.used <= rate.limit) return true;
    pyrusError(ctx, 429, 'too_many_requests', 'You have reached the limit of requests per 10 minutes');
    return false;
  };

  const download = async (ctx: Ctx, id: string | null | undefined): Promise<void> => {
    const file = id ? files.get(id) : undefined;
    // pyrusapi-csharp ClientExtensions.cs CreateDownloadResponse: 404 is `file_is_missing`.
    if (!file) return pyrusError(ctx, 404, 'file_is_missing', 'File not found');
    await ctx.sendContent(200, file.content, {
      'content-type': 'application/octet-stream',
      'content-disposition': contentDisposition(file.name),
    });
  };

  const upload = async (ctx: Ctx): Promise<void> => {
    if (ctx.method !== 'POST') return pyrusError(ctx, 405, 'method_not_allowed', 'Use POST');
    if (Number(ctx.header('content-length') ?? 0) > pyrusSandbox.maxFileSize + 64 * 1024) {
      return pyrusError(ctx, 413, 'file_too_large', 'The file is larger than 2 GB');
    }
    const form = await ctx.readMultipart();
    if (!form) return pyrusError(ctx, 400, 'invalid_content_type', 'Expected multipart/form-data');
    const [part, ...extra] = form.files;
    if (!part || extra.length > 0) return pyrusError(ctx, 400, 'invalid_file', 'Send exactly one file per request');
    const guid = randomUUID();
    pending.set(guid, { name: part.filename, content: part.content, md5: part.md5 });
    const md5 = corruptHash ? '0'.repeat(32) : part.md5;
    corruptHash = false;
    ctx.json(200, { guid, md5_hash: md5 });
  };

  const comment = async (ctx: Ctx, task: Task): Promise<void> => {
    if (!/^application\/json/i.test(ctx.header('content-type') ?? '')) {
      return pyrusError(ctx, 400, 'invalid_content_type', 'Expected application/json');
    }
    let body: { text?: unknown; attachments?: unknown };
    try {
      body = JSON.parse(await ctx.readText()) as typeof body;
    } catch {
      return pyrusError(ctx, 400, 'invalid_json', 'The request body is not valid JSON');
    }
    const items = Array.isArray(body.attachments) ? body.attachments : [];
    const guids = items.map((item: unknown) =>
      typeof item === 'string' ? item : (item as { guid?: unknown } | null)?.guid,
    );
    // The code the official SDKs name for an attachment Pyrus does not know (pyrusapi-typescript
    // src/enums/errorCodeType.ts: UnrecognizedAttachmentId, under "BadRequest (400)"); an upload no comment took is
    // deleted after a while (pyrus.md), and then unknown too.
    if (guids.some((guid) => typeof guid !== 'string' || !pending.has(guid))) {
      return pyrusError(ctx, 400, 'unrecognized_attachment_id', 'Attachment guid is unknown or already used');
    }
    const added = addComment(task, 'TrackerDrop Bot', typeof body.text === 'string' ? body.text : '');
    for (const guid of guids as string[]) {
      const upload = pending.get(guid);
      if (!upload) continue;
      pending.delete(guid);
      files.add(task.id, upload.name, upload.content, `comment:${added.id}`, added.author);
    }
    ctx.json(200, withoutEmptyFields({ task: await taskJson(task) }));
  };

  const api = async (ctx: Ctx, base: 'api' | 'files', route: string): Promise<void> => {
    if (!authorized(ctx) || !withinRateLimit(ctx)) return;
    if (route === 'v4/files/upload' && base === 'files') return upload(ctx);
    if (route === 'files/upload' && base === 'api') return upload(ctx);
    const downloadMatch = /^(?:v4\/)?files\/download\/(\d+)$/.exec(route);
    if (downloadMatch && ctx.method === 'GET') return download(ctx, downloadMatch[1]);
    if (base === 'files' && route === 'services/attachment' && ctx.method === 'GET') {
      return download(ctx, ctx.url.searchParams.get('Id'));
    }
    if (base === 'api' && route === 'profile' && ctx.method === 'GET') {
      return ctx.json(200, { person_id: 7, first_name: 'TrackerDrop', last_name: 'Bot', email: pyrusSandbox.login });
    }
    const registerMatch = /^forms\/(\d+)\/register$/.exec(route);
    if (base === 'api' && registerMatch?.[1] && ['GET', 'POST'].includes(ctx.method)) {
      return register(ctx, registerMatch[1]);
    }
    const taskMatch = /^tasks\/(\d+)(\/comments)?$/.exec(route);
    if (base === 'api' && taskMatch?.[1]) {
      const task = tasks.get(taskMatch[1]);
      if (!task) return pyrusError(ctx, 403, 'access_denied_task', 'Task not found or access denied');
      if (taskMatch[2] && ctx.method === 'POST') return comment(ctx, task);
      if (!taskMatch[2] && ctx.method === 'GET')
        return ctx.json(200, withoutEmptyFields({ task: await taskJson(task) }));
    }
    pyrusError(ctx, 404, 'not_found', 'Method not found');
  };

  return {
    tracker: 'pyrus',
    handles: (host) =>
      ['pyrus.com', 'accounts.pyrus.com', 'api.pyrus.com', 'files.pyrus.com', pyrusSandbox.onPremHost].includes(host),
    async handle(ctx) {
      const path = ctx.url.pathname;
      if ((ctx.host === 'pyrus.com' || ctx.host === pyrusSandbox.onPremHost) && path === '/t') {
        return ctx.send(200, page(), { 'content-type': 'text/html; charset=utf-8' });
      }
      if (isAuthPath(ctx.host, path)) return authenticate(ctx);
      const route = routeOf(ctx.host, path);
      if (!route) return pyrusError(ctx, 404, 'not_found', 'Method not found');
      return api(ctx, route.base, route.route);
    },
    errorResponse(status) {
      const codes: Record<number, [string, string]> = {
        401: ['invalid_token', 'Access token is invalid'],
        403: ['access_denied', 'Access denied'],
        404: ['not_found', 'Not found'],
        429: ['too_many_requests', 'You have reached the limit of requests per 10 minutes'],
      };
      const [code, error] = codes[status] ?? ['server_error', 'Internal server error'];
      return { body: JSON.stringify({ error_code: code, error }), contentType: 'application/json; charset=utf-8' };
    },
    // Pyrus says when the window resets, never `Retry-After` (https://pyrus.com/en/help/api/errors-and-limits).
    waitHeaders: (seconds) => rateLimitHeaders(documentedRateLimit.limit, 0, seconds),
    reset,
    files: (container) => files.live(container),
    addTask(title) {
      const id = String(2000 + tasks.size);
      tasks.set(id, { id, title, comments: [] });
      return id;
    },
    addFile: (container, name, content) => files.add(container, name, content, 'task'),
    credentials: () => ({ login: pyrusSandbox.login, securityKey: pyrusSandbox.securityKey, server: '' }),
    emptyTaskPage: () => ({
      url: `https://pyrus.com/t#id${pyrusSandbox.emptyTask}`,
      containerId: pyrusSandbox.emptyTask,
      title: 'Empty task',
    }),
    samplePages: () => [
      {
        url: `https://pyrus.com/t#id${pyrusSandbox.mainTask}`,
        containerId: pyrusSandbox.mainTask,
        title: 'Договор с поставщиком',
      },
      {
        url: `https://pyrus.com/t#id${pyrusSandbox.formTask}`,
        containerId: pyrusSandbox.formTask,
        title: 'Заявка на оплату',
      },
    ],
    expireAllTokens() {
      for (const token of tokens.values()) token.expiresAt = 0;
    },
    expirePendingUploads() {
      pending.clear();
    },
    corruptNextUploadHash() {
      corruptHash = true;
    },
    freshRateWindow() {
      rate = documentedWindowFromNow();
    },
    limitRequests(limit, windowSeconds) {
      rate = { limit, windowSeconds, windowStart: Date.now(), used: 0 };
    },
  };

  function page(): string {
    return trackerPage({
      product: 'Pyrus',
      navigation: 'hash',
      accent: '#2d6cdf',
      tasks: [
        ...[...tasks.values()].map((task) => ({ route: `#id${task.id}`, title: task.title })),
        { route: `#rg${pyrusSandbox.form}`, title: 'Заявки на оплату' },
      ],
    });
  }
}
