import type { SerializedError } from '../errors';
import type { TaskRef } from '../trackers/registry';
import type { Attachment } from '../trackers/types';

export type DownloadState = 'queued' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';

/** One file to save, as stored in IndexedDB; the runner moves it through its states. */
export interface DownloadJob {
  id: string;
  batchId: string;
  task: TaskRef;
  /** `taskKey(task)`, indexed so a toolbar finds its task's jobs. */
  taskKey: string;
  taskTitle: string;
  attachment: Attachment;
  /** Relative path under the downloads folder, already safe and unique within the batch. */
  path: string;
  /** What the browser does when a file is already at `path`: number this one, or replace that one. */
  conflictAction?: 'uniquify' | 'overwrite';
  state: DownloadState;
  /** The browser's download id once started. */
  downloadId?: number;
  /** Its URL works as a credential: the download is erased from the browser's history once saved. */
  forgetAfterSave?: boolean;
  /** When it was last claimed (ms since epoch): a download the browser began for it is no older. */
  claimedAt?: number;
  attempts: number;
  /** Not to start again before this time (ms since epoch): backoff and Retry-After. */
  notBefore: number;
  bytesReceived: number;
  totalBytes: number;
  error?: SerializedError;
  createdAt: number;
  /** Set when this job saves many attachments as one ZIP (`attachment` then describes the ZIP itself). */
  zip?: { entries: { attachment: Attachment; path: string }[] };
}

export const activeStates: readonly DownloadState[] = ['queued', 'starting', 'running'];

export function isActive(job: Pick<DownloadJob, 'state'>): boolean {
  return activeStates.includes(job.state);
}
