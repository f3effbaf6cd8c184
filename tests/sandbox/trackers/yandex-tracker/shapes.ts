import { contentSize } from '../../content';
import type { StoredFile } from '../../file-store';

/**
 * The JSON objects Yandex Tracker answers with, as its API reference shows them (github.com/yandex-cloud/docs,
 * en/tracker/concepts/... and en/tracker/api-ref/...; the pages named below are under those). Every object that has
 * an `id` carries its `self` link: the official client turns objects into resources by that link
 * (github.com/yandex/yandex_tracker_client, yandex_tracker_client/connection.py `decode_response`).
 */

export const apiHost = 'api.tracker.yandex.net';
export const apiOrigin = `https://${apiHost}`;

/** `2026-01-12T10:00:00.000+0000`: always milliseconds, an offset without a colon (`YYYY-MM-DDThh:mm:ss.sss±hhmm`). */
export function trackerDate(iso: string): string {
  return new Date(iso).toISOString().replace('Z', '+0000');
}

/** The error body the official client reads: `errors`, `errorMessages`, `statusCode` (connection.py `_log_error`). */
export function errorBody(status: number, message: string): string {
  return JSON.stringify({ errors: {}, errorMessages: [message], statusCode: status });
}

export interface TrackerUser {
  uid: number;
  login: string;
  firstName: string;
  lastName: string;
}

const displayOf = (user: TrackerUser) => `${user.firstName} ${user.lastName}`;

/** A user as objects embed one (createdBy, updatedBy): get-all-attachments.md, `createdBy` object fields. */
export function userRef(user: TrackerUser) {
  return {
    self: `${apiOrigin}/v2/users/${user.uid}`,
    id: String(user.uid),
    display: displayOf(user),
    passportUid: user.uid,
  };
}

/** `GET /v2/myself`: en/tracker/api-ref/get-user-info.md. */
export function myselfJson(user: TrackerUser) {
  return {
    self: `${apiOrigin}/v2/users/${user.uid}`,
    uid: user.uid,
    login: user.login,
    passportUid: user.uid,
    firstName: user.firstName,
    lastName: user.lastName,
    display: displayOf(user),
    email: `${user.login}@trackerdrop.test`,
    external: false,
    hasLicense: true,
    dismissed: false,
    useNewFilters: true,
    disableNotifications: false,
  };
}

