import { asString, field, isRecord } from '../../http/responses';
import { attachmentOf } from '../attachment-of';
import type { Attachment, AttachmentPlace, TaskAttachments } from '../types';

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function fileOf(value: unknown, place: AttachmentPlace, createdAt?: string, author?: string): Attachment[] {
  return attachmentOf(value, (_id, file) => ({ sizeExact: true, md5: asString(file.md5), createdAt, author, place }));
}

/** Form fields: `file` fields hold files; `title` sections and `table` rows hold more fields. */
function fieldFiles(fields: unknown[], createdAt?: string): Attachment[] {
  return fields.flatMap((entry): Attachment[] => {
    if (!isRecord(entry)) return [];
    const name = asString(entry.name) ?? asString(entry.id) ?? '';
    if (entry.type === 'file') {
      return list(entry.value).flatMap((file) => fileOf(file, { kind: 'field', field: name }, createdAt));
    }
    if (entry.type === 'title' && isRecord(entry.value)) return fieldFiles(list(entry.value.fields), createdAt);
    if (entry.type === 'table') {
      return list(entry.value).flatMap((row) => (isRecord(row) ? fieldFiles(list(row.cells), createdAt) : []));
    }
    return [];
  });
}

/**
 * A Pyrus date as one ISO 8601 form. Pyrus writes `2017-08-17T15:32:11Z`, always UTC
 * (https://pyrus.com/en/help/api/endpoints); fractions of a second and a missing zone are taken too, anything
 * unreadable is left out.
 */
function isoDate(value: unknown): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    asString(value)?.trim() ?? '',
  );
  if (!match?.[1]) return undefined;
  const [, dateTime, fraction, zone = 'Z'] = match;
  // The form every Date.parse reads: exactly three digits of milliseconds, a zone as `Z` or `+hh:mm`.
  const millis = fraction ? `.${fraction.slice(1, 4).padEnd(3, '0')}` : '';
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${dateTime}${millis}${offset}`);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function personName(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const name = [asString(value.first_name), asString(value.last_name)].filter(Boolean).join(' ');
  return name || asString(value.email);
}

/** `GET forms/{id}/register` (https://pyrus.com/en/help/api/forms): each task's id and its subject or text. */
export function registerTasks(body: unknown): { id: string; title: string }[] {
  return list(isRecord(body) ? body.tasks : undefined).flatMap((task) => {
    const id = isRecord(task) ? asString(task.id) : undefined;
    if (!id || !isRecord(task)) return [];
    return [{ id, title: asString(task.subject) ?? asString(task.text) ?? '' }];
  });
}

/** `GET tasks/{id}` -> every live file of the task body, its comments and its form fields. */
export function parseTask(body: unknown): TaskAttachments {
  const task = field('pyrus', isRecord(body) ? body.task : undefined, 'task');
  const created = isoDate(task.create_date);
  const removed = new Set<string>();
  const attachments: Attachment[] = list(task.attachments).flatMap((file) => fileOf(file, { kind: 'task' }, created));
  for (const comment of list(task.comments)) {
    if (!isRecord(comment)) continue;
    for (const id of list(comment.removed_attachment_ids)) removed.add(String(id));
    const commentId = asString(comment.id) ?? '';
    const date = isoDate(comment.create_date);
    const author = personName(comment.author);
    const place: AttachmentPlace = { kind: 'comment', commentId, author, date };
    attachments.push(...list(comment.attachments).flatMap((file) => fileOf(file, place, date, author)));
  }
  attachments.push(...fieldFiles(list(task.fields), created));
  const title = asString(task.subject) ?? asString(task.text);
  return { title, attachments: attachments.filter((attachment) => !removed.has(attachment.id)) };
}
