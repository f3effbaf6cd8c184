import { randomBytes } from 'node:crypto';
import { type Content, contentSize } from '../content';
import { type Ctx, contentDisposition } from '../context';
import type { TrackerEmulator } from '../emulator';
import { FileStore, type StoredFile } from '../file-store';
import { trackerPage } from '../pages';
import { seedTaskFiles } from '../seed-files';

export const yandexTrackerSandbox = {
  oauthToken: 'y0_AgAAAAB-sandbox-oauth-token',
  orgId: '7012345',
  iamToken: 't1.9euelZ-sandbox-iam-token',
  cloudOrgId: 'bpf3crucp1v28sandbox',
  mainIssue: 'TEST-1',
  emptyIssue: 'TEST-2',
  project: { id: '655f1c2e8a1b2c3d4e5f6a70', shortId: '42' },
  portfolio: { id: '655f1c2e8a1b2c3d4e5f6a71', shortId: '7' },
  maxFileSize: 1024 ** 3,
} as const;

const api = 'https://api.tracker.yandex.net';
const storageHost = 'storage.mds.yandex.net';
const signedLinkLifetimeMs = 10 * 60 * 1000;

interface Comment {
  id: number;
  text: string;
  author: string;
  createdAt: string;
  attachmentIds: string[];
}

type EntityType = 'project' | 'portfolio';

/** `2026-01-12T10:00:00.000+0000`, the way Tracker writes dates. */
function trackerDate(iso: string): string {
  return iso.replace('Z', '+0000');
}

function errorBody(status: number, message: string): string {
  return JSON.stringify({ errors: {}, errorMessages: [message], statusCode: status });
}

