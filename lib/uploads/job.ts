import type { SerializedError } from '../errors';
import type { TaskRef } from '../trackers/registry';

/**
 * queued -> uploading -> uploaded (remote ref kept) -> attaching -> done; any step -> failed | cancelled.
 * Trackers that upload and attach in one request go uploading -> done.
 */
export type UploadState = 'queued' | 'uploading' | 'uploaded' | 'attaching' | 'done' | 'failed' | 'cancelled';

export interface UploadJob {
  id: string;
  batchId: string;
  task: TaskRef;
  taskKey: string;
  name: string;
  size: number;
  type: string;
  chunkSize: number;
  chunkCount: number;
  state: UploadState;
  /** The tracker's reference to the uploaded bytes (Pyrus guid, Yandex temporary attachment id). */
  remoteRef?: string;
  /** Attachments of the task that matched this file before it was first sent: not ours. */
  matchingBefore?: string[];
  /**
   * When a request of the current step went out whole and no answer has come back (yet): the tracker may still be
   * handling it, so a settle that finds nothing waits a while before sending again.
   */
  sentAt?: number;
  /** The tracker refused the name as taken by a file that was there before: send it as a new version of that file. */
  asNewVersion?: boolean;
  comment?: string;
  attempts: number;
  notBefore: number;
  bytesSent: number;
  error?: SerializedError;
  createdAt: number;
  /** Set once the batch's outcome was announced, so a restarted runner does not announce it again. */
  announced?: boolean;
  /** The page the file was attached from, opened when the user clicks the notification. */
  pageUrl?: string;
}

export const unsettledStates: readonly UploadState[] = ['uploading', 'attaching'];
export const activeUploadStates: readonly UploadState[] = ['queued', 'uploading', 'uploaded', 'attaching'];

export function isActiveUpload(job: Pick<UploadJob, 'state'>): boolean {
  return activeUploadStates.includes(job.state);
}

export function inState(...states: UploadState[]): (job: UploadJob) => boolean {
  return (job) => states.includes(job.state);
}
