import { AppError } from '../../errors';
import { type HttpResponse, restrictToHosts } from '../../http/client';
import { createLimiter, type Limiter } from '../../http/limiter';
import { asString, errorForStatus, isRecord } from '../../http/responses';
import { refusedBeforeProcessing, withRetry } from '../../http/retry';
import type { ApiDeps, AttachmentPlace, TaskTarget, TrackerApi } from '../types';
import { blobWithBase64, bytesToBase64 } from './base64';
import { type PlanfixSettings, planfix } from './index';
import { actionPlaces, parseFiles, totalCount } from './parse';
import { parseXmlResponse, type XmlFields, type XmlResponse, xmlDeclaration, xmlElement, xmlRequest } from './xml';

const { maxFileSize, requestsPerSecond = 1 } = planfix.capabilities;
const pageSize = 100;
const limiters = new Map<string, Limiter>();

function base64Text(text: string): string {
  return bytesToBase64(new TextEncoder().encode(text));
}

export function createApi(settings: PlanfixSettings, deps: ApiDeps): TrackerApi {
  const endpoint = settings.apiServer;
  if (!URL.canParse(endpoint) || new URL(endpoint).protocol !== 'https:') {
    throw new AppError('wrong-server', { tracker: 'planfix', detail: endpoint });
  }
  const host = new URL(endpoint).host;
  const http = restrictToHosts(deps.http, () => [host]);
  const interval = deps.minIntervalMs ?? 1000 / requestsPerSecond;
  const limiter = limiters.get(`${host}:${interval}`) ?? createLimiter({ concurrency: 1, minIntervalMs: interval });
  limiters.set(`${host}:${interval}`, limiter);
  const authorization = `Basic ${base64Text(`${settings.apiKey}:${settings.token}`)}`;
  const tasks = new Map<string, { id: string; title?: string }>();

  const check = async (response: HttpResponse): Promise<XmlResponse> => {
    if (response.status !== 200) throw errorForStatus('planfix', response);
    const parsed = parseXmlResponse(await response.text());
    if (parsed.ok) return parsed;
    const code = parsed.code ?? '';
    if (code === '0007') {
      throw new AppError('rate-limited', {
        tracker: 'planfix',
        code,
        detail: 'daily limit',
        retryAfterMs: 3_600_000,
      });
    }
    const kind = planfix.errorCodes[code] ?? 'unexpected';
    throw new AppError(kind, {
      tracker: 'planfix',
      code,
      detail: kind === 'unexpected' ? `code ${code}` : undefined,
    });
  };

  const send = (body: string | Blob, signal?: AbortSignal, onUploadProgress?: (sent: number, total: number) => void) =>
    limiter.run(async () =>
      check(
        await http({
          method: 'POST',
          url: endpoint,
          headers: { authorization, 'content-type': 'application/xml; charset=utf-8' },
          body,
          signal,
          onUploadProgress,
        }),
      ),
    );
  /** Reads are safe to repeat; a daily limit (0007) is not worth waiting for within one call. */
  const read = (method: string, fields: XmlFields, signal?: AbortSignal) =>
    withRetry(() => send(xmlRequest(method, settings.account, fields), signal), {
      signal,
      shouldRetry: (error) => error instanceof AppError && error.retryable && error.details.code !== '0007',
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

  /** Every page of a list method, until `totalCount` items are in. */
  const allPages = async (method: string, fields: XmlFields, container: string, signal?: AbortSignal) => {
    const pages: unknown[] = [];
    let seen = 0;
    for (let current = 1; ; current++) {
      const { root } = await read(method, { ...fields, pageCurrent: current, pageSize }, signal);
      const holder = root[container];
      pages.push(holder);
      const items = isRecord(holder) ? holder[container === 'files' ? 'file' : 'action'] : undefined;
      const count = Array.isArray(items) ? items.length : 0;
      seen += count;
      if (count === 0 || seen >= totalCount(holder)) return pages;
    }
  };

  const uploadBody = async (
    target: TaskTarget,
    file: { name: string; blob: Blob },
    newVersion: boolean,
    signal?: AbortSignal,
  ) => {
    const owner =
      target.kind === 'task' ? { task: { id: (await taskInfo(target, signal)).id } } : { project: { id: target.id } };
    const head = `${xmlDeclaration}<request method="file.upload">${xmlElement('account', settings.account)}${xmlElement(
      Object.keys(owner)[0] ?? 'task',
      Object.values(owner)[0],
    )}<files><file>${xmlElement('name', file.name)}<sourceType>FILESYSTEM</sourceType>${
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
        return { attachments: pages.flatMap((page) => parseFiles(page, () => ({ kind: 'project' }))) };
      }
      const { title } = await taskInfo(target, signal);
      const task = { task: { general: target.id } };
      const filePages = await allPages('file.getListForTask', { ...task, returnDownloadLinks: 0 }, 'files', signal);
      const places = new Map<string, AttachmentPlace>();
      for (const page of await allPages('action.getList', task, 'actions', signal)) {
        for (const [id, place] of actionPlaces(page)) places.set(id, place);
      }
      return {
        title,
        attachments: filePages.flatMap((page) => parseFiles(page, (id) => places.get(id) ?? { kind: 'task' })),
      };
    },

    async downloadRequest(_target, attachment) {
      return {
        url: endpoint,
        method: 'POST',
        headers: [
          { name: 'Authorization', value: authorization },
          { name: 'Content-Type', value: 'application/xml; charset=utf-8' },
        ],
        body: xmlRequest('file.download', settings.account, { file: { uniqueId: attachment.id } }),
      };
    },

    /**
     * One request uploads and attaches (as a new action on the task). A name already taken (9006) is a `conflict`:
     * the caller first asks whether that file is an earlier try of this one, and only if not sends it again with
     * `asNewVersion`, which is what the PlanFix UI does with a same-named file.
     */
    async upload(target, file, options = {}) {
      if (file.size > maxFileSize) throw new AppError('too-large', { tracker: 'planfix', limitBytes: maxFileSize });
      const { root } = await withRetry(
        async () =>
          send(
            await uploadBody(target, file, options.asNewVersion ?? false, options.signal),
            options.signal,
            options.onProgress,
          ),
        { shouldRetry: refusedBeforeProcessing, signal: options.signal },
      );
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
      return attachments.filter(
        (attachment) => attachment.name === file.name && Math.abs(attachment.size - file.size) < 1024,
      );
    },
  };
  return api;
}
