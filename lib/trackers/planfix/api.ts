import { AppError } from '../../errors';
import { restrictToHosts } from '../../http/client';
import { apiLimiterOf } from '../../http/limiter';
import { asString, isRecord } from '../../http/responses';
import { refusedBeforeProcessing, withRetry } from '../../http/retry';
import { pagesThatEnd } from '../pages-that-end';
import { type ApiDeps, type ListedTask, nameHeldInTask, type TaskTarget, type TrackerApi } from '../types';
import { readAnswer } from './answer';
import { blobWithBase64, bytesToBase64 } from './base64';
import { type PlanfixSettings, planfix } from './index';
import { fileIds, fileReference, listedTasks, parseProjectFiles, parseTaskFiles, totalCount } from './parse';
import { createPlanfixSession } from './session';
import {
  type XmlAuth,
  type XmlFields,
  type XmlResponse,
  xmlAuthElements,
  xmlDeclaration,
  xmlElement,
  xmlRequest,
} from './xml';

const { maxFileSize, requestsPerSecond = 1 } = planfix.capabilities;
const pageSize = 100;

/** Whether a list goes on after a page of `count` items, `seen` in all: a full page may have more after it. */
function morePages(count: number, seen: number, total: number | undefined): boolean {
  return count > 0 && (count >= pageSize || (total !== undefined && seen < total));
}

