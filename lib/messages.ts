import { defineExtensionMessaging } from '@webext-core/messaging';
import * as v from 'valibot';
import type { SerializedError } from './errors';
import type { QueueAction } from './queue/actions';
import type { QueueItem } from './queue/overview';
import type { Settings } from './trackers/definition';
import { type TaskRef, type TrackerId, TrackerIdSchema } from './trackers/registry';
import type { Identity, TaskAttachments } from './trackers/types';
import { type FileAnnouncement, FileAnnouncementSchema } from './uploads/announcement';
import type { UploadState } from './uploads/job';

/** What crosses the message boundary: a value, or an error already worded for people. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** Messages a content script or an extension page sends to the background, and what each answers. */
export interface ToBackground {
  /** content script or extension page -> background */
  listAttachments(task: TaskRef): Result<TaskAttachments>;
  /** options page -> background: checks settings (saved or not yet) against the tracker. */
  testConnection(input: ConnectionTest): Result<Identity>;
  /**
   * content script -> background: save the task's files (all, only new or changed, or the ones picked); answers how
   * many were queued and how many were left because they are already in the folder.
   */
  startDownloads(input: { task: TaskRef; which: 'all' | 'new' | string[]; zip?: boolean }): Result<{
    count: number;
    skipped: number;
  }>;
  /**
   * content script or extension page -> background: the task's transfers and what was saved before. With `after`
   * (the `version` of the last answer) the answer waits briefly for the queue to change.
   */
  taskTransfers(input: { task: TaskRef; after?: number }): Result<TaskTransfers>;
  cancelTransfers(input: { task: TaskRef; jobId?: string }): Result<null>;
  retryTransfer(input: { task: TaskRef; jobId: string }): Result<null>;
  /** content script -> background: files to attach are coming; answers the token for the bridge hand-off. */
  beginUpload(input: UploadAnnouncement): Result<{ token: string; batchId: string }>;
  /** task picker page -> background: attach what the context menu was used on to this task page. */
  attachPendingTo(taskUrl: string): Result<null>;
  /** content script -> background: open the options page at a tracker's settings. */
  openSettings(tracker: TrackerId): Result<null>;
  /** popup -> background: every transfer worth showing, newest and moving first. */
  queueOverview(): Result<QueueItem[]>;
  /** popup -> background: cancel, retry or remove one transfer. */
  steerTransfer(input: { action: QueueAction; jobId: string }): Result<null>;
  /** options page -> background: forget finished transfers. */
  clearFinished(): Result<{ removed: number }>;
}

export interface TransferView {
  id: string;
  attachmentId: string;
  name: string;
  path: string;
  state: 'queued' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';
  bytesReceived: number;
  totalBytes: number;
  error?: SerializedError;
}

export interface SavedView {
  attachmentId: string;
  size: number;
  md5?: string;
}

export interface UploadView {
  id: string;
  name: string;
  size: number;
  state: UploadState;
  bytesSent: number;
  error?: SerializedError;
}

export interface TaskTransfers {
  /** Changes whenever the queue does (`queueVersion`). */
  version: number;
  transfers: TransferView[];
  saved: SavedView[];
  uploads: UploadView[];
}

export interface UploadAnnouncement {
  task: TaskRef;
  files: FileAnnouncement[];
  comment?: string;
}

/** A tracker with settings of its own shape. */
/** A tracker's settings, saved or just entered (the background checks them against the tracker's fields). */
export interface ConnectionTest {
  tracker: TrackerId;
  settings: Settings;
}

export const toBackground = defineExtensionMessaging<ToBackground>();

/** The background trusts no message: every payload is checked against its schema before use. */

export const TaskRefSchema = v.strictObject({
  tracker: TrackerIdSchema,
  kind: v.picklist(['task', 'project', 'portfolio']),
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/)),
  projectId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,20}$/))),
  account: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,63}$/))),
  host: v.pipe(v.string(), v.maxLength(253)),
});

export const TaskTransfersRequestSchema = v.strictObject({
  task: TaskRefSchema,
  after: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

const idSchema = v.pipe(v.string(), v.maxLength(200));

export const StartDownloadsSchema = v.strictObject({
  task: TaskRefSchema,
  which: v.union([v.picklist(['all', 'new']), v.pipe(v.array(idSchema), v.maxLength(10_000))]),
  zip: v.optional(v.boolean()),
});

export const TransferRefSchema = v.strictObject({ task: TaskRefSchema, jobId: v.optional(idSchema) });

export const UploadAnnouncementSchema = v.strictObject({
  task: TaskRefSchema,
  files: v.pipe(v.array(FileAnnouncementSchema), v.minLength(1), v.maxLength(10_000)),
  comment: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
});

export const SteerTransferSchema = v.strictObject({
  action: v.picklist(['cancel', 'retry', 'remove']),
  jobId: idSchema,
});
