import { AppError } from '../../errors';
import { asString, isRecord } from '../../http/responses';
import { attachmentOf } from '../attachment-of';
import type { Attachment, AttachmentPlace } from '../types';

/** `2026-01-10 09:00` (the account's time zone, which the API does not say) -> `2026-01-10T09:00:00`. */
function isoDate(value: unknown): string | undefined {
  const text = asString(value);
  const match = text ? /^(\d{4}-\d\d-\d\d) (\d\d:\d\d)(?::(\d\d))?$/.exec(text) : null;
  return match ? `${match[1]}T${match[2]}:${match[3] ?? '00'}` : undefined;
}

function author(value: unknown): string | undefined {
  return isRecord(value) ? asString(value.name) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * An answer's `data` that must be a list (files, comments, tasks). One left out is an empty list; anything else is a
 * malformed answer, not "nothing there": read as none, an upload's settle would send again a file the task has.
 */
function answerList(data: unknown, what: string): unknown[] {
  if (data === undefined || Array.isArray(data)) return data ?? [];
  throw new AppError('unexpected', { tracker: 'worksection', detail: `${what} is not a list` });
}

/** Which comment each file of `get_comments&extra=files` sits in. */
export function commentPlaces(comments: unknown): Map<string, AttachmentPlace> {
  const places = new Map<string, AttachmentPlace>();
  for (const comment of answerList(comments, 'comments')) {
    if (!isRecord(comment)) continue;
    const place: AttachmentPlace = {
      kind: 'comment',
      commentId: asString(comment.id) ?? '',
      author: author(comment.user_from),
      date: isoDate(comment.date_added),
    };
    for (const file of list(comment.files)) {
      const id = isRecord(file) ? asString(file.id) : undefined;
      if (id) places.set(id, place);
    }
  }
  return places;
}

export function parseFiles(data: unknown, placeOf: (id: string) => AttachmentPlace): Attachment[] {
  return answerList(data, 'files').flatMap((record) =>
    attachmentOf(record, (id, file) => ({
      sizeExact: true,
      author: author(file.user_from),
      createdAt: isoDate(file.date_added),
      place: placeOf(id),
    })),
  );
}

/**
 * The tasks of `get_tasks&extra=subtasks`, subtasks after their task: each has its `child` tasks, two levels deep
 * (https://worksection.com/en/faq/api-task.html; worksection-php-sdk src/Entity/TasksEntity.php).
 */
export function projectTasks(data: unknown): { id: string; name: string }[] {
  return tasksOf(answerList(data, 'tasks'));
}

function tasksOf(tasks: unknown[]): { id: string; name: string }[] {
  return tasks.flatMap((task): { id: string; name: string }[] => {
    const id = isRecord(task) ? asString(task.id) : undefined;
    if (!id || !isRecord(task)) return [];
    return [{ id, name: asString(task.name) ?? '' }, ...tasksOf(list(task.child))];
  });
}

/**
 * Whom an admin-key comment is from: the account owner of `get_users` (role `Owner`; the SDKs' `owner`), the only
 * person who sees the API key (api-start), else the first account admin. Undefined when neither is listed.
 */
export function accountOwnerEmail(users: unknown): string | undefined {
  const people = list(users).filter(isRecord);
  const withRole = (role: string) =>
    people.find((person) => asString(person.role)?.trim().toLowerCase() === role && asString(person.email));
  const chosen = withRole('owner') ?? withRole('account admin');
  return chosen ? asString(chosen.email) : undefined;
}
