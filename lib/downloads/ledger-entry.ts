/** What was saved before, so a second `Download all` can offer only new or changed files. */
export interface LedgerEntry {
  /** `<taskKey>|<attachment id>` */
  key: string;
  taskKey: string;
  attachmentId: string;
  size: number;
  md5?: string;
  path: string;
  /** The browser's record of the download; absent when it was erased from the history on purpose. */
  downloadId?: number;
  savedAt: number;
}

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
