import type { LedgerEntry } from '../jobs/records';

export function ledgerKey(taskKey: string, attachmentId: string): string {
  return `${taskKey}|${attachmentId}`;
}

/** Saved before and unchanged since: same size, and same hash where the tracker gives one. */
export function savedUnchanged(
  attachment: { size: number; md5?: string },
  entry: Pick<LedgerEntry, 'size' | 'md5'> | undefined,
): boolean {
  return entry !== undefined && entry.size === attachment.size && entry.md5 === attachment.md5;
}