function base64Text(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

/** PlanFix says the session key expired (0005): worth one new login. */
function sessionExpired(error: unknown): boolean {
  return error instanceof AppError && error.details.code === '0005';
}

/** The account's requests for the day are used up (0007): no wait within a call brings them back. */
function isDailyLimit(error: unknown): boolean {
  return error instanceof AppError && error.details.code === '0007';
}

export function createApi(settings: PlanfixSettings, deps: ApiDeps): TrackerApi {
  const endpoint = settings.apiServer;
  if (!URL.canParse(endpoint) || new URL(endpoint).protocol !== 'https:') {
    throw new AppError('wrong-server', { tracker: 'planfix', detail: endpoint });
  }
  const host = new URL(endpoint).host;
  const http = restrictToHosts(deps.http, () => [host]);
  const fileHttp = restrictToHosts(deps.http, () => [host, ...planfix.page.hosts]);
  const limiter = apiLimiterOf('planfix', host, deps.minIntervalMs ?? 1000 / requestsPerSecond);
  // Token mode: the API key and the token. Login mode: the API key and an empty password, the session in `<sid>`.
  const password = settings.signIn === 'login' ? '' : settings.token;
  const authorization = `Basic ${base64Text(`${settings.apiKey}:${password}`)}`;
  const tasks = new Map<string, { id: string; title?: string }>();

  const post = (body: string | Blob, signal?: AbortSignal, onUploadProgress?: (sent: number, total: number) => void) =>
    limiter.run(
      async () =>
        readAnswer(
          await http({
            method: 'POST',
            url: endpoint,
            headers: { authorization, 'content-type': 'application/xml; charset=utf-8' },
            body,
            signal,
            onUploadProgress,
          }),
        ),
      signal,
    );
  /** Reads are safe to repeat; a daily limit (0007) is not worth waiting for within one call. */
  const retryingReads = (signal?: AbortSignal) => ({
    signal,
    shouldRetry: (error: unknown) => error instanceof AppError && error.retryable && !isDailyLimit(error),
  });
  const session = createPlanfixSession(
    settings,
    (body, signal) => withRetry(() => post(body, signal), retryingReads(signal)),
    deps.memo,
  );

  /** Calls with the current session; a session PlanFix calls expired is renewed once, then the call is made again. */
  const withSession = async <T>(call: (auth: XmlAuth) => Promise<T>, signal?: AbortSignal): Promise<T> => {
    const sid = await session.sid(signal);
    try {
      return await call({ account: settings.account, sid });
    } catch (error) {
      if (sid === undefined || !sessionExpired(error)) throw error;
      return call({ account: settings.account, sid: await session.renew(sid, signal) });
    }
  };
  const send = (
    build: (auth: XmlAuth) => string | Blob | Promise<string | Blob>,
    signal?: AbortSignal,
    onUploadProgress?: (sent: number, total: number) => void,
  ): Promise<XmlResponse> => withSession(async (auth) => post(await build(auth), signal, onUploadProgress), signal);
  const read = (method: string, fields: XmlFields, signal?: AbortSignal) =>
    withRetry(() => send((auth) => xmlRequest(method, auth, fields), signal), retryingReads(signal));

  /**
   * Where file.download sends us for a file, its body left unread; undefined when the API serves the file itself.
   * Only to the account's own PlanFix hosts (the page hosts, which the extension may fetch from).
   */
  const fileLink = (body: string): Promise<string | undefined> =>
    limiter.run(async () => {
      const stop = new AbortController();
      const response = await fileHttp({
        method: 'POST',
        url: endpoint,
        headers: { authorization, 'content-type': 'application/xml; charset=utf-8' },
        body,
        redirect: 'follow',
        signal: stop.signal,
      });
      // file.download's errors are 403 and 404 with the XML error (planfix.md): readAnswer words them.
      if (response.status !== 200) await readAnswer(response);
      stop.abort();
      return response.url && new URL(response.url).host !== host ? response.url : undefined;
    });

  /** The UI shows a task's `general` number; file.upload needs the internal id. */
  const taskInfo = async (target: TaskTarget, signal?: AbortSignal): Promise<{ id: string; title?: string }> => {
    const known = tasks.get(target.id);
    if (known) return known;
    const { root } = await read('task.get', { task: { general: target.id } }, signal);
    const id = isRecord(root.task) ? asString(root.task.id) : undefined;
    if (!id || !isRecord(root.task))
      throw new AppError('unexpected', { tracker: 'planfix', detail: 'task without id' });
    const info = { id, title: asString(root.task.title) };
    tasks.set(target.id, info);
    return info;
  };

  /**
   * Every page of a list method. A full page may have more after it whatever `totalCount` says (a count too low, or
   * none, would leave files out, and an upload's settle would then send a file the task has), and a short page ends
   * the list unless `totalCount` says more are to come.
   */
  const allPages = async (method: string, fields: XmlFields, container: string, signal?: AbortSignal) => {
    const pages: unknown[] = [];
    const ending = pagesThatEnd('planfix', method);
    let seen = 0;
    for (let current = 1; ; current++) {
      const { root } = await read(method, { ...fields, pageCurrent: current, pageSize }, signal);
      const holder = root[container];
      pages.push(holder);
      const listed = isRecord(holder) ? holder[container === 'files' ? 'file' : 'action'] : undefined;
      const items: unknown[] = Array.isArray(listed) ? listed : [];
      const brought = ending.take(items.map((item) => JSON.stringify(item)));
      seen += items.length;
      if (!brought || !morePages(items.length, seen, totalCount(holder))) return pages;
    }
  };

  /** Whether the file 9006 names (by the id its versions share) is one of the target's own files. */
  const holdsName = async (target: TaskTarget, holder: string | undefined, signal?: AbortSignal) => {
    if (holder === undefined) return false;
    const pages =
      target.kind === 'task'
        ? await allPages('file.getListForTask', { task: { general: target.id } }, 'files', signal)
        : await allPages('file.getListForProject', { project: { id: target.id } }, 'files', signal);
    return fileIds(pages).includes(holder);
  };

  const uploadBody = async (
    auth: XmlAuth,
    target: TaskTarget,
    file: { name: string; blob: Blob },
    newVersion: boolean,
    signal?: AbortSignal,
  ) => {
    const owner =
      target.kind === 'task' ? { task: { id: (await taskInfo(target, signal)).id } } : { project: { id: target.id } };
    const head = `${xmlDeclaration}<request method="file.upload">${xmlAuthElements(auth)}${xmlElement(
      Object.keys(owner)[0] ?? 'task',
      Object.values(owner)[0],
    )}<files><file>${xmlElement('name', file.name.trim())}<sourceType>FILESYSTEM</sourceType>${
      newVersion ? '<newversion>1</newversion>' : ''
    }<body>`;
    return blobWithBase64(head, file.blob, '</body></file></files></request>', signal);
  };

  const api: TrackerApi = {
    tracker: planfix.id,

    async whoAmI(signal) {
      const { root } = await read('user.get', {}, signal);
      const user = isRecord(root.user) ? root.user : {};
      const name = [asString(user.name), asString(user.lastName)].filter(Boolean).join(' ');
      return { id: asString(user.id) ?? settings.account, name: name || asString(user.login) || settings.account };
    },

    async listAttachments(target, signal) {
      if (target.kind !== 'task') {
        const pages = await allPages('file.getListForProject', { project: { id: target.id } }, 'files', signal);
        return { attachments: parseProjectFiles(pages) };
      }
      const { title } = await taskInfo(target, signal);
      const task = { task: { general: target.id } };
      const filePages = await allPages('file.getListForTask', { ...task, returnDownloadLinks: 0 }, 'files', signal);
      // Oldest first, so the newest versions of a file go with the newest actions (parseTaskFiles).
      const actionPages = await allPages('action.getList', { ...task, sort: 'asc' }, 'actions', signal);
      return { title, attachments: parseTaskFiles(filePages, actionPages) };
    },

    /** A project's tasks, a page of at most 100 at a time (Planfix_API_task.getList), until `totalCount` are in. */
    async listTasks(list, limit, signal) {
      if (list.list !== 'project') {
        throw new AppError('unexpected', { tracker: 'planfix', detail: `no ${list.list} lists` });
      }
      const tasks: ListedTask[] = [];
      const ending = pagesThatEnd('planfix', 'task.getList');
      const listedAlready = new Set<string>();
      for (let current = 1; ; current++) {
        const request = { target: 'all', project: { id: list.id }, pageCurrent: current, pageSize };
        const { root } = await read('task.getList', request, signal);
        const listed = listedTasks(root.tasks);
        const total = totalCount(root.tasks);
        const brought = ending.take(listed.map((task) => task.general));
        // A list that shifted while it was read brings a task again on the next page.
        for (const task of listed.filter((candidate) => !listedAlready.has(candidate.general))) {
          listedAlready.add(task.general);
          tasks.push({
            target: { kind: 'task', id: task.general, account: list.account, host: list.host },
            title: task.title,
          });
        }
        const more = brought && morePages(listed.length, tasks.length, total);
        if (tasks.length >= limit) {
          const others = total === undefined ? more : total > limit;
          return { tasks: tasks.slice(0, limit), truncated: tasks.length > limit || others };
        }
        if (!more) return { tasks, truncated: false };
      }
    },

    /**
     * file.download answers with a redirect to the file (planfix.md). The browser's downloads API would carry the
     * API key along to that host, so for it the link is asked for here (fetch drops `Authorization` on a
     * cross-origin redirect, and the POST's body with it) and the download gets the link alone. That is an API
     * request like any other: PlanFix allows one a second, so the links come at that pace. A `fetch` of the
     * request itself (a ZIP's entries, a copy) follows the redirect as it reads the file, the link fresh.
     */
    async downloadRequest(_target, attachment, fetchedBy = 'downloads-api') {
      const fields = { file: fileReference(attachment.id) };
      const link =
        fetchedBy === 'downloads-api'
          ? await withRetry(
              () => withSession((auth) => fileLink(xmlRequest('file.download', auth, fields))),
              retryingReads(),
            )
          : undefined;
      if (link) return { url: link, headers: [] };
      // Served by the API itself (an answer of 200), or fetched: the request goes there as it is.
      return {
        url: endpoint,
        method: 'POST',
        headers: [
          { name: 'Authorization', value: authorization },
          { name: 'Content-Type', value: 'application/xml; charset=utf-8' },
        ],
        body: await withSession(async (auth) => xmlRequest('file.download', auth, fields)),
      };
    },

    /**
     * One request uploads and attaches (as a new action on the task). A name already taken (9006, project-wide: a new
     * version of another task's file would change that task) is a `conflict`, `nameHeldInTask` where the file
     * holding it is the task's own: the caller first asks whether that file is an earlier try of this one, and only
     * if not sends it again with `asNewVersion`, which is what the PlanFix UI does with a same-named file of the
     * task. The name goes trimmed: the list is read trimmed (xml.ts), and what is stored must be found by it whether
     * or not PlanFix trims it too.
     */
    async upload(target, file, options = {}) {
      if (file.size > maxFileSize) throw new AppError('too-large', { tracker: 'planfix', limitBytes: maxFileSize });
      const { root } = await withRetry(
        () =>
          send(
            (auth) => uploadBody(auth, target, file, options.asNewVersion ?? false, options.signal),
            options.signal,
            options.onProgress,
          ),
        // A daily limit is not waited for: each try would send the whole file again.
        { shouldRetry: (error) => refusedBeforeProcessing(error) && !isDailyLimit(error), signal: options.signal },
      ).catch(async (error: unknown) => {
        if (!(error instanceof AppError) || error.details.code !== '9006') throw error;
        const inTask = await holdsName(target, error.details.detail, options.signal);
        throw new AppError('conflict', { ...error.details, detail: inTask ? nameHeldInTask : undefined });
      });
      const uploaded = isRecord(root.files) && Array.isArray(root.files.file) ? root.files.file[0] : undefined;
      const uniqueId = isRecord(uploaded) ? asString(uploaded.uniqueId) : undefined;
      if (!uniqueId) throw new AppError('unexpected', { tracker: 'planfix', detail: 'no uniqueId' });
      return { remoteRef: uniqueId, attached: true };
    },

    async attach() {
      // file.upload attaches in the same request.
    },

    async findAttached(target, file, signal) {
      const { attachments } = await api.listAttachments(target, signal);
      // Sizes come in whole kilobytes, and the docs do not say how they are rounded: within one kilobyte is a match.
      // Names are sent and read trimmed (upload).
      return attachments.filter(
        (attachment) => attachment.name === file.name.trim() && Math.abs(attachment.size - file.size) < 1024,
      );
    },
  };
  return api;
}
