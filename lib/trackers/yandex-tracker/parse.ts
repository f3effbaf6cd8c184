import { AppError } from '../../errors';
import { asString, isRecord } from '../../http/responses';
import { attachmentOf } from '../attachment-of';
import type { Attachment, AttachmentPlace, Identity } from '../types';

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new AppError('unexpected', { tracker: 'yandex-tracker', detail: `${what} is not a list` });
  return value;
}

/**
 * Tracker writes `2026-01-12T10:00:00.000+0000` (`YYYY-MM-DDThh:mm:ss.sss±hhmm`): given the colon `Date` wants in the
 * offset, read with or without the fraction, and returned as UTC ISO 8601 so dates sort as text. Unreadable: none.
 */
export function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value.trim().replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** `GET /v2/myself` (api-ref/get-user-info.md): the account's `uid` and the name Tracker shows for it. */
export function identityOf(body: unknown): Identity {
  if (!isRecord(body)) throw new AppError('unexpected', { tracker: 'yandex-tracker', detail: 'myself is missing' });
  const id = asString(body.uid) ?? asString(body.login) ?? '';
  return { id, name: asString(body.display) ?? asString(body.login) ?? id };
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

/** The ids of a page of comments, in order. */
export function commentIds(comments: unknown): string[] {
  return list(comments, 'comments').map((comment) => (isRecord(comment) ? (asString(comment.id) ?? '') : ''));
}

const linkBase = 'https://api.tracker.yandex.net';

/**
 * The comment the next page starts after, or none at the end. `Link` names the next page (issues/get-comments.md);
 * its `id` is taken, not the whole address, so the page keeps asking what this one asked. A server that sends no
 * `Link` has ended at a short page.
 */
export function nextCommentsAfter(link: string | null, comments: unknown, perPage: number): string | undefined {
  if (link !== null) {
    const next = /<([^>]*)>[^,]*;\s*rel="?next"?/.exec(link)?.[1];
    if (!next) return undefined;
    // A relative link is read against any base: only its `id` is taken.
    const after = URL.canParse(next, linkBase) ? new URL(next, linkBase).searchParams.get('id') : null;
    if (!after) throw new AppError('unexpected', { tracker: 'yandex-tracker', detail: 'next comments link has no id' });
    return after;
  }
  const ids = commentIds(comments);
  return ids.length < perPage ? undefined : ids.at(-1) || undefined;
}

/** `POST /v3/entities/<type>/_search` (entities/search-entities): each entity's id and number, and the page count. */
export function listedEntities(body: unknown): {
  entities: { id: string; shortId: string }[];
  pages: number | undefined;
} {
  if (!isRecord(body)) throw new AppError('unexpected', { tracker: 'yandex-tracker', detail: 'entities are missing' });
  const entities = list(body.values, 'entities').flatMap((entity) => {
    const id = isRecord(entity) ? asString(entity.id) : undefined;
    const shortId = isRecord(entity) ? asString(entity.shortId) : undefined;
    return id && shortId ? [{ id, shortId }] : [];
  });
  return { entities, pages: typeof body.pages === 'number' ? body.pages : undefined };
}

/** `POST /v2/issues/_search` (issues/search-issues.md): each issue's key and name. */
export function listedIssues(body: unknown): { key: string; summary: string }[] {
  return list(body, 'issues').flatMap((issue) => {
    const key = isRecord(issue) ? asString(issue.key) : undefined;
    return key && isRecord(issue) ? [{ key, summary: asString(issue.summary) ?? '' }] : [];
  });
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
