/** What was saved before, so a second `Download all` can offer only new or changed files. */
export interface LedgerEntry {
  /** `<taskKey>|<attachment id>` */
  key: string;
  taskKey: string;
  attachmentId: string;
  size: number;
  md5?: string;
  path: string;
  downloadId?: number;
  savedAt: number;
}

export function ledgerKey(taskKey: string, attachmentId: string): string {
  return `${taskKey}|${attachmentId}`;
}
