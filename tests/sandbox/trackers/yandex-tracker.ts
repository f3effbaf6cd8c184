import { randomBytes } from 'node:crypto';
import { type Content, textContent } from '../content';
import { type Ctx, contentDisposition } from '../context';
import type { TrackerEmulator } from '../emulator';
import { FileStore, type StoredFile } from '../file-store';
import { trackerPage } from '../pages';
import { seedTaskFiles } from '../seed-files';
import {
  type AttachmentLinks,
  apiHost,
  apiOrigin,
  attachmentJson,
  commentJson,
  entityJson,
  errorBody,
  globalAttachmentLinks,
  globalFields,
  issueAttachmentLinks,
  myselfJson,
  type StoredComment,
  type StoredEntity,
  type TrackerUser,
  userRef,
} from './yandex-tracker/shapes';

export const yandexTrackerSandbox = {
  oauthToken: 'y0_AgAAAAB-sandbox-oauth-token',
  orgId: '7012345',
  iamToken: 't1.9euelZ-sandbox-iam-token',
  cloudOrgId: 'bpf3crucp1v28sandbox',
  mainIssue: 'TEST-1',
  emptyIssue: 'TEST-2',
  /** A queue of five issues with files of their own, and a saved filter that shows it. */
  bulkQueue: 'BULK',
  bulkIssues: ['BULK-1', 'BULK-2', 'BULK-3', 'BULK-4', 'BULK-5'],
  bulkFilter: '4201',
  project: { id: '655f1c2e8a1b2c3d4e5f6a70', shortId: '42' },
  portfolio: { id: '655f1c2e8a1b2c3d4e5f6a71', shortId: '7' },
  maxFileSize: 1024 ** 3,
} as const;

const storageHost = 'storage.mds.yandex.net';
const signedLinkLifetimeMs = 10 * 60 * 1000;
/** Where `POST /v2/attachments/` puts a file until an issue comment or an entity takes it (keeping its id). */
const temporaryContainer = 'temporary';

const people = {
  robot: { uid: 1130000061234567, login: 'robot-trackerdrop', firstName: 'TrackerDrop', lastName: 'Robot' },
  anna: { uid: 1130000061234501, login: 'anna.petrova', firstName: 'Анна', lastName: 'Петрова' },
  ivan: { uid: 1130000061234502, login: 'ivan.sidorov', firstName: 'Ivan', lastName: 'Sidorov' },
} satisfies Record<string, TrackerUser>;

const userByLogin = (login: string): TrackerUser =>
  Object.values(people).find((user) => user.login === login) ?? people.anna;

const issueSummaries = new Map<string, string>([
  [yandexTrackerSandbox.mainIssue, 'Подготовить релиз'],
  [yandexTrackerSandbox.emptyIssue, 'Empty issue'],
  ...yandexTrackerSandbox.bulkIssues.map((key, index): [string, string] => [key, `Поставка ${index + 1}`]),
]);

/** The queue an issue key names: `BULK` of `BULK-3`. */
const queueOf = (key: string): string => key.slice(0, key.lastIndexOf('-'));

/** Saved filters (user/create-filter.md) by id, with the query each one saves. */
const savedFilters = new Map<string, string>([
  [yandexTrackerSandbox.bulkFilter, `Queue: ${yandexTrackerSandbox.bulkQueue}`],
]);

const entities: readonly StoredEntity[] = [
  {
    type: 'project',
    ...yandexTrackerSandbox.project,
    summary: 'Release project',
    createdAt: '2026-01-05T08:00:00.000Z',
    author: people.anna,
  },
  {
    type: 'portfolio',
    ...yandexTrackerSandbox.portfolio,
    summary: 'Company portfolio',
    createdAt: '2026-01-05T08:30:00.000Z',
    author: people.anna,
  },
];

/** The sandbox container of an entity's files (what `TrackerEmulator.files()` takes). */
const containerOf = (entity: StoredEntity): string => `${entity.type}:${entity.shortId}`;

