import { AppError } from '../../errors';
import { type HttpRequest, type HttpResponse, restrictToHosts } from '../../http/client';
import { asString, isRecord, readJson } from '../../http/responses';
import { refusedBeforeProcessing, withRetry } from '../../http/retry';
import { pagesThatEnd } from '../pages-that-end';
import type {
  ApiDeps,
  Attachment,
  AttachmentPlace,
  ListedTask,
  TaskListTarget,
  TaskTarget,
  TrackerApi,
} from '../types';
import { yandexTrackerError } from './errors';
import { type YandexTrackerSettings, yandexTracker } from './index';
import {
  commentIds,
  commentPlaces,
  identityOf,
  listedEntities,
  listedIssues,
  nextCommentsAfter,
  parseAttachments,
} from './parse';

const apiBase = 'https://api.tracker.yandex.net';
const { maxFileSize } = yandexTracker.capabilities;
const commentsPerPage = 100;
/** `_search` pages: `perPage` is at most 100, and paging by `page` reaches 10,000 issues (issues/search-issues.md). */
const searchPerPage = 100;
const pagedSearchLimit = 10_000;
/** An entity's own id (entities/search-entities: `655f8ce5d6a39833********`), not its number. */
const entityIdPattern = /^[0-9a-f]{24}$/;

/** What `_search` is asked for a list page: a queue by its key, a saved filter or a search in the query language. */
function searchBody(list: TaskListTarget): Record<string, string> {
  if (list.list === 'queue') return { queue: list.id };
  // The query language's `Filter` parameter takes a saved filter's id (user/query-filter.md, "Filter parameters").
  if (list.list === 'filter') return { query: `Filter: ${list.id}` };
  if (list.list === 'query') return { query: list.id };
  throw new AppError('unexpected', { tracker: 'yandex-tracker', detail: `no ${list.list} lists` });
}

function entityPath(target: TaskTarget): string {
  return `/v3/entities/${target.kind}/${encodeURIComponent(target.id)}/attachments`;
}

/**
 * Where a file's bytes are: an issue's under the issue (issues/get-attachment.md), an entity's at
 * `/attachments/<id>/<name>`, the `content` address its list gives (entities/attachments/get-all-attachments.md).
 */
function downloadPath(target: TaskTarget, attachment: Attachment): string {
  const file = `${encodeURIComponent(attachment.id)}/${encodeURIComponent(attachment.name)}`;
  return target.kind === 'task'
    ? `/v2/issues/${encodeURIComponent(target.id)}/attachments/${file}`
    : `/v2/attachments/${file}`;
}