/** Yandex Tracker (yandex-tracker.md): OAuth/IAM + org header; issue and entity attachments; storage redirects. */
export function createYandexTrackerEmulator(): TrackerEmulator {
  const files = new FileStore(70_001);
  const comments = new Map<string, Comment[]>();
  const temporary = new Map<string, { name: string; content: Content }>();
  const signedLinks = new Map<string, { fileId: string; expiresAt: number }>();
  let commentSeq = 100;
  let tempSeq = 0;

  const entityContainer = (type: EntityType, id: string): string | undefined => {
    const entity = type === 'project' ? yandexTrackerSandbox.project : yandexTrackerSandbox.portfolio;
    return id === entity.id || id === entity.shortId ? `${type}:${entity.shortId}` : undefined;
  };

  const reset = (): void => {
    files.clear();
    comments.clear();
    temporary.clear();
    signedLinks.clear();
    commentSeq = 100;
    tempSeq = 0;
    const issue = yandexTrackerSandbox.mainIssue;
    const seed = seedTaskFiles('yandex-tracker');
    for (const file of seed.body) files.add(issue, file.name, file.content, 'task', 'Анна Петрова');
    const list: Comment[] = [];
    for (const [index, group] of seed.comments.entries()) {
      const author = index === 0 ? 'Ivan Sidorov' : 'Анна Петрова';
      const id = ++commentSeq;
      const added = group.map((file) => files.add(issue, file.name, file.content, `comment:${id}`, author));
      list.push({
        id,
        text: `Comment ${index + 1}`,
        author,
        createdAt: added[0]?.createdAt ?? '',
        attachmentIds: added.map((f) => f.id),
      });
    }
    comments.set(issue, list);
    comments.set(yandexTrackerSandbox.emptyIssue, []);
    const project = `project:${yandexTrackerSandbox.project.shortId}`;
    files.add(project, 'roadmap.pdf', { kind: 'generated', seed: 'yt-roadmap', size: 20_000 }, 'project');
    files.add(project, 'Бюджет проекта.xlsx', { kind: 'generated', seed: 'yt-budget', size: 9_000 }, 'project');
    const portfolio = `portfolio:${yandexTrackerSandbox.portfolio.shortId}`;
    files.add(
      portfolio,
      'portfolio overview.pptx',
      { kind: 'generated', seed: 'yt-portfolio', size: 15_000 },
      'project',
    );
  };
  reset();

  const person = (display: string) => ({ self: `${api}/v2/users/1130000`, id: '1130000', display });

  const attachmentJson = (file: StoredFile, downloadBase: string) => ({
    self: `${api}/v2/attachments/${file.id}`,
    id: file.id,
    name: file.name,
    content: `${downloadBase}/${file.id}/${encodeURIComponent(file.name)}`,
    createdBy: person(file.author),
    createdAt: trackerDate(file.createdAt),
    mimetype: 'application/octet-stream',
    size: contentSize(file.content),
  });

  const fail = (ctx: Ctx, status: number, message: string): void =>
    ctx.send(status, errorBody(status, message), { 'content-type': 'application/json;charset=UTF-8' });

  /** Answers 401/403 itself and returns false unless the token and exactly the matching org header are right. */
  const authorized = (ctx: Ctx): boolean => {
    const [scheme, token] = (ctx.header('authorization') ?? '').split(' ');
    const orgId = ctx.header('x-org-id');
    const cloudOrgId = ctx.header('x-cloud-org-id');
    if (scheme === 'OAuth' && token === yandexTrackerSandbox.oauthToken) {
      if (orgId === yandexTrackerSandbox.orgId && cloudOrgId === undefined) return true;
    } else if (scheme === 'Bearer' && token === yandexTrackerSandbox.iamToken) {
      const orgOk = orgId === undefined || orgId === 'not provided';
      if (cloudOrgId === yandexTrackerSandbox.cloudOrgId && orgOk) return true;
    } else {
      fail(ctx, 401, 'Authorization required');
      return false;
    }
    fail(ctx, 403, 'Organization is not specified or you have no access to it');
    return false;
  };

  const download = async (ctx: Ctx, id: string | undefined): Promise<void> => {
    if (!id || !files.get(id)) return fail(ctx, 404, 'Attachment not found');
    const key = randomBytes(24).toString('hex');
    signedLinks.set(key, { fileId: id, expiresAt: Date.now() + signedLinkLifetimeMs });
    ctx.send(302, '', { location: `https://${storageHost}/get-tracker/${key}` });
  };

  const storage = async (ctx: Ctx): Promise<void> => {
    if (ctx.header('authorization')) return ctx.send(400, 'Authorization is not accepted here', {});
    const key = /^\/get-tracker\/([0-9a-f]+)$/.exec(ctx.url.pathname)?.[1];
    const link = key ? signedLinks.get(key) : undefined;
    const file = link && link.expiresAt > Date.now() ? files.get(link.fileId) : undefined;
    if (!file) return ctx.send(403, 'Link expired or invalid', { 'content-type': 'text/plain' });
    await ctx.sendContent(200, file.content, {
      'content-type': 'application/octet-stream',
      'content-disposition': contentDisposition(file.name),
    });
  };

  /** A multipart body with one `file` part; the name comes from `?filename=` (Tracker mangles non-ASCII part names). */
  const receiveFile = async (ctx: Ctx): Promise<{ name: string; content: Content } | undefined> => {
    if (Number(ctx.header('content-length') ?? 0) > yandexTrackerSandbox.maxFileSize + 64 * 1024) {
      fail(ctx, 413, 'File is too large');
      return undefined;
    }
    const form = await ctx.readMultipart();
    const part = form?.files.find((candidate) => candidate.field === 'file');
    if (!form || !part || form.files.length !== 1) {
      fail(ctx, 400, 'Expected one multipart part named "file"');
      return undefined;
    }
    return { name: ctx.url.searchParams.get('filename') ?? part.filename, content: part.content };
  };

  const listComments = (ctx: Ctx, issue: string): void => {
    const perPage = Math.min(Number(ctx.url.searchParams.get('perPage') ?? 50) || 50, 100);
    const after = Number(ctx.url.searchParams.get('id') ?? 0);
    const page = (comments.get(issue) ?? []).filter((comment) => comment.id > after).slice(0, perPage);
    ctx.json(
      200,
      page.map((comment) => ({
        self: `${api}/v2/issues/${issue}/comments/${comment.id}`,
        id: comment.id,
        longId: `65${comment.id.toString(16).padStart(22, '0')}`,
        text: comment.text,
        createdBy: person(comment.author),
        createdAt: trackerDate(comment.createdAt),
        attachments: comment.attachmentIds.map((id) => ({
          self: `${api}/v2/attachments/${id}`,
          id,
          display: files.get(id)?.name ?? '',
        })),
      })),
    );
  };

  const addComment = async (ctx: Ctx, issue: string): Promise<void> => {
    let body: { text?: unknown; attachmentIds?: unknown };
    try {
      body = JSON.parse(await ctx.readText()) as typeof body;
    } catch {
      return fail(ctx, 400, 'Malformed JSON');
    }
    const ids = Array.isArray(body.attachmentIds) ? body.attachmentIds.map(String) : [];
    if (typeof body.text !== 'string' || body.text.trim() === '') return fail(ctx, 422, 'Field "text" is required');
    if (ids.some((id) => !temporary.has(id))) return fail(ctx, 422, 'Unknown or used attachment id');
    const id = ++commentSeq;
    const author = 'TrackerDrop Robot';
    const added = ids.map((tempId) => {
      const upload = temporary.get(tempId);
      temporary.delete(tempId);
      return upload ? files.add(issue, upload.name, upload.content, `comment:${id}`, author) : undefined;
    });
    const attachmentIds = added.flatMap((file) => (file ? [file.id] : []));
    comments.get(issue)?.push({ id, text: body.text, author, createdAt: new Date().toISOString(), attachmentIds });
    ctx.json(201, { id, text: body.text, attachments: attachmentIds.map((fileId) => ({ id: fileId })) });
  };

  const issueRoutes = async (ctx: Ctx, issue: string, rest: string): Promise<void> => {
    if (!comments.has(issue)) return fail(ctx, 404, 'Issue does not exist.');
    if (rest === '' && ctx.method === 'GET') {
      const summary = pageRoutes.find((page) => page.route === `/${issue}`)?.title ?? issue;
      return ctx.json(200, { self: `${api}/v2/issues/${issue}`, key: issue, summary });
    }
    const base = `${api}/v2/issues/${issue}/attachments`;
    if (rest === '/attachments' || rest === '/attachments/') {
      if (ctx.method === 'GET') {
        return ctx.json(
          200,
          files.live(issue).map((file) => attachmentJson(file, base)),
        );
      }
      if (ctx.method === 'POST') {
        const received = await receiveFile(ctx);
        if (!received) return;
        const file = files.add(issue, received.name, received.content, 'task', 'TrackerDrop Robot');
        return ctx.json(201, attachmentJson(file, base));
      }
    }
    const downloadMatch = /^\/attachments\/(\d+)\/[^/]+$/.exec(rest);
    if (downloadMatch && ctx.method === 'GET') {
      const file = files.get(downloadMatch[1] ?? '');
      return download(ctx, file?.container === issue ? file.id : undefined);
    }
    if (rest === '/comments' || rest === '/comments/') {
      if (ctx.method === 'GET') return listComments(ctx, issue);
      if (ctx.method === 'POST') return addComment(ctx, issue);
    }
    fail(ctx, 404, 'Not found');
  };

  const entityRoutes = async (ctx: Ctx, version: string, type: EntityType, id: string, rest: string) => {
    const container = entityContainer(type, id);
    if (!container) return fail(ctx, 404, 'Entity not found');
    const base = `${api}/${version}/entities/${type}/${id}/attachments`;
    if (rest === '' && ctx.method === 'GET')
      return ctx.json(
        200,
        files.live(container).map((f) => attachmentJson(f, base)),
      );
    const attachMatch = /^\/([\w-]+)\/?$/.exec(rest);
    if (attachMatch?.[1] && ctx.method === 'POST') {
      const upload = temporary.get(attachMatch[1]);
      if (!upload) return fail(ctx, 422, 'Unknown or used attachment id');
      temporary.delete(attachMatch[1]);
      return ctx.json(
        201,
        attachmentJson(files.add(container, upload.name, upload.content, 'project', 'TrackerDrop Robot'), base),
      );
    }
    const downloadMatch = /^\/(\d+)\/[^/]+$/.exec(rest);
    if (downloadMatch && ctx.method === 'GET') {
      const file = files.get(downloadMatch[1] ?? '');
      return download(ctx, file?.container === container ? file.id : undefined);
    }
    fail(ctx, 400, 'Bad request');
  };

  const apiRoutes = async (ctx: Ctx): Promise<void> => {
    if (!authorized(ctx)) return;
    const path = ctx.url.pathname;
    if (/^\/v[23]\/myself$/.test(path) && ctx.method === 'GET') {
      return ctx.json(200, {
        uid: 1130000,
        login: 'robot-trackerdrop',
        display: 'TrackerDrop Robot',
        email: 'robot@trackerdrop.test',
      });
    }
    if (/^\/v[23]\/attachments\/?$/.test(path) && ctx.method === 'POST') {
      const received = await receiveFile(ctx);
      if (!received) return;
      const id = `${Date.now().toString(16)}${(++tempSeq).toString(16)}`;
      temporary.set(id, received);
      return ctx.json(201, {
        self: `${api}/v2/attachments/${id}`,
        id,
        name: received.name,
        size: contentSize(received.content),
      });
    }
    const issue = /^\/v[23]\/issues\/([A-Z][A-Z0-9_]*-\d+)(\/.*)?$/.exec(path);
    if (issue?.[1]) return issueRoutes(ctx, issue[1], issue[2] ?? '');
    const entity = /^\/(v[23])\/entities\/(\w+)\/([\w-]+)\/attachments(\/.*)?$/.exec(path);
    if (entity?.[1] && entity[2] && entity[3]) {
      if (entity[2] !== 'project' && entity[2] !== 'portfolio') return fail(ctx, 400, 'Unknown entity type');
      return entityRoutes(ctx, entity[1], entity[2], entity[3], entity[4] ?? '');
    }
    fail(ctx, 404, 'Not found');
  };

  const pageRoutes = [
    { route: `/${yandexTrackerSandbox.mainIssue}`, title: 'Подготовить релиз' },
    { route: `/${yandexTrackerSandbox.emptyIssue}`, title: 'Empty issue' },
    { route: `/pages/projects/${yandexTrackerSandbox.project.shortId}`, title: 'Release project' },
    { route: `/pages/portfolios/${yandexTrackerSandbox.portfolio.shortId}`, title: 'Company portfolio' },
  ];

  return {
    tracker: 'yandex-tracker',
    handles: (host) =>
      ['api.tracker.yandex.net', storageHost, 'tracker.yandex.ru', 'tracker.yandex.com'].includes(host),
    async handle(ctx) {
      if (ctx.host === storageHost) return storage(ctx);
      if (ctx.host === 'api.tracker.yandex.net') return apiRoutes(ctx);
      if (ctx.method === 'GET' && pageRoutes.some((page) => page.route === ctx.url.pathname.replace(/\/$/, ''))) {
        const html = trackerPage({
          product: 'Yandex Tracker',
          navigation: 'history',
          accent: '#ffcc00',
          tasks: pageRoutes,
        });
        return ctx.send(200, html, { 'content-type': 'text/html; charset=utf-8' });
      }
      ctx.send(404, 'Not found', { 'content-type': 'text/plain' });
    },
    errorResponse(status) {
      const messages: Record<number, string> = {
        401: 'Authorization required',
        403: 'Access denied',
        404: 'Not found',
        429: 'Too many requests',
      };
      return {
        body: errorBody(status, messages[status] ?? 'Internal server error'),
        contentType: 'application/json;charset=UTF-8',
      };
    },
    reset,
    files: (container) => files.live(container),
    addFile: (container, name, content) =>
      files.add(container, name, content, container.includes(':') ? 'project' : 'task'),
    credentials: () => ({
      token: yandexTrackerSandbox.oauthToken,
      tokenType: 'OAuth',
      orgId: yandexTrackerSandbox.orgId,
      orgType: '360',
    }),
    emptyTaskPage: () => ({
      url: `https://tracker.yandex.ru/${yandexTrackerSandbox.emptyIssue}`,
      containerId: yandexTrackerSandbox.emptyIssue,
      title: 'Empty issue',
    }),
    samplePages: () => [
      {
        url: `https://tracker.yandex.ru/${yandexTrackerSandbox.mainIssue}`,
        containerId: yandexTrackerSandbox.mainIssue,
        title: 'Подготовить релиз',
      },
      {
        url: `https://tracker.yandex.ru/pages/projects/${yandexTrackerSandbox.project.shortId}`,
        containerId: `project:${yandexTrackerSandbox.project.shortId}`,
        title: 'Release project',
      },
      {
        url: `https://tracker.yandex.ru/pages/portfolios/${yandexTrackerSandbox.portfolio.shortId}`,
        containerId: `portfolio:${yandexTrackerSandbox.portfolio.shortId}`,
        title: 'Company portfolio',
      },
    ],
  };
}
