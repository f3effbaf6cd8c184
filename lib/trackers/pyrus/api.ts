import { AppError } from '../../errors';
import { blobMd5 } from '../../files/blob-md5';
import { restrictToHosts } from '../../http/client';
import { isMultipartName } from '../../http/multipart-name';
import { asString, isRecord, readJson } from '../../http/responses';
import { refusedBeforeProcessing, withRetry } from '../../http/retry';
import { type ApiDeps, type TrackerApi, uploadsExpired } from '../types';
import { type PyrusSettings, pyrus } from './index';
import { parseTask, registerTasks } from './parse';
import { authUrlFor, createPyrusSession } from './session';

const { maxFileSize } = pyrus.capabilities;
/** The most tasks a register answer holds: `item_count` is at most 20,000 (pyrusapi-typescript FormRegisterRequest). */
const registerMaxItems = 20_000;

function hostOf(url: string): string {
  return new URL(url).host;
}

export function createApi(settings: PyrusSettings, deps: ApiDeps): TrackerApi {
  let allowedHosts = [hostOf(authUrlFor(settings))];
  const http = restrictToHosts(deps.http, () => allowedHosts);
  const auth = createPyrusSession(settings, http, deps.memo);
  const session = async (signal?: AbortSignal) => {
    const current = await auth.session(signal);
    allowedHosts = [hostOf(authUrlFor(settings)), hostOf(current.apiUrl), hostOf(current.filesUrl)];
    return current;
  };
  const nonIdempotent = { shouldRetry: refusedBeforeProcessing };

  const api: TrackerApi = {
    tracker: pyrus.id,

    async whoAmI(signal) {
      await session(signal);
      const body = await withRetry(
        async () => readJson('pyrus', await auth.send((s) => ({ url: `${s.apiUrl}profile`, signal }))),
        { signal },
      );
      if (!isRecord(body)) throw new AppError('unexpected', { tracker: 'pyrus', detail: 'profile is missing' });
      const name = [asString(body.first_name), asString(body.last_name)].filter(Boolean).join(' ');
      return { id: asString(body.person_id) ?? settings.login, name: name || asString(body.email) || settings.login };
    },

    async listAttachments(target, signal) {
      await session(signal);
      const body = await withRetry(
        async () =>
          readJson(
            'pyrus',
            await auth.send((s) => ({ url: `${s.apiUrl}tasks/${encodeURIComponent(target.id)}`, signal })),
          ),
        { signal },
      );
      return parseTask(body);
    },

    /** A form's register: every task in one answer, as many as `item_count` asks for (one more tells of others). */
    async listTasks(list, limit, signal) {
      if (list.list !== 'register') {
        throw new AppError('unexpected', { tracker: 'pyrus', detail: `no ${list.list} lists` });
      }
      await session(signal);
      const itemCount = Math.min(limit + 1, registerMaxItems);
      const body = await withRetry(
        async () =>
          readJson(
            'pyrus',
            await auth.send((s) => ({
              url: `${s.apiUrl}forms/${encodeURIComponent(list.id)}/register?item_count=${itemCount}`,
              signal,
            })),
          ),
        { signal },
      );
      const found = registerTasks(body);
      return {
        tasks: found.slice(0, limit).map(({ id, title }) => ({ target: { kind: 'task', id, host: list.host }, title })),
        truncated: found.length > limit,
      };
    },

    async downloadRequest(_target, attachment) {
      const current = await session();
      return {
        url: `${current.filesUrl}v4/files/download/${encodeURIComponent(attachment.id)}`,
        headers: [{ name: 'Authorization', value: `Bearer ${current.token}` }],
      };
    },

    async upload(_target, file, options = {}) {
      if (file.size > maxFileSize) throw new AppError('too-large', { tracker: 'pyrus', limitBytes: maxFileSize });
      await session();
      const ourMd5 = blobMd5(file.blob, { signal: options.signal });
      const response = await withRetry(
        () =>
          auth.send((s) => {
            const form = new FormData();
            form.append('file', file.blob, file.name);
            return {
              method: 'POST',
              url: `${s.filesUrl}v4/files/upload`,
              body: form,
              signal: options.signal,
              onUploadProgress: options.onProgress,
            };
          }),
        { ...nonIdempotent, signal: options.signal },
      );
      const body = await readJson('pyrus', response);
      const guid = isRecord(body) ? asString(body.guid) : undefined;
      if (!isRecord(body) || !guid) throw new AppError('unexpected', { tracker: 'pyrus', detail: 'no guid' });
      const theirMd5 = asString(body.md5_hash)?.toLowerCase();
      if (theirMd5 && theirMd5 !== (await ourMd5)) {
        throw new AppError('hash-mismatch', { tracker: 'pyrus', detail: file.name });
      }
      return { remoteRef: guid, attached: false, md5: theirMd5 };
    },

    async attach(target, uploads, comment) {
      await session();
      const attachments = uploads.map((upload) => upload.remoteRef);
      // `text` is optional beside attachments: an empty one is left out rather than sent as "".
      const body = JSON.stringify(comment ? { text: comment, attachments } : { attachments });
      await withRetry(
        () =>
          auth.send((s) => ({
            method: 'POST',
            url: `${s.apiUrl}tasks/${encodeURIComponent(target.id)}/comments`,
            headers: { 'content-type': 'application/json' },
            body,
          })),
        nonIdempotent,
      ).catch((error: unknown) => {
        // Pyrus deletes unreferenced uploads after a while (pyrus.md): a guid it no longer knows is uploaded again.
        if (error instanceof AppError && error.details.code === 'unrecognized_attachment_id') {
          throw new AppError('not-found', { ...error.details, detail: uploadsExpired });
        }
        throw error;
      });
    },

    /** The upload sent the name in a FormData part, which Pyrus keeps as it came (`"` as `%22`). */
    async findAttached(target, file, signal) {
      const { attachments } = await api.listAttachments(target, signal);
      return attachments.filter(
        (attachment) =>
          isMultipartName(attachment.name, file.name) &&
          attachment.size === file.size &&
          (!file.md5 || !attachment.md5 || attachment.md5 === file.md5),
      );
    },
  };
  return api;
}