export function createApi(settings: YandexTrackerSettings, deps: ApiDeps): TrackerApi {
  const http = restrictToHosts(deps.http, () => yandexTracker.apiHosts);
  const secrets = [settings.token];
  const headers = (): Record<string, string> => ({
    authorization: `${settings.tokenType === 'IAM' ? 'Bearer' : 'OAuth'} ${settings.token}`,
    ...(settings.orgType === 'cloud' ? { 'x-cloud-org-id': settings.orgId } : { 'x-org-id': settings.orgId }),
  });

  const send = async (request: HttpRequest): Promise<HttpResponse> => {
    const response = await http({ ...request, headers: { ...headers(), ...request.headers } });
    if (response.status >= 200 && response.status < 300) return response;
    throw yandexTrackerError(response, await response.text().catch(() => ''), secrets);
  };
  const read = (path: string, signal?: AbortSignal) =>
    withRetry(async () => readJson('yandex-tracker', await send({ url: `${apiBase}${path}`, signal })), { signal });
  const post = (request: HttpRequest) =>
    withRetry(() => send({ method: 'POST', ...request }), {
      shouldRetry: refusedBeforeProcessing,
      signal: request.signal,
    });

  /**
   * An entity takes its files one request each, and a batch that failed partway is attached again whole; a temporary
   * file is usable once (422 once it is attached, yandex-tracker.md). One the entity already holds under that id was
   * attached by the try before.
   */
  const attachedBefore = async (target: TaskTarget, temporaryId: string, error: unknown): Promise<boolean> =>
    error instanceof AppError &&
    error.details.status === 422 &&
    (await api.listAttachments(target)).attachments.some((attachment) => attachment.id === temporaryId);

  /**
   * The entity id a project's or portfolio's number stands for. A page's address shows the number (`shortId`), which
   * the list of files takes, but attaching takes the entity's own id ("To get the ID, see the entity list",
   * entities/attachments/add-attachment): the entity list is searched for it, once per client.
   */
  const entityIds = new Map<string, string>();
  const entityIdOf = async (target: TaskTarget, signal?: AbortSignal): Promise<string> => {
    if (entityIdPattern.test(target.id)) return target.id;
    const known = entityIds.get(`${target.kind}/${target.id}`);
    if (known) return known;
    const ending = pagesThatEnd('yandex-tracker', `${target.kind} _search`);
    for (let page = 1; ; page++) {
      const found = await withRetry(
        async () =>
          readJson(
            'yandex-tracker',
            await send({
              method: 'POST',
              url: `${apiBase}/v3/entities/${target.kind}/_search?perPage=${searchPerPage}&page=${page}`,
              headers: { 'content-type': 'application/json' },
              body: '{}',
              signal,
            }),
          ),
        { signal },
      );
      const { entities, pages } = listedEntities(found);
      const brought = ending.take(entities.map((entity) => entity.id));
      for (const entity of entities) entityIds.set(`${target.kind}/${entity.shortId}`, entity.id);
      const id = entityIds.get(`${target.kind}/${target.id}`);
      if (id) return id;
      const more = pages === undefined ? entities.length >= searchPerPage : page < pages;
      // Not among those the search lists (it may leave some out): the number as given, for the tracker to judge.
      if (!brought || !more) return target.id;
    }
  };

  /**
   * A comment lists its files only when asked with `expand=attachments`; pages follow `Link` (issues/get-comments.md),
   * since the service may hold a page to fewer comments than asked.
   */
  const issueComments = async (key: string, signal?: AbortSignal): Promise<Map<string, AttachmentPlace>> => {
    const places = new Map<string, AttachmentPlace>();
    const ending = pagesThatEnd('yandex-tracker', 'comments');
    let after: string | undefined = '';
    while (after !== undefined) {
      const query = `expand=attachments&perPage=${commentsPerPage}${after && `&id=${encodeURIComponent(after)}`}`;
      const { page, link } = await withRetry(
        async () => {
          const response = await send({ url: `${apiBase}/v2/issues/${key}/comments?${query}`, signal });
          return { link: response.headers.get('link'), page: await readJson('yandex-tracker', response) };
        },
        { signal },
      );
      const brought = ending.take(commentIds(page));
      for (const [id, place] of commentPlaces(page)) places.set(id, place);
      after = brought ? nextCommentsAfter(link, page, commentsPerPage) : undefined;
    }
    return places;
  };

  const api: TrackerApi = {
    tracker: yandexTracker.id,

    async whoAmI(signal) {
      return identityOf(await read('/v2/myself', signal));
    },

    async listAttachments(target, signal): Promise<{ title?: string; attachments: Attachment[] }> {
      if (target.kind !== 'task') {
        return { attachments: parseAttachments(await read(entityPath(target), signal), () => ({ kind: 'project' })) };
      }
      const key = encodeURIComponent(target.id);
      const [issue, body, places] = await Promise.all([
        read(`/v2/issues/${key}?fields=summary`, signal),
        read(`/v2/issues/${key}/attachments`, signal),
        issueComments(key, signal),
      ]);
      const title = isRecord(issue) ? asString(issue.summary) : undefined;
      return { title, attachments: parseAttachments(body, (id) => places.get(id) ?? { kind: 'task' }) };
    },

    /** The issues of a queue, filter or search, page after page (`X-Total-Pages` says how many there are). */
    async listTasks(list, limit, signal) {
      const body = JSON.stringify(searchBody(list));
      const most = Math.min(limit, pagedSearchLimit);
      const tasks: ListedTask[] = [];
      const ending = pagesThatEnd('yandex-tracker', '_search');
      const listedAlready = new Set<string>();
      for (let page = 1; ; page++) {
        const { issues, pages } = await withRetry(
          async () => {
            const response = await send({
              method: 'POST',
              url: `${apiBase}/v2/issues/_search?perPage=${searchPerPage}&page=${page}`,
              headers: { 'content-type': 'application/json' },
              body,
              signal,
            });
            const pages = Number(response.headers.get('x-total-pages') ?? Number.NaN);
            return { issues: listedIssues(await readJson('yandex-tracker', response)), pages };
          },
          { signal },
        );
        const brought = ending.take(issues.map((issue) => issue.key));
        // A list that shifted while it was read brings an issue again on the next page.
        for (const issue of issues.filter((candidate) => !listedAlready.has(candidate.key))) {
          listedAlready.add(issue.key);
          tasks.push({ target: { kind: 'task', id: issue.key, host: list.host }, title: issue.summary });
        }
        // Without `X-Total-Pages`, a short page is the last one.
        const more = Number.isNaN(pages) ? issues.length === searchPerPage : page < pages;
        if (tasks.length >= most) return { tasks: tasks.slice(0, most), truncated: tasks.length > most || more };
        if (!more || !brought) return { tasks, truncated: false };
      }
    },

    /**
     * The API answers with a 302 to a signed storage link on `*.mds.yandex.net` (yandex-tracker.md, Download), which
     * must not get our token. The browser's downloads API would carry it along, so for it the link is resolved here
     * (fetch drops `Authorization` on a cross-origin redirect) and the download gets the signed link alone. A `fetch`
     * of the request itself (a ZIP's entries, a copy) follows the redirect as it reads the file, the link fresh
     * however long the ZIP's earlier entries take: a link resolved up front can expire before its entry is read.
     * The organization header does go along to the storage host there (only `Authorization` is dropped); it names
     * the organization and is no credential.
     */
    async downloadRequest(target, attachment, fetchedBy = 'downloads-api') {
      const url = `${apiBase}${downloadPath(target, attachment)}`;
      const asItIs = { url, headers: Object.entries(headers()).map(([name, value]) => ({ name, value })) };
      if (fetchedBy === 'fetch') return asItIs;
      const resolved = await withRetry(async () => {
        const stop = new AbortController();
        const response = await send({ url, signal: stop.signal, redirect: 'follow' });
        stop.abort();
        return response.url;
      });
      if (resolved && new URL(resolved).host !== new URL(apiBase).host) return { url: resolved, headers: [] };
      return asItIs;
    },

    /** A temporary attachment: it joins the issue (in one comment for the batch) or the entity in `attach`. */
    async upload(_target, file, options = {}) {
      if (file.size > maxFileSize)
        throw new AppError('too-large', { tracker: 'yandex-tracker', limitBytes: maxFileSize });
      const response = await post({
        url: `${apiBase}/v2/attachments/?filename=${encodeURIComponent(file.name)}`,
        body: (() => {
          const form = new FormData();
          form.append('file', file.blob, file.name);
          return form;
        })(),
        signal: options.signal,
        onUploadProgress: options.onProgress,
      });
      const body = await readJson('yandex-tracker', response);
      const id = isRecord(body) ? asString(body.id) : undefined;
      if (!id) throw new AppError('unexpected', { tracker: 'yandex-tracker', detail: 'no attachment id' });
      return { remoteRef: id, attached: false };
    },

    async attach(target, uploads, comment) {
      if (target.kind !== 'task') {
        for (const upload of uploads) {
          try {
            const entity = { ...target, id: await entityIdOf(target) };
            await post({ url: `${apiBase}${entityPath(entity)}/${encodeURIComponent(upload.remoteRef)}` });
          } catch (error) {
            if (!(await attachedBefore(target, upload.remoteRef, error))) throw error;
          }
        }
        return;
      }
      // Tracker requires comment text; without one the file names say what the comment is.
      const text = comment?.trim() || uploads.map((upload) => upload.name).join('\n');
      await post({
        url: `${apiBase}/v2/issues/${encodeURIComponent(target.id)}/comments`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text, attachmentIds: uploads.map((upload) => upload.remoteRef) }),
      });
    },

    async findAttached(target, file, signal) {
      const { attachments } = await api.listAttachments(target, signal);
      return attachments.filter((attachment) => attachment.name === file.name && attachment.size === file.size);
    },
  };
  return api;
}
