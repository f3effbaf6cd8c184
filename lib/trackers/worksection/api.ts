import { AppError } from '../../errors';
import { type HttpRequest, type HttpResponse, restrictToHosts } from '../../http/client';
import { apiLimiterOf } from '../../http/limiter';
import { isMultipartName } from '../../http/multipart-name';
import { asString, isRecord, readJson } from '../../http/responses';
import { refusedBeforeProcessing, withRetry } from '../../http/retry';
import type { ApiDeps, TaskTarget, TrackerApi, TransferOptions } from '../types';
import { worksectionError } from './errors';
import { type WorksectionSettings, worksection } from './index';
import { accountOwnerEmail, commentPlaces, parseFiles, projectTasks } from './parse';
import { type Params, type SigningScheme, signedRequest } from './sign';

const { maxFileSize, requestsPerSecond = 1 } = worksection.capabilities;
const memoKey = 'worksection.scheme';
/** The e-mail admin-key comments are posted from (`email_user_from`), found once through get_users. */
const authorMemoKey = 'worksection.author';

function endpointOf(accountUrl: string): string {
  const url = URL.canParse(accountUrl) ? new URL(accountUrl) : undefined;
  if (url?.protocol !== 'https:' || !/^[a-z0-9-]+\.worksection\.com$/.test(url.hostname)) {
    throw new AppError('wrong-server', { tracker: 'worksection', detail: 'https://<name>.worksection.com' });
  }
  return `${url.origin}/api/admin/v2/`;
}

/** The JSON of a failed answer, where it has one (a proxy's HTML page has none). */
async function errorBody(response: HttpResponse): Promise<unknown> {
  try {
    return JSON.parse(await response.text()) as unknown;
  } catch {
    return undefined;
  }
}

