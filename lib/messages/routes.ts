import * as v from 'valibot';
import type { TaskRef } from '../trackers/registry';
import type { Identity, TaskAttachments } from '../trackers/types';
import type { CopyOutcome } from './copy-outcome';
import type { DownloadsStarted } from './downloads-started';
import { FileAnnouncementSchema } from './file-announcement';
import { TaskListRefSchema } from './task-list-ref';
import { TaskRefSchema } from './task-ref';

/**
 * Every request a content script or an extension page sends to the background: what it carries (a schema, its type
 * inferred from it), who may send it, and what it answers. The background checks both before a handler runs
 * (lib/background/router.ts); nothing here is trusted by shape alone.
 *
 * - `extension-page`: the extension's own pages (options, popup, task picker);
 * - `task-page`: a content script whose page shows a task (or a list of tasks) of the same tracker and host, or an
 *   extension page; the message names the task (`task`) or the list (`list`);
 * - `own`: any context of the extension (a content script anywhere, an extension page).
 */
export type Access = 'extension-page' | 'task-page' | 'own';

interface Route<Input extends v.GenericSchema, Output> {
  input: Input;
  access: Access;
  /** Only the type matters: what the handler answers. */
  output?: (answer: Output) => Output;
}

function route<Output>() {
  return <Input extends v.GenericSchema>(input: Input, access: Access): Route<Input, Output> => ({ input, access });
}

const idSchema = v.pipe(v.string(), v.maxLength(200));
const nothing = v.optional(v.undefined());

/** The most files one attach may announce; the toolbar says so before asking. */
export const maxFilesPerAttach = 10_000;

export const routes = {
  /** The task's attachments, from the tracker (and the visit remembered for "Attach to task"). */
  listAttachments: route<TaskAttachments>()(v.strictObject({ task: TaskRefSchema }), 'task-page'),
  /** The tasks a list page shows (a queue, a filter, a project, a form's register), paged through the tracker. */
  listTasks: route<{ tasks: { task: TaskRef; title: string }[]; truncated: boolean }>()(
    v.strictObject({ list: TaskListRefSchema }),
    'task-page',
  ),
  /** Saves the task's files (all, the new or changed, or the picked); how many were queued and left as saved. */
  startDownloads: route<DownloadsStarted>()(
    v.strictObject({
      task: TaskRefSchema,
      which: v.union([v.picklist(['all', 'new']), v.pipe(v.array(idSchema), v.maxLength(10_000))]),
      zip: v.optional(v.boolean()),
    }),
    'task-page',
  ),
  /** Cancels one transfer of the task, or all that still move. */
  cancelTransfers: route<void>()(v.strictObject({ task: TaskRefSchema, jobId: v.optional(idSchema) }), 'task-page'),
  retryTransfer: route<void>()(v.strictObject({ task: TaskRefSchema, jobId: idSchema }), 'task-page'),
  /** Files to attach are coming: answers the token for the bridge hand-off. */
  beginUpload: route<{ token: string; batchId: string }>()(
    v.strictObject({
      task: TaskRefSchema,
      files: v.pipe(v.array(FileAnnouncementSchema), v.minLength(1), v.maxLength(maxFilesPerAttach)),
      comment: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
    }),
    'task-page',
  ),
  /** Copies the task's files (all, or the ticked) to another task: opens the task picker to name it. */
  beginCopy: route<void>()(
    v.strictObject({
      task: TaskRefSchema,
      which: v.union([v.literal('all'), v.pipe(v.array(idSchema), v.minLength(1), v.maxLength(10_000))]),
    }),
    'task-page',
  ),
  /** The task picker: copy what a toolbar picked to this task page, once every file passes the target's checks. */
  copyPendingTo: route<CopyOutcome>()(
    v.strictObject({ copyId: idSchema, taskUrl: v.pipe(v.string(), v.maxLength(2048)) }),
    'extension-page',
  ),
  /** Opens the options page at a tracker's settings. */
  openSettings: route<void>()(v.pipe(v.string(), v.maxLength(64)), 'own'),
  /** Checks settings (saved, or just entered) against the tracker: the answer names who they belong to. */
  testConnection: route<Identity>()(
    v.strictObject({ tracker: v.pipe(v.string(), v.maxLength(64)), settings: v.unknown() }),
    'extension-page',
  ),
  /** The task picker: attach what an "Other task…" click left under `attachId` to this task page. */
  attachPendingTo: route<void>()(
    v.strictObject({ attachId: idSchema, taskUrl: v.pipe(v.string(), v.maxLength(2048)) }),
    'extension-page',
  ),
  /** The popup: cancel, retry or remove one transfer. */
  steerTransfer: route<void>()(
    v.strictObject({ action: v.picklist(['cancel', 'retry', 'remove']), jobId: idSchema }),
    'extension-page',
  ),
  /** The options page: forget finished transfers. */
  clearFinished: route<{ removed: number }>()(nothing, 'extension-page'),
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteInput<K extends RouteName> = v.InferOutput<Routes[K]['input']>;
export type RouteOutput<K extends RouteName> = ReturnType<NonNullable<Routes[K]['output']>>;
