import { defineExtensionMessaging } from '@webext-core/messaging';
import * as v from 'valibot';
import type { TrackerSettingsMap } from './settings-types';
import type { SerializedTrackerError } from './trackers/errors';
import type { Identity, TaskAttachments, TaskRef, TrackerId } from './trackers/types';

/** What crosses the message boundary: a value, or an error already worded for people. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedTrackerError };

/** Messages a content script or an extension page sends to the background, and what each answers. */
export interface ToBackground {
  /** content script or extension page -> background */
  listAttachments(task: TaskRef): Result<TaskAttachments>;
  /** options page -> background: checks settings (saved or not yet) against the tracker. */
  testConnection(input: ConnectionTest): Result<Identity>;
}

/** A tracker with settings of its own shape. */
export type ConnectionTest = { [K in TrackerId]: { tracker: K; settings: TrackerSettingsMap[K] } }[TrackerId];

export const toBackground = defineExtensionMessaging<ToBackground>();

/** The background trusts no message: every payload is checked against its schema before use. */
export const TaskRefSchema = v.strictObject({
  tracker: v.picklist(['pyrus', 'yandex-tracker', 'worksection', 'planfix']),
  kind: v.picklist(['task', 'project', 'portfolio']),
  id: v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/)),
  projectId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,20}$/))),
  account: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,63}$/))),
  host: v.pipe(v.string(), v.maxLength(253)),
});