/** `expand=attachments,html` or `expand=all` (get-comments.md, get-entity.md). */
const expands = (ctx: Ctx, what: string): boolean => {
  const asked = (ctx.url.searchParams.get('expand') ?? '').split(',');
  return asked.includes(what) || asked.includes('all');
};

type Handler = (ctx: Ctx, version: string, params: string[]) => Promise<void> | void;

/** Yandex Tracker (yandex-tracker.md): OAuth/IAM + org header; issue and entity attachments; storage redirects. */
export function createYandexTrackerEmulator(): TrackerEmulator & {
  /**
   * Every signed storage link handed out so far stops working, as if its lifetime had run out: a link resolved
   * before a long ZIP's earlier entries were read. Downloads through the API still get a fresh link.
   */
  expireSignedLinks(): void;
  /**
   * The most comments a page holds, whatever `perPage` asks: get-comments.md gives 50 as the default and documents no
   * maximum, so a client must follow `Link` rather than count on its `perPage`.
   */
  holdCommentPagesTo(most: number): void;
  /** Downloads are answered with the bytes themselves (200), as get-attachment documents, not with a redirect. */
  serveDownloadsDirectly(direct: boolean): void;
} {
  const files = new FileStore(70_001);
  const comments = new Map<string, StoredComment[]>();
  const signedLinks = new Map<string, { fileId: string; expiresAt: number }>();
  let commentSeq = 100;
  let mostCommentsPerPage = 100;
  let downloadsDirect = false;

  const reset = (): void => {
    files.clear();
    comments.clear();
    signedLinks.clear();
    commentSeq = 100;
    mostCommentsPerPage = 100;
    downloadsDirect = false;
    const issue = yandexTrackerSandbox.mainIssue;
    const seed = seedTaskFiles('yandex-tracker');
    for (const file of seed.body) files.add(issue, file.name, file.content, 'task', people.anna.login);
    const list: StoredComment[] = [];
    for (const [index, group] of seed.comments.entries()) {
      const author = index === 0 ? people.ivan : people.anna;
      const id = ++commentSeq;
      const added = group.map((file) => files.add(issue, file.name, file.content, `comment:${id}`, author.login));
      const createdAt = added[0]?.createdAt ?? new Date(Date.UTC(2026, 0, 10, 9)).toISOString();
      list.push({ id, text: `Comment ${index + 1}`, author, createdAt, attachmentIds: added.map((f) => f.id) });
    }
    comments.set(issue, list);
    comments.set(yandexTrackerSandbox.emptyIssue, []);
    for (const [index, key] of yandexTrackerSandbox.bulkIssues.entries()) {
      const n = index + 1;
      // The same name in every issue: each issue's folder keeps its own.
      files.add(key, 'scan.pdf', { kind: 'generated', seed: `yt-bulk-scan-${n}`, size: 20_000 + n }, 'task');
      const id = ++commentSeq;
      const note = files.add(key, `notes ${n}.txt`, textContent(`notes of ${key}\n`), `comment:${id}`);
      const createdAt = note.createdAt;
      comments.set(key, [{ id, text: 'See notes', author: people.ivan, createdAt, attachmentIds: [note.id] }]);
    }
    const entityFile = (entity: StoredEntity | undefined, name: string, seed: string, size: number) => {
      if (entity) files.add(containerOf(entity), name, { kind: 'generated', seed, size }, 'project', people.anna.login);
    };
    const [project, portfolio] = entities;
    entityFile(project, 'roadmap.pdf', 'yt-roadmap', 20_000);
    entityFile(project, 'Бюджет проекта.xlsx', 'yt-budget', 9_000);
    entityFile(portfolio, 'portfolio overview.pptx', 'yt-portfolio', 15_000);
  };
  reset();

  const linksOf = (version: string, file: StoredFile): AttachmentLinks =>
    file.container === temporaryContainer || file.container.includes(':')
      ? globalAttachmentLinks(version, file)
      : issueAttachmentLinks(version, file.container, file);
  const describeFile = (version: string, file: StoredFile) =>
    attachmentJson(file, linksOf(version, file), userByLogin(file.author));

  const fail = (ctx: Ctx, status: number, message: string): void =>
    ctx.send(status, errorBody(status, message), { 'content-type': 'application/json;charset=UTF-8' });

  /**
   * Answers 401 unless the token is known, 403 unless exactly one organization header names the organization.
   * OAuth goes with either header, an IAM token only with `X-Cloud-Org-ID` (the Headers section of every page, e.g.
   * https://yandex.ru/support/tracker/en/api-ref/entities/attachments/get-all-attachments). The official client
   * sends `X-Org-Id: not provided` beside `X-Cloud-Org-Id` (yandex/yandex_tracker_client connection.py), which
   * counts as absent. The 403 words are the service's own (https://github.com/yandex/yandex_tracker_client/issues/16).
   */
  const authorized = (ctx: Ctx): boolean => {
    const [scheme, token] = (ctx.header('authorization') ?? '').split(' ');
    const oauth = scheme === 'OAuth' && token === yandexTrackerSandbox.oauthToken;
    const iam = scheme === 'Bearer' && token === yandexTrackerSandbox.iamToken;
    if (!oauth && !iam) {
      fail(ctx, 401, 'Authorization required');
      return false;
    }
    const sentOrgId = ctx.header('x-org-id');
    const orgId = sentOrgId === 'not provided' ? undefined : sentOrgId;
    const cloudOrgId = ctx.header('x-cloud-org-id');
    const org360 = oauth && cloudOrgId === undefined && orgId === yandexTrackerSandbox.orgId;
    const cloudOrg = orgId === undefined && cloudOrgId === yandexTrackerSandbox.cloudOrgId;
    if (org360 || cloudOrg) return true;
    fail(ctx, 403, 'Organization is not available, not ready or not found');
    return false;
  };

  /**
   * The API answers a download with a redirect to a signed link on Yandex's storage (`storage.mds.yandex.net`),
   * which takes no OAuth header (yandex-tracker.md, Download: public code reports the redirect to `*.mds.yandex.net`,
   * and the token must not go there). The link's lifetime (`signedLinkLifetimeMs`) is the sandbox's choice. The
   * reference itself documents a 200 with the file (issues/get-attachment.md, answer-200): `serveDownloadsDirectly`.
   */
  const download = async (ctx: Ctx, file: StoredFile | undefined): Promise<void> => {
    if (!file) {
      fail(ctx, 404, 'Attachment not found');
      return;
    }
    if (downloadsDirect) {
      await ctx.sendContent(200, file.content, {
        'content-type': 'application/octet-stream',
        'content-disposition': contentDisposition(file.name),
      });
      return;
    }
    const key = randomBytes(24).toString('hex');
    signedLinks.set(key, { fileId: file.id, expiresAt: Date.now() + signedLinkLifetimeMs });
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

  /** A temporary file of `POST /v2/attachments/` still unused, which an issue comment or an entity takes over. */
  const claimTemporary = (id: string, container: string, place: string, name?: string): StoredFile | undefined => {
    const file = files.get(id);
    if (file?.container !== temporaryContainer) return undefined;
    file.container = container;
    file.place = place;
    if (name) file.name = name;
    return file;
  };

  /** The issue of a route, or a 404 answered. */
  const knownIssue = (ctx: Ctx, key: string | undefined): key is string => {
    if (key && comments.has(key)) return true;
    fail(ctx, 404, 'Issue does not exist.');
    return false;
  };

  /**
   * The entity of a route, or a 400/404 answered. Only the list of an entity's files takes its `shortId` as well
   * ("You can use the id or shortId parameter as the ID", entities/attachments/get-all-attachments); the other
   * routes name an entity by its `id` ("Entity ID. To get the ID, see the entity list",
   * entities/attachments/add-attachment; "The entity ID is not the same as the project or portfolio ID",
   * entities/get-entity), which is not what a project's page address shows.
   */
  const knownEntity = (
    ctx: Ctx,
    type: string | undefined,
    id: string | undefined,
    byShortIdToo = false,
  ): StoredEntity | undefined => {
    if (type !== 'project' && type !== 'portfolio') {
      fail(ctx, 400, `Unknown entity type: ${type}`);
      return undefined;
    }
    const entity = entities.find(
      (candidate) =>
        candidate.type === type && (candidate.id === id || (byShortIdToo && candidate.shortId === (id ?? ''))),
    );
    if (!entity) fail(ctx, 404, 'Entity not found');
    return entity;
  };

  /** Pages by `perPage` and `id` (the comment to start after); `Link` names the next page (get-comments.md). */
  const listComments: Handler = (ctx, version, [issue]) => {
    if (!knownIssue(ctx, issue)) return;
    const perPage = Math.min(Number(ctx.url.searchParams.get('perPage') ?? 50) || 50, mostCommentsPerPage);
    const after = Number(ctx.url.searchParams.get('id') ?? 0);
    const rest = (comments.get(issue) ?? []).filter((comment) => comment.id > after);
    const page = rest.slice(0, perPage);
    const attachments = expands(ctx, 'attachments');
    const html = expands(ctx, 'html');
    const body = page.map((comment) =>
      commentJson(version, issue, comment, {
        attachments: attachments
          ? comment.attachmentIds.map((id) => ({ id, name: files.get(id)?.name ?? '' }))
          : undefined,
        html,
      }),
    );
    const link = (startAfter: number | undefined) => {
      const url = new URL(`${apiOrigin}${ctx.url.pathname}${ctx.url.search}`);
      if (startAfter === undefined) url.searchParams.delete('id');
      else url.searchParams.set('id', String(startAfter));
      return `<${url.href}>`;
    };
    const last = page.at(-1);
    const links = [`${link(undefined)}; rel="first"`];
    if (last && rest.length > page.length) links.push(`${link(last.id)}; rel="next"`);
    ctx.json(200, body, { link: links.join(', ') });
  };

  /** An issue as get-issue.md and search-issues.md show one (the fields the sandbox keeps). */
  const issueJson = (version: string, issue: string) => {
    const queue = queueOf(issue);
    return {
      self: `${apiOrigin}/${version}/issues/${issue}`,
      id: `65a0${Buffer.from(issue).toString('hex').padStart(20, '0')}`,
      key: issue,
      version: 1,
      summary: issueSummaries.get(issue) ?? issue,
      queue: { self: `${apiOrigin}/${version}/queues/${queue}`, id: String(queue.length), key: queue, display: queue },
      createdBy: userRef(people.anna),
    };
  };

  /**
   * The issues a query matches, in the part of the query language the sandbox reads: `Queue: <key>` and
   * `Filter: <saved filter id>`, joined by `AND` or a space, each narrowing the others (user/query-filter.md).
   * Undefined for anything else, which the service would read and the sandbox cannot.
   */
  const matching = (query: string, depth = 0): string[] | undefined => {
    const condition = /"?(Queue|Filter)"?\s*:\s*"?([\w-]+)"?/gi;
    const rest = query
      .replace(condition, '')
      .replace(/\bAND\b/g, '')
      .trim();
    const conditions = [...query.matchAll(condition)];
    if (rest !== '' || conditions.length === 0 || depth > 3) return undefined;
    let issues: string[] | undefined = [...comments.keys()];
    for (const [, name = '', value = ''] of conditions) {
      if (!issues) return undefined;
      if (name.toLowerCase() === 'queue') {
        issues = issues.filter((key) => queueOf(key) === value);
      } else {
        const saved = savedFilters.get(value);
        const inFilter = saved === undefined ? [] : matching(saved, depth + 1);
        issues = inFilter && issues.filter((key) => inFilter.includes(key));
      }
    }
    return issues;
  };

  /**
   * `POST /v2/issues/_search` (issues/search-issues.md): exactly one of `queue`, `keys`, `filter`, `query` ("You can
   * only use keys, a queue or a search query"); pages by `perPage` (default 50, at most 100) and `page` (from 1), with
   * `X-Total-Pages` and `X-Total-Count`. Scrolling (`scrollType`) is not emulated: the product pages.
   */
  const searchIssues: Handler = async (ctx, version) => {
    let body: { queue?: unknown; keys?: unknown; filter?: unknown; query?: unknown };
    try {
      body = JSON.parse(await ctx.readText()) as typeof body;
    } catch {
      return fail(ctx, 400, 'Malformed JSON');
    }
    if (ctx.url.searchParams.has('scrollType')) return fail(ctx, 400, 'Scrolling is not emulated by the sandbox');
    const given = (['queue', 'keys', 'filter', 'query'] as const).filter((name) => body[name] !== undefined);
    if (given.length > 1) return fail(ctx, 400, 'You can only use keys, a queue or a search query.');
    let found: string[] | undefined = [...comments.keys()];
    if (typeof body.queue === 'string') {
      const queue = body.queue;
      found = found.filter((key) => queueOf(key) === queue);
      if (found.length === 0) return fail(ctx, 404, 'Queue does not exist.');
    } else if (Array.isArray(body.keys)) {
      const keys = body.keys.map(String);
      found = found.filter((key) => keys.includes(key));
    } else if (typeof body.query === 'string') {
      found = matching(body.query);
      if (!found) return fail(ctx, 400, 'The sandbox reads only Queue and Filter conditions of the query language');
    } else if (given.length > 0) {
      return fail(ctx, 400, 'The sandbox reads a search by queue, keys or query');
    }
    const number = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));
    found.sort((a, b) => queueOf(a).localeCompare(queueOf(b)) || number(a) - number(b));
    const perPage = Math.min(Number(ctx.url.searchParams.get('perPage') ?? 50) || 50, 100);
    const page = Math.max(Number(ctx.url.searchParams.get('page') ?? 1) || 1, 1);
    const shown = found.slice((page - 1) * perPage, page * perPage);
    ctx.json(
      200,
      shown.map((key) => issueJson(version, key)),
      {
        'x-total-pages': String(Math.max(1, Math.ceil(found.length / perPage))),
        'x-total-count': String(found.length),
      },
    );
  };

  /**
   * `POST /v3/entities/<type>/_search` (entities/search-entities): `{hits, pages, values}`, pages of `perPage` (50 by
   * default) by `page`. The sandbox reads no `filter`, `input` or order: every entity of the type is listed.
   */
  const searchEntities: Handler = async (ctx, version, [type]) => {
    if (type !== 'project' && type !== 'portfolio') return fail(ctx, 400, `Unknown entity type: ${type}`);
    const text = await ctx.readText();
    try {
      if (text) JSON.parse(text);
    } catch {
      return fail(ctx, 400, 'Malformed JSON');
    }
    const found = entities.filter((entity) => entity.type === type);
    const perPage = Math.min(Number(ctx.url.searchParams.get('perPage') ?? 50) || 50, 100);
    const page = Math.max(Number(ctx.url.searchParams.get('page') ?? 1) || 1, 1);
    const values = found.slice((page - 1) * perPage, page * perPage).map((entity) => entityJson(version, entity, {}));
    ctx.json(200, { hits: found.length, pages: Math.max(1, Math.ceil(found.length / perPage)), values });
  };

  const addComment: Handler = async (ctx, version, [issue]) => {
    if (!knownIssue(ctx, issue)) return;
    let body: { text?: unknown; attachmentIds?: unknown };
    try {
      body = JSON.parse(await ctx.readText()) as typeof body;
    } catch {
      return fail(ctx, 400, 'Malformed JSON');
    }
    const ids = Array.isArray(body.attachmentIds) ? body.attachmentIds.map(String) : [];
    if (typeof body.text !== 'string' || body.text.trim() === '') return fail(ctx, 422, 'Field "text" is required');
    if (ids.some((id) => files.get(id)?.container !== temporaryContainer)) {
      return fail(ctx, 422, 'Unknown or used attachment id');
    }
    const id = ++commentSeq;
    const claimed = ids.flatMap((fileId) => claimTemporary(fileId, issue, `comment:${id}`) ?? []);
    const comment: StoredComment = {
      id,
      text: body.text,
      author: people.robot,
      createdAt: new Date().toISOString(),
      attachmentIds: claimed.map((file) => file.id),
    };
    comments.get(issue)?.push(comment);
    const attachments = claimed.length > 0 ? claimed.map((file) => ({ id: file.id, name: file.name })) : undefined;
    ctx.json(201, commentJson(version, issue, comment, { attachments, html: false }));
  };

  const routes: [method: string, path: RegExp, handler: Handler][] = [
    ['GET', /^\/myself$/, (ctx) => ctx.json(200, myselfJson(people.robot))],
    // get-global-fields.md; the official client asks `/v2/fields/` before it reads any issue.
    ['GET', /^\/fields\/?$/, (ctx, version) => ctx.json(200, globalFields(version))],
    [
      'GET',
      /^\/fields\/([\w.-]+)$/,
      (ctx, version, [id]) => {
        const field = globalFields(version).find((candidate) => candidate.id === id);
        return field ? ctx.json(200, field) : fail(ctx, 404, 'Field not found');
      },
    ],
    [
      'POST',
      /^\/attachments\/?$/,
      async (ctx, version) => {
        const received = await receiveFile(ctx);
        if (!received) return;
        const file = files.add(temporaryContainer, received.name, received.content, 'temporary', people.robot.login);
        ctx.json(201, describeFile(version, file));
      },
    ],
    [
      'GET',
      /^\/attachments\/(\d+)$/,
      (ctx, version, [id]) => {
        const file = files.get(id ?? '');
        return file ? ctx.json(200, describeFile(version, file)) : fail(ctx, 404, 'Attachment not found');
      },
    ],
    // The `content` address of an entity's file (entities/attachments/get-all-attachments.md).
    ['GET', /^\/attachments\/(\d+)\/[^/]+$/, (ctx, _version, [id]) => download(ctx, files.get(id ?? ''))],
    [
      'GET',
      /^\/issues\/([A-Z][A-Z0-9_]*-\d+)$/,
      (ctx, version, [issue]) => {
        if (!knownIssue(ctx, issue)) return;
        ctx.json(200, issueJson(version, issue));
      },
    ],
    ['POST', /^\/issues\/_search\/?$/, searchIssues],
    ['POST', /^\/entities\/(\w+)\/_search\/?$/, searchEntities],
    [
      'GET',
      /^\/issues\/([A-Z][A-Z0-9_]*-\d+)\/attachments\/?$/,
      (ctx, version, [issue]) => {
        if (!knownIssue(ctx, issue)) return;
        ctx.json(
          200,
          files.live(issue).map((file) => describeFile(version, file)),
        );
      },
    ],
    [
      'POST',
      /^\/issues\/([A-Z][A-Z0-9_]*-\d+)\/attachments\/?$/,
      async (ctx, version, [issue]) => {
        if (!knownIssue(ctx, issue)) return;
        const received = await receiveFile(ctx);
        if (!received) return;
        const file = files.add(issue, received.name, received.content, 'task', people.robot.login);
        ctx.json(201, describeFile(version, file));
      },
    ],
    [
      'GET',
      /^\/issues\/([A-Z][A-Z0-9_]*-\d+)\/attachments\/(\d+)$/,
      (ctx, version, [issue, id]) => {
        if (!knownIssue(ctx, issue)) return;
        const file = files.get(id ?? '');
        return file?.container === issue
          ? ctx.json(200, describeFile(version, file))
          : fail(ctx, 404, 'Attachment not found');
      },
    ],
    // get-attachment.md: `/issues/<issue>/attachments/<attachment>/<filename>`.
    [
      'GET',
      /^\/issues\/([A-Z][A-Z0-9_]*-\d+)\/attachments\/(\d+)\/[^/]+$/,
      (ctx, _version, [issue, id]) => {
        if (!knownIssue(ctx, issue)) return;
        const file = files.get(id ?? '');
        return download(ctx, file?.container === issue ? file : undefined);
      },
    ],
    ['GET', /^\/issues\/([A-Z][A-Z0-9_]*-\d+)\/comments\/?$/, listComments],
    ['POST', /^\/issues\/([A-Z][A-Z0-9_]*-\d+)\/comments\/?$/, addComment],
    [
      'GET',
      /^\/entities\/(\w+)\/([\w-]+)\/?$/,
      (ctx, version, [type, id]) => {
        const entity = knownEntity(ctx, type, id);
        if (!entity) return;
        const fields = ctx.url.searchParams.get('fields')?.split(',');
        const attachments = expands(ctx, 'attachments')
          ? files.live(containerOf(entity)).map((file) => describeFile(version, file))
          : undefined;
        ctx.json(200, entityJson(version, entity, { attachments, fields }));
      },
    ],
    [
      'GET',
      /^\/entities\/(\w+)\/([\w-]+)\/attachments\/?$/,
      (ctx, version, [type, id]) => {
        const entity = knownEntity(ctx, type, id, true);
        if (!entity) return;
        ctx.json(
          200,
          files.live(containerOf(entity)).map((file) => describeFile(version, file)),
        );
      },
    ],
    [
      'GET',
      /^\/entities\/(\w+)\/([\w-]+)\/attachments\/(\d+)$/,
      (ctx, version, [type, id, fileId]) => {
        const entity = knownEntity(ctx, type, id);
        if (!entity) return;
        const file = files.get(fileId ?? '');
        if (file?.container !== containerOf(entity)) return fail(ctx, 404, 'Attachment not found');
        ctx.json(200, describeFile(version, file));
      },
    ],
    // entities/attachments/add-attachment.md: 200 with the entity; `filename` renames the file.
    [
      'POST',
      /^\/entities\/(\w+)\/([\w-]+)\/attachments\/(\d+)\/?$/,
      (ctx, version, [type, id, fileId]) => {
        const entity = knownEntity(ctx, type, id);
        if (!entity) return;
        const name = ctx.url.searchParams.get('filename') ?? undefined;
        if (!claimTemporary(fileId ?? '', containerOf(entity), 'project', name)) {
          return fail(ctx, 422, 'Unknown or used attachment id');
        }
        const attachments = expands(ctx, 'attachments')
          ? files.live(containerOf(entity)).map((file) => describeFile(version, file))
          : undefined;
        ctx.json(200, entityJson(version, entity, { attachments }));
      },
    ],
  ];

  const apiRoutes = async (ctx: Ctx): Promise<void> => {
    if (!authorized(ctx)) return;
    const [, version, path] = /^\/(v[23])(\/.*)$/.exec(ctx.url.pathname) ?? [];
    if (!version || !path) return fail(ctx, 404, 'Not found');
    let pathKnown = false;
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (method === ctx.method) return handler(ctx, version, match.slice(1));
    }
    if (pathKnown) return fail(ctx, 405, 'Method not allowed');
    fail(ctx, 404, 'Not found');
  };

  const pageRoutes = [
    ...[...issueSummaries].map(([issue, title]) => ({ route: `/${issue}`, title })),
    ...entities.map((entity) => ({ route: `/pages/${entity.type}s/${entity.shortId}`, title: entity.summary })),
    // Pages that list issues: a queue, a saved filter, a search (`/issues/?_q=<query>`).
    { route: `/queues/${yandexTrackerSandbox.bulkQueue}`, title: `Queue ${yandexTrackerSandbox.bulkQueue}` },
    ...[...savedFilters.keys()].map((id) => ({ route: `/filters/filter:${id}`, title: `Filter ${id}` })),
    { route: '/issues', title: 'Issues' },
  ];

  return {
    tracker: 'yandex-tracker',
    handles: (host) => [apiHost, storageHost, 'tracker.yandex.ru', 'tracker.yandex.com'].includes(host),
    async handle(ctx) {
      if (ctx.host === storageHost) return storage(ctx);
      if (ctx.host === apiHost) return apiRoutes(ctx);
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
    expireSignedLinks() {
      for (const link of signedLinks.values()) link.expiresAt = 0;
    },
    holdCommentPagesTo(most) {
      mostCommentsPerPage = most;
    },
    serveDownloadsDirectly(direct) {
      downloadsDirect = direct;
    },
    files: (container) => files.live(container),
    addFile: (container, name, content) =>
      files.add(container, name, content, container.includes(':') ? 'project' : 'task', people.anna.login),
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
