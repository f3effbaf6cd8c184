import type { SerializedError } from '../errors';
import type { TaskRef } from '../trackers/registry';
import type { Attachment } from '../trackers/types';

/**
 * The records both queues keep in IndexedDB. A job moves through states only by guarded updates (store.ts); the
 * states of each queue are drawn in docs/queues.md.
 */
export interface JobBase {
  id: string;
  batchId: string;
  task: TaskRef;
  /** `taskKey(task)`, indexed so a toolbar finds its task's jobs. */
  taskKey: string;
  attempts: number;
  /** Not to start again before this time (ms since epoch): backoff and Retry-After. */
  notBefore: number;
  error?: SerializedError;
  createdAt: number;
}

/** Every state of a download job: the popup reads each one's newest jobs, so the type is made from this list. */
export const downloadStates = ['queued', 'starting', 'running', 'done', 'failed', 'cancelled'] as const;
export type DownloadState = (typeof downloadStates)[number];

/** One file to save (or one ZIP of several); the browser's downloads API moves its bytes. */
export interface DownloadJob extends JobBase {
  state: DownloadState;
  taskTitle: string;
  attachment: Attachment;
  /** Relative path under the downloads folder, already safe and unique within the batch. */
  path: string;
  /** What the browser does when a file is already at `path`: number this one, or replace that one. */
  conflictAction?: 'uniquify' | 'overwrite';
  /** The browser's download id once started. */
  downloadId?: number;
  /** The browser session `downloadId` belongs to (see `downloadSession`): Firefox numbers downloads anew in each. */
  session?: string;
  /** Its URL works as a credential: the download is erased from the browser's history once saved. */
  forgetAfterSave?: boolean;
  /** When it was last claimed (ms since epoch): a download the browser began for it is no older. */
  claimedAt?: number;
  bytesReceived: number;
  totalBytes: number;
  /** Set when this job saves many attachments as one ZIP (`attachment` then describes the ZIP itself). */
  zip?: { entries: { attachment: Attachment; path: string }[] };
}

/** Every state of an upload job, as for downloads. */
export const uploadStates = [
  'fetching',
  'queued',
  'uploading',
  'uploaded',
  'attaching',
  'done',
  'failed',
  'cancelled',
] as const;
export type UploadState = (typeof uploadStates)[number];

/** Where a copied file comes from: another task's attachment, read with that tracker's credentials. */
export interface CopySource {
  task: TaskRef;
  attachment: Attachment;
}

/** One file to attach; its bytes wait in `chunks` until the tracker has them. */
export interface UploadJob extends JobBase {
  state: UploadState;
  name: string;
  size: number;
  /** How many times its upload was sent again because the tracker forgot it before the attach (`uploadsExpired`). */
  uploadedAgain?: number;
  type: string;
  chunkSize: number;
  chunkCount: number;
  /** The tracker's reference to the uploaded bytes (Pyrus guid, Yandex temporary attachment id). */
  remoteRef?: string;
  /** Attachments of the task that matched this file before it was first sent: not ours. */
  matchingBefore?: string[];
  /**
   * From when a request of the current step may have been out whole with no answer back (yet): the tracker may still
   * be handling it, so a settle that finds nothing waits a while before sending again. Set as an upload starts and
   * kept while its progress is near the end; cleared by a progress far from it.
   */
  sentAt?: number;
  /**
   * The user cancelled it while its whole body may have been out (`sentAt`) to a tracker that attaches what it takes:
   * the file may be on the task. The runner asks, as it settles a leftover: it ends done if the file is there, else
   * cancelled, and is never sent again.
   */
  cancelling?: boolean;
  /** The tracker refused the name as taken by a file that was there before: send it as a new version of that file. */
  asNewVersion?: boolean;
  comment?: string;
  /** A copy from another task: its bytes are fetched from there into `chunks` (state `fetching`) before the upload. */
  source?: CopySource;
  /** Names the current fetch of the source: only its chunks are written, so an abandoned fetch writes nothing more. */
  fetchRun?: string;
  bytesFetched?: number;
  /** When the source's bytes were all in `chunks`; until then a retry fetches them again. */
  fetchedAt?: number;
  bytesSent: number;
  /**
   * Its batch is still being handed off: the jobs are stored first, then each file's bytes. The batch is attached
   * only once none of its jobs is `arriving`; a hand-off that never ended leaves them to be dropped.
   */
  arriving?: boolean;
  /** Its bytes are still being copied into `chunks`: nothing may read them yet. */
  awaitingBytes?: boolean;
  /** Set once the batch's outcome was announced, so a restarted runner does not announce it again. */
  announced?: boolean;
  /** The page the file was attached from, opened when the user clicks the notification. */
  pageUrl?: string;
}

/** One fixed-size piece of a queued file, stored as a Blob (disk-backed in the browser). */
export interface UploadChunk {
  jobId: string;
  index: number;
  blob: Blob;
}

/** What was saved before, so a second `Download all` can leave what is already there. */
export interface LedgerEntry {
  /** `<taskKey>|<attachment id>` */
  key: string;
  taskKey: string;
  attachmentId: string;
  size: number;
  md5?: string;
  path: string;
  /** The browser's record of the download; absent when it was erased from the history on purpose. */
  downloadId?: number;
  /** The browser session `downloadId` belongs to (see `downloadSession`); absent in entries written before it was kept. */
  session?: string;
  savedAt: number;
  /** Saved inside a ZIP (`downloadId` and `path` are the ZIP's), not as a file of its own. */
  inZip?: true;
}

export const activeDownloadStates: readonly DownloadState[] = ['queued', 'starting', 'running'];
export const activeUploadStates: readonly UploadState[] = ['fetching', 'queued', 'uploading', 'uploaded', 'attaching'];
/** Upload steps a runner may have left midway: the tracker is asked before they run again. */
export const unsettledStates: readonly UploadState[] = ['uploading', 'attaching'];

export function isActive(job: Pick<DownloadJob, 'state'>): boolean {
  return activeDownloadStates.includes(job.state);
}

export function isActiveUpload(job: Pick<UploadJob, 'state'>): boolean {
  return activeUploadStates.includes(job.state);
}

/** A guard for `updateJob`: the stored job is still in one of these states. */
export function inState(...states: readonly (DownloadState | UploadState)[]): (job: { state: string }) => boolean {
  return (job) => states.some((state) => state === job.state);
}
