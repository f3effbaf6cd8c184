import { AppError } from '../errors';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy, sleep } from '../http/retry';
import { trackerOf } from './registry';
import type { Attachment, TaskTarget, TrackerApi, TransferOptions, UploadFile } from './types';

export interface UploadAndAttachOptions extends TransferOptions {
  comment?: string;
  policy?: RetryPolicy;
  /** Ids of matching attachments that were there before this file was sent (fetched when absent). */
  matchingBefore?: ReadonlySet<string>;
}

function refuseOversize(api: TrackerApi, file: UploadFile): void {
  const { maxFileSize } = trackerOf(api.tracker).capabilities;
  if (file.size > maxFileSize) {
    throw new AppError('too-large', { tracker: api.tracker, limitBytes: maxFileSize });
  }
}

/**
 * Uploads one file and attaches it to the task exactly once. After a failure that leaves it unknown whether the
 * tracker kept the file (a 5xx, a dropped connection), it asks the tracker before trying again: a new matching
 * attachment means the earlier try worked.
 */
export async function uploadAndAttach(
  api: TrackerApi,
  target: TaskTarget,
  file: UploadFile,
  options: UploadAndAttachOptions = {},
): Promise<Attachment | undefined> {
  refuseOversize(api, file);
  const policy = options.policy ?? defaultRetryPolicy;
  const fingerprint = { name: file.name, size: file.size };
  const before =
    options.matchingBefore ??
    new Set((await api.findAttached(target, fingerprint, options.signal)).map((attachment) => attachment.id));
  for (let attempt = 0; ; attempt++) {
    try {
      const uploaded = await api.upload(target, file, options);
      if (!uploaded.attached)
        await api.attach(target, [{ remoteRef: uploaded.remoteRef, name: file.name }], options.comment);
      return (await api.findAttached(target, fingerprint, options.signal)).find((found) => !before.has(found.id));
    } catch (error) {
      if (!(error instanceof AppError) || !error.retryable || attempt + 1 >= policy.attempts) throw error;
      await sleep(backoffDelay(attempt, policy, error), options.signal);
      const landed = (await api.findAttached(target, fingerprint, options.signal)).find(
        (found) => !before.has(found.id),
      );
      if (landed) return landed;
    }
  }
}