const mimeTypes: Record<string, string> = {
  txt: 'text/plain',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

function mimetypeOf(name: string): string {
  return mimeTypes[/\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** Where an attachment object says it lives and where its bytes are. */
export interface AttachmentLinks {
  self: string;
  content: string;
}

/** An issue's file: `self` and `content` under the issue (get-comments.md `attachments`; get-attachment.md). */
export function issueAttachmentLinks(version: string, issue: string, file: StoredFile): AttachmentLinks {
  const self = `${apiOrigin}/${version}/issues/${issue}/attachments/${file.id}`;
  return { self, content: `${self}/${encodeURIComponent(file.name)}` };
}

/**
 * A temporary or an entity's file: `self` is `/attachments/<id>`, `content` `/attachments/<id>/<name>`
 * (entities/attachments/get-all-attachments.md, get-attachment.md, add-attachment.md, get-entity.md). The reference
 * writes that `content` as `{{ host }}/...`, which yandex.cloud renders with `https://` and yandex.ru without (seed
 * 002); the full URL is what the official client can follow (it joins `content` onto its base URL).
 */
export function globalAttachmentLinks(version: string, file: StoredFile): AttachmentLinks {
  const self = `${apiOrigin}/${version}/attachments/${file.id}`;
  return { self, content: `${self}/${encodeURIComponent(file.name)}` };
}

/** An attachment object: get-attachments-list.md, post-attachment.md, temp-attachment.md. */
export function attachmentJson(file: StoredFile, links: AttachmentLinks, author: TrackerUser) {
  return {
    self: links.self,
    id: file.id,
    name: file.name,
    content: links.content,
    createdBy: userRef(author),
    createdAt: trackerDate(file.createdAt),
    mimetype: mimetypeOf(file.name),
    size: contentSize(file.content),
  };
}

export interface StoredComment {
  id: number;
  text: string;
  author: TrackerUser;
  createdAt: string;
  attachmentIds: string[];
}

/**
 * A comment (get-comments.md, add-comment.md). `attachments` and `textHtml` are additional fields: a list shows
 * them only when asked with `expand=attachments` / `expand=html` (or `all`).
 */
export function commentJson(
  version: string,
  issue: string,
  comment: StoredComment,
  extra: { attachments: { id: string; name: string }[] | undefined; html: boolean },
) {
  const createdAt = trackerDate(comment.createdAt);
  return {
    self: `${apiOrigin}/${version}/issues/${issue}/comments/${comment.id}`,
    id: comment.id,
    longId: `65a0${comment.id.toString(16).padStart(20, '0')}`,
    text: comment.text,
    ...(extra.html ? { textHtml: `<p>${escapeHtml(comment.text)}</p>\n` } : {}),
    ...(extra.attachments
      ? {
          attachments: extra.attachments.map((file) => ({
            self: `${apiOrigin}/${version}/issues/${issue}/attachments/${file.id}`,
            id: file.id,
            display: file.name,
          })),
        }
      : {}),
    createdBy: userRef(comment.author),
    updatedBy: userRef(comment.author),
    createdAt,
    updatedAt: createdAt,
    version: 1,
    type: 'standard',
    transport: 'internal',
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

export type EntityType = 'project' | 'portfolio';

export interface StoredEntity {
  type: EntityType;
  id: string;
  shortId: string;
  summary: string;
  createdAt: string;
  author: TrackerUser;
}

/** A project or portfolio: entities/get-entity.md (`attachments` with `expand=attachments`, `fields` on request). */
export function entityJson(
  version: string,
  entity: StoredEntity,
  extra: { attachments?: unknown[]; fields?: readonly string[] },
) {
  const known: Record<string, unknown> = { summary: entity.summary };
  return {
    self: `${apiOrigin}/${version}/entities/${entity.type}/${entity.id}`,
    id: entity.id,
    version: 1,
    shortId: Number(entity.shortId),
    entityType: entity.type,
    createdBy: userRef(entity.author),
    createdAt: trackerDate(entity.createdAt),
    updatedAt: trackerDate(entity.createdAt),
    ...(extra.attachments ? { attachments: extra.attachments } : {}),
    ...(extra.fields ? { fields: Object.fromEntries(extra.fields.map((name) => [name, known[name] ?? null])) } : {}),
  };
}

interface FieldSpec {
  id: string;
  name: string;
  schema: { type: string; items?: string; required?: boolean };
  readonly: boolean;
}

/** A few of the organisation's standard fields; enough for the official client, which reads `id` and `schema.type`. */
const standardFields: readonly FieldSpec[] = [
  { id: 'key', name: 'Key', schema: { type: 'string', required: true }, readonly: true },
  { id: 'summary', name: 'Summary', schema: { type: 'string', required: true }, readonly: false },
  { id: 'description', name: 'Description', schema: { type: 'text', required: false }, readonly: false },
  { id: 'queue', name: 'Queue', schema: { type: 'queue', required: true }, readonly: true },
  { id: 'status', name: 'Status', schema: { type: 'status', required: true }, readonly: true },
  { id: 'createdBy', name: 'Author', schema: { type: 'user', required: true }, readonly: false },
  { id: 'createdAt', name: 'Created', schema: { type: 'datetime', required: true }, readonly: true },
  { id: 'followers', name: 'Followers', schema: { type: 'array', items: 'user' }, readonly: false },
  { id: 'tags', name: 'Tags', schema: { type: 'array', items: 'string' }, readonly: false },
];

/** A global field: en/tracker/concepts/issues/get-global-fields.md. */
function fieldJson(version: string, field: FieldSpec, order: number) {
  const multiple = field.schema.type === 'array';
  return {
    self: `${apiOrigin}/${version}/fields/${field.id}`,
    id: field.id,
    name: field.name,
    key: field.id,
    version: 0,
    schema: field.schema,
    readonly: field.readonly,
    options: multiple,
    suggest: multiple,
    order: order + 1,
    category: {
      self: `${apiOrigin}/${version}/fields/categories/000000000000000000000001`,
      id: '000000000000000000000001',
      display: 'System',
    },
    type: 'standard',
  };
}

export function globalFields(version: string) {
  return standardFields.map((field, index) => fieldJson(version, field, index));
}
