import { asNumber, asString, isRecord } from '../http/responses';
import type { Attachment } from './types';

type Details = Omit<Attachment, 'id' | 'name' | 'size'>;

/**
 * The attachment a tracker's file record describes, or none where it lacks an id, a name or a size (a record the
 * client cannot save is left out, not guessed at). `keys` names the record's fields where they are not `id`,
 * `name` and `size`; `sizeUnit` scales a size given in larger units.
 */
export function attachmentOf(
  record: unknown,
  details: (id: string, record: Record<string, unknown>) => Details,
  { id: idKey = 'id', sizeUnit = 1 }: { id?: string; sizeUnit?: number } = {},
): Attachment[] {
  if (!isRecord(record)) return [];
  const id = asString(record[idKey]);
  const name = asString(record.name);
  const size = asNumber(record.size);
  if (!id || name === undefined || size === undefined) return [];
  return [{ id, name, size: size * sizeUnit, ...details(id, record) }];
}