export function createApi(settings: WorksectionSettings, deps: ApiDeps): TrackerApi {
  const endpoint = endpointOf(settings.accountUrl);
  const host = new URL(endpoint).host;
  const http = restrictToHosts(deps.http, () => [host]);
  const secrets = [settings.apiKey];
  const limiter = apiLimiterOf('worksection', host, deps.minIntervalMs ?? 1000 / requestsPerSecond);
  let knownScheme: SigningScheme | undefined;
  let knownAuthor: string | undefined;

  /** Sends a signed call and returns the body's `data`; `{"status":"error"}` answers become TrackerErrors. */
  const call = async (
    build: () => Promise<HttpRequest>,
    signal?: AbortSignal,
    onUploadProgress?: HttpRequest['onUploadProgress'],
  ): Promise<unknown> => {
    const response = await limiter.run(async () => http({ ...(await build()), signal, onUploadProgress }), signal);
    if (response.status === 404 && /text\/html/.test(response.headers.get('content-type') ?? '')) {
      throw new AppError('wrong-server', { tracker: 'worksection', status: 404, detail: host });
    }
    if (response.status < 200 || response.status >= 300) {
      throw worksectionError(response, await errorBody(response), secrets);
    }
    const body = await readJson('worksection', response);
    if (!isRecord(body)) throw new AppError('unexpected', { tracker: 'worksection', detail: 'not an object' });
    if (body.status === 'ok') return body.data;
    throw worksectionError(response, body, secrets);
  };

  const probe = (scheme: SigningScheme, signal?: AbortSignal) =>
    withRetry(() => call(() => signedRequest(scheme, endpoint, settings.apiKey, 'get_users'), signal), { signal });

  const rememberAuthor = async (users: unknown): Promise<string | undefined> => {
    const email = accountOwnerEmail(users);
    knownAuthor = email;
    if (email) await deps.memo?.set(`${authorMemoKey}:${host}`, email);
    return email;
  };

  /**
   * The scheme this account accepts: remembered, or found by trying the documented query hash first. Its downloads
   * are plain GETs, which Chromium may restart by itself after a cut; a POST download (the header scheme) comes back
   * from such a restart as a GET without its body, and would save the API's error as the file.
   */
  const scheme = async (signal?: AbortSignal): Promise<SigningScheme> => {
    if (knownScheme) return knownScheme;
    const remembered = await deps.memo?.get(`${memoKey}:${host}`);
    if (remembered === 'query' || remembered === 'header') {
      knownScheme = remembered;
      return remembered;
    }
    let lastError: unknown;
    for (const candidate of ['query', 'header'] as const) {
      try {
        await rememberAuthor(await probe(candidate, signal));
        knownScheme = candidate;
        await deps.memo?.set(`${memoKey}:${host}`, candidate);
        return candidate;
      } catch (error) {
        if (!(error instanceof AppError) || error.kind !== 'auth') throw error;
        lastError = error;
      }
    }
    throw lastError;
  };

  const read = async (action: string, params: Params, signal?: AbortSignal): Promise<unknown> => {
    const current = await scheme(signal);
    return withRetry(() => call(() => signedRequest(current, endpoint, settings.apiKey, action, params), signal), {
      signal,
    });
  };
  const write = async (
    action: string,
    params: Params,
    form?: FormData,
    options: TransferOptions = {},
  ): Promise<unknown> => {
    const { signal, onProgress } = options;
    const current = await scheme(signal);
    return withRetry(
      () => call(() => signedRequest(current, endpoint, settings.apiKey, action, params, form), signal, onProgress),
      { shouldRetry: refusedBeforeProcessing, signal },
    );
  };

  /**
   * `email_user_from` of the comments we post. An admin key stands for nobody: the docs fill the author in only for
   * OAuth tokens (api-comments: "will be set automatically if using access token"; older docs: required).
   */
  const forgetAuthor = async (): Promise<void> => {
    knownAuthor = undefined;
    await deps.memo?.set(`${authorMemoKey}:${host}`, undefined);
  };

  const authorEmail = async (signal?: AbortSignal): Promise<string> => {
    const remembered = knownAuthor || (await deps.memo?.get(`${authorMemoKey}:${host}`));
    const email = remembered || (await rememberAuthor(await read('get_users', {}, signal)));
    if (!email)
      throw new AppError('unexpected', { tracker: 'worksection', detail: 'get_users lists no account owner' });
    return email;
  };

  const taskParams = (target: TaskTarget): Params =>
    target.kind === 'task' ? { id_task: target.id } : { id_project: target.projectId ?? target.id };

  const api: TrackerApi = {
    tracker: worksection.id,

    async whoAmI(signal) {
      knownScheme = undefined;
      await deps.memo?.set(`${memoKey}:${host}`, undefined);
      await forgetAuthor();
      await scheme(signal);
      return { id: host, name: `${host} (admin API)` };
    },

    async listAttachments(target, signal) {
      const data = await read('get_files', taskParams(target), signal);
      if (target.kind !== 'task') return { attachments: parseFiles(data, () => ({ kind: 'project' })) };
      const places = commentPlaces(await read('get_comments', { id_task: target.id, extra: 'files' }, signal));
      const task = await read('get_task', { id_task: target.id }, signal);
      const title = isRecord(task) ? asString(task.name) : undefined;
      return { title, attachments: parseFiles(data, (id) => places.get(id) ?? { kind: 'task' }) };
    },

    /** A project's tasks and subtasks, open and closed, in one answer (get_tasks has no pages). */
    async listTasks(list, limit, signal) {
      if (list.list !== 'project') {
        throw new AppError('unexpected', { tracker: 'worksection', detail: `no ${list.list} lists` });
      }
      const found = projectTasks(await read('get_tasks', { id_project: list.id, extra: 'subtasks' }, signal));
      return {
        tasks: found.slice(0, limit).map(({ id, name }) => ({
          target: { kind: 'task', id, projectId: list.id, account: list.account, host: list.host },
          title: name,
        })),
        truncated: found.length > limit,
      };
    },

    async downloadRequest(_target, attachment) {
      const request = await signedRequest(await scheme(), endpoint, settings.apiKey, 'download', {
        id_file: attachment.id,
      });
      return {
        url: request.url,
        method: request.method === 'POST' ? 'POST' : 'GET',
        headers: Object.entries(request.headers ?? {}).map(([name, value]) => ({ name, value })),
        body: typeof request.body === 'string' ? request.body : undefined,
        // The query hash signs this very download for as long as the key lives: not to be kept in the history.
        forgetAfterSave: request.url.includes('&hash='),
      };
    },

    /**
     * Both schemes attach in the upload itself: a comment with `attach[0]`, its parameters in the URL
     * (https://worksection.com/en/faq/api-files.html). `upload_files` ids are documented for post_task only.
     */
    async upload(target, file, options = {}) {
      if (file.size > maxFileSize) throw new AppError('too-large', { tracker: 'worksection', limitBytes: maxFileSize });
      if (target.kind !== 'task')
        throw new AppError('unexpected', { tracker: 'worksection', detail: 'attach to a task' });
      const params = { id_task: target.id, text: file.name, email_user_from: await authorEmail(options.signal) };
      const form = new FormData();
      form.append('attach[0]', file.blob, file.name);
      try {
        const data = await write('post_comment', params, form, options);
        return { remoteRef: (isRecord(data) && asString(data.id)) || '', attached: true };
      } catch (error) {
        // 11 "Invalid email": the owner changed since we asked; ask again next time.
        if (error instanceof AppError && error.details.code === '11') await forgetAuthor();
        throw error;
      }
    },

    async attach() {
      throw new AppError('unexpected', { tracker: 'worksection', detail: 'files are attached as they upload' });
    },

    /** The upload sent the name in a FormData part, which Worksection keeps as it came (`"` as `%22`). */
    async findAttached(target, file, signal) {
      const { attachments } = await api.listAttachments(target, signal);
      return attachments.filter(
        (attachment) => isMultipartName(attachment.name, file.name) && attachment.size === file.size,
      );
    },
  };
  return api;
}
