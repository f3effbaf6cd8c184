import { asNumber, asString, isRecord } from '../../http/responses';
import { attachmentOf } from '../attachment-of';
import type { Attachment, AttachmentPlace } from '../types';

function list(value: unknown, item: string): unknown[] {
  const holder = isRecord(value) ? value[item] : undefined;
  return Array.isArray(holder) ? holder : [];
}

/**
 * The XML API's DateTime, `dd-mm-yyyy` or `dd-mm-yyyy hh:mm` in the account's local time (ПланФикс API: Тип данных
 * DateTime), as ISO 8601 without a zone: `10-01-2026 09:00` -> `2026-01-10T09:00:00`. Seconds are kept if given.
 */
export function isoDate(value: unknown): string | undefined {
  const match = /^(\d\d)-(\d\d)-(\d{4})(?: (\d\d:\d\d)(:\d\d)?)?$/.exec(asString(value)?.trim() ?? '');
  if (!match) return undefined;
  const [, day, month, year, time, seconds] = match;
  const date = `${year}-${month}-${day}`;
  return time ? `${date}T${time}${seconds ?? ':00'}` : date;
}

function name(value: unknown): string | undefined {
  return isRecord(value) ? asString(value.name) : undefined;
}

/** A list's `totalCount`, where it gave one. */
export function totalCount(container: unknown): number | undefined {
  return isRecord(container) ? asNumber(container['@_totalCount']) : undefined;
}

/**
 * The actions (PlanFix's comments) that attach each file, by the file's `id`: action.get lists an action's files as
 * `<file><id/><name/></file>`, and `id` is the one all versions of a file share (file.getListForTask). Pages must
 * come oldest action first.
 */
function actionPlaces(actionPages: readonly unknown[]): Map<string, AttachmentPlace[]> {
  const places = new Map<string, AttachmentPlace[]>();
  for (const action of actionPages.flatMap((page) => list(page, 'action'))) {
    if (!isRecord(action)) continue;
    const place: AttachmentPlace = {
      kind: 'comment',
      commentId: asString(action.id) ?? '',
      author: name(action.owner),
      date: isoDate(action.dateTime),
    };
    for (const file of list(action.files, 'file')) {
      const id = isRecord(file) ? asString(file.id) : undefined;
      if (id) places.set(id, [...(places.get(id) ?? []), place]);
    }
  }
  return places;
}

/** One page of task.getList (`<tasks count totalCount><task>`): the tasks by the number the UI shows, `general`. */
export function listedTasks(page: unknown): { general: string; title: string }[] {
  return list(page, 'task').flatMap((task) => {
    const general = isRecord(task) ? asString(task.general) : undefined;
    return general && isRecord(task) ? [{ general, title: asString(task.title) ?? '' }] : [];
  });
}

function fileRecords(filePages: readonly unknown[]): Record<string, unknown>[] {
  return filePages.flatMap((page) => list(page, 'file')).filter(isRecord);
}

/** The `id` of every file the pages list: the id all versions of a file share, as 9006 names a file by. */
export function fileIds(filePages: readonly unknown[]): string[] {
  return fileRecords(filePages).flatMap((record) => asString(record.id) ?? []);
}

/** A `<file>` record as an attachment, by its `uniqueId` (what file.download takes); sizes are kilobytes rounded up. */
function attachment(record: Record<string, unknown>, place: AttachmentPlace): Attachment[] {
  return attachmentOf(
    record,
    () => ({ sizeExact: false, author: name(record.user), createdAt: isoDate(record.date), place }),
    { id: 'uniqueId', sizeUnit: 1024 },
  );
}

/**
 * A file's newest version named by the `id` its versions share: `file-<id>@<version>`. The version is in it so that a
 * new version is a new attachment (an upload's settle looks for an id it has not seen).
 */
const sharedIdPattern = /^file-(\d+)@\d+$/;

/** How file.download names an attachment's file: by `uniqueId`, or by the `id` its versions share (the newest). */
export function fileReference(attachmentId: string): { uniqueId: string } | { id: string } {
  const shared = sharedIdPattern.exec(attachmentId)?.[1];
  return shared ? { id: shared } : { uniqueId: attachmentId };
}

/**
 * Every file file.getListForProject lists (all pages), each one attachment. Its vendor page
 * (https://planfix.com/help/Planfix_API_file.getListForProject) gives a file only its `id`, which all versions of a
 * file share, and no `uniqueId`: such a file is listed once, as its newest version, by that `id` (file.download takes
 * either). A record with a `uniqueId` is one version, as in a task's list.
 */
export function parseProjectFiles(filePages: readonly unknown[]): Attachment[] {
  const place: AttachmentPlace = { kind: 'project' };
  const records = fileRecords(filePages);
  const versions = records.filter((record) => asString(record.uniqueId) !== undefined);
  const newest = new Map<string, Record<string, unknown>>();
  for (const record of records) {
    const id = asString(record.id);
    if (id === undefined || versions.includes(record)) continue;
    const kept = newest.get(id);
    if (!kept || (asNumber(record.version) ?? 1) >= (asNumber(kept.version) ?? 1)) newest.set(id, record);
  }
  const shared = [...newest.values()].flatMap((record) =>
    attachment({ ...record, uniqueId: `file-${asString(record.id)}@${asNumber(record.version) ?? 1}` }, place),
  );
  return [...versions.flatMap((record) => attachment(record, place)), ...shared];
}

/**
 * Every version file.getListForTask lists (all pages), placed by action.getList (all pages, oldest first). An
 * action names the file, not the version: where a file has several versions, the newest go with the newest actions
 * that carry the file, and versions left over were attached to the task itself.
 */
export function parseTaskFiles(filePages: readonly unknown[], actionPages: readonly unknown[]): Attachment[] {
  const records = fileRecords(filePages);
  const places = actionPlaces(actionPages);
  const version = (record: Record<string, unknown>) => asNumber(record.version) ?? 1;
  const versions = new Map<string, number[]>();
  for (const record of records) {
    const id = asString(record.id) ?? '';
    versions.set(id, [...(versions.get(id) ?? []), version(record)]);
  }
  return records.flatMap((record) => {
    const id = asString(record.id) ?? '';
    const carriers = places.get(id) ?? [];
    const newer = (versions.get(id) ?? []).filter((other) => other > version(record)).length;
    return attachment(record, carriers[carriers.length - 1 - newer] ?? { kind: 'task' });
  });
}
