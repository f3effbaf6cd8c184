import { asNumber, asString, isRecord } from '../../http/responses';
import { attachmentOf } from '../attachment-of';
import type { Attachment, AttachmentPlace } from '../types';

function list(value: unknown, item: string): unknown[] {
  const holder = isRecord(value) ? value[item] : undefined;
  return Array.isArray(holder) ? holder : [];
}

/** `10-01-2026 09:00` -> `2026-01-10T09:00:00` (the account's local time). */
function isoDate(value: unknown): string | undefined {
  const match = /^(\d\d)-(\d\d)-(\d{4}) (\d\d:\d\d)/.exec(asString(value) ?? '');
  return match ? `${match[3]}-${match[2]}-${match[1]}T${match[4]}:00` : undefined;
}

function name(value: unknown): string | undefined {
  return isRecord(value) ? asString(value.name) : undefined;
}

export function totalCount(container: unknown): number {
  return isRecord(container) ? (asNumber(container['@_totalCount']) ?? 0) : 0;
}

/** Which action (PlanFix's comment) each file version belongs to. */
export function actionPlaces(actions: unknown): Map<string, AttachmentPlace> {
  const places = new Map<string, AttachmentPlace>();
  for (const action of list(actions, 'action')) {
    if (!isRecord(action)) continue;
    const place: AttachmentPlace = {
      kind: 'comment',
      commentId: asString(action.id) ?? '',
      author: name(action.owner),
      date: isoDate(action.dateTime),
    };
    for (const file of list(action.files, 'file')) {
      const id = isRecord(file) ? asString(file.uniqueId) : undefined;
      if (id) places.set(id, place);
    }
  }
  return places;
}

/** `<files><file>`: sizes are kilobytes rounded up, so `size` is an upper bound. */
export function parseFiles(files: unknown, placeOf: (uniqueId: string) => AttachmentPlace): Attachment[] {
  return list(files, 'file').flatMap((record) =>
    attachmentOf(
      record,
      (id, file) => ({ sizeExact: false, author: name(file.user), createdAt: isoDate(file.date), place: placeOf(id) }),
      { id: 'uniqueId', sizeUnit: 1024 },
    ),
  );
}
