import { AppError } from '../../errors';
import { asString, isRecord } from '../../http/responses';
import { attachmentOf } from '../attachment-of';
import type { Attachment, AttachmentPlace } from '../types';

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new AppError('unexpected', { tracker: 'yandex-tracker', detail: `${what} is not a list` });
  return value;
}

/** `2026-01-12T10:00:00.000+0000` -> ISO 8601 with a colon in the offset, which `Date` reads everywhere. */
export function isoDate(value: unknown): string | undefined {
  const text = asString(value);
  return text?.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
}

function display(value: unknown): string | undefined {
  return isRecord(value) ? asString(value.display) : undefined;
}

/** Where each attachment sits: the comment that lists it, else the issue itself. */
export function commentPlaces(comments: unknown): Map<string, AttachmentPlace> {
  const places = new Map<string, AttachmentPlace>();
  for (const comment of list(comments, 'comments')) {
    if (!isRecord(comment)) continue;
    const place: AttachmentPlace = {
      kind: 'comment',
      commentId: asString(comment.id) ?? '',
      author: display(comment.createdBy),
      date: isoDate(comment.createdAt),
    };
    for (const ref of Array.isArray(comment.attachments) ? comment.attachments : []) {
      const id = isRecord(ref) ? asString(ref.id) : undefined;
      if (id) places.set(id, place);
    }
  }
  return places;
}

export function parseAttachments(body: unknown, placeOf: (id: string) => AttachmentPlace): Attachment[] {
  return list(body, 'attachments').flatMap((record) =>
    attachmentOf(record, (id, item) => ({
      sizeExact: true,
      mime: asString(item.mimetype),
      author: display(item.createdBy),
      createdAt: isoDate(item.createdAt),
      place: placeOf(id),
    })),
  );
}
