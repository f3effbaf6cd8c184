import type { Attachment } from '../trackers/types';

export interface AttachmentGroup {
  key: string;
  place: Attachment['place'];
  /** ISO date of the comment or of its first file, for ordering and display. */
  date?: string;
  attachments: Attachment[];
}

/** Files grouped by where they sit: the task body first, then each comment in time order, fields, project. */
export function groupByPlace(attachments: readonly Attachment[]): AttachmentGroup[] {
  const groups = new Map<string, AttachmentGroup>();
  for (const attachment of attachments) {
    const { place } = attachment;
    const key =
      place.kind === 'comment'
        ? `comment:${place.commentId}`
        : place.kind === 'field'
          ? `field:${place.field}`
          : place.kind;
    const group = groups.get(key) ?? {
      key,
      place,
      date: place.kind === 'comment' ? (place.date ?? attachment.createdAt) : attachment.createdAt,
      attachments: [],
    };
    group.attachments.push(attachment);
    groups.set(key, group);
  }
  const rank = { task: 0, project: 1, field: 2, comment: 3 } as const;
  return [...groups.values()].sort(
    (a, b) => rank[a.place.kind] - rank[b.place.kind] || (a.date ?? '').localeCompare(b.date ?? ''),
  );
}

/** A filter by name or extension, as typed: `pdf`, `.pdf`, `отчёт`. */
export function matchesFilter(attachment: Attachment, filter: string): boolean {
  const needle = filter
    .trim()
    .toLowerCase()
    .replace(/^\*?\./, '.');
  return needle === '' || attachment.name.toLowerCase().includes(needle);
}
