import type { SerializedError } from '../errors';
import type { TrackerId } from '../trackers/registry';
import {
  type DownloadJob,
  type DownloadState,
  isActive,
  isActiveUpload,
  type UploadJob,
  type UploadState,
} from './records';

export type TransferPhase = 'waiting' | 'moving' | 'done' | 'failed' | 'cancelled';

/** One transfer, whichever way it goes, as the toolbar, the popup and the badge show it. */
export interface TransferView {
  id: string;
  direction: 'download' | 'upload';
  batchId: string;
  tracker: TrackerId;
  taskKey: string;
  /** The task's title where known, else its id. */
  taskTitle: string;
  name: string;
  phase: TransferPhase;
  /** The queue's own state, for the words that tell its steps apart (uploaded, attaching). */
  state: DownloadState | UploadState;
  bytesDone: number;
  bytesTotal: number;
  error?: SerializedError;
  createdAt: number;
  /** Downloads: the attachment it saves (`zip:<batch>` for a ZIP), and where under the downloads folder. */
  attachmentId?: string;
  path?: string;
  /** The task page the transfer was started from, where known. */
  pageUrl?: string;
  /** Uploads: cancelled while the tracker may have it already; the tracker is being asked (`UploadJob.cancelling`). */
  cancelling?: true;
}

function phaseOf(state: DownloadState | UploadState, active: boolean, moving: boolean): TransferPhase {
  if (moving) return 'moving';
  if (active) return 'waiting';
  return state === 'done' ? 'done' : state === 'failed' ? 'failed' : 'cancelled';
}

export function downloadView(job: DownloadJob): TransferView {
  return {
    id: job.id,
    direction: 'download',
    batchId: job.batchId,
    tracker: job.task.tracker,
    taskKey: job.taskKey,
    taskTitle: job.taskTitle || job.task.id,
    name: job.attachment.name,
    phase: phaseOf(job.state, isActive(job), job.state === 'running'),
    state: job.state,
    bytesDone: job.bytesReceived,
    bytesTotal: job.totalBytes || job.attachment.size || 0,
    error: job.error,
    createdAt: job.createdAt,
    attachmentId: job.attachment.id,
    path: job.path,
  };
}

export function uploadView(job: UploadJob): TransferView {
  return {
    id: job.id,
    direction: 'upload',
    batchId: job.batchId,
    tracker: job.task.tracker,
    taskKey: job.taskKey,
    taskTitle: job.task.id,
    name: job.name,
    phase: phaseOf(
      job.state,
      isActiveUpload(job),
      job.state === 'fetching' || job.state === 'uploading' || job.state === 'attaching',
    ),
    state: job.state,
    // A copy shows its fetch from the source first, then its upload.
    bytesDone: job.state === 'fetching' ? (job.bytesFetched ?? 0) : job.bytesSent,
    bytesTotal: job.size,
    error: job.error,
    createdAt: job.createdAt,
    pageUrl: job.pageUrl,
    ...(job.cancelling && isActiveUpload(job) ? { cancelling: true as const } : {}),
  };
}

/** Still to finish: waiting or moving. */
export function isUnderWay(view: Pick<TransferView, 'phase'>): boolean {
  return view.phase === 'waiting' || view.phase === 'moving';
}
