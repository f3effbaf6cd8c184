import { formatBytes } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { tCount } from '../../lib/i18n/plural';
import { t } from '../../lib/i18n/t';
import type { TaskTransfers } from '../../lib/messages/watch';
import type { TaskAttachments } from '../../lib/trackers/types';
import { hasActiveDownloads } from './use-transfers';

/** What the live status region says: progress while saving, the outcome after, else what the task holds. */
export function statusText(list: TaskAttachments, transfers: TaskTransfers, savedCount: number): string {
  const { attachments } = list;
  if (attachments.length === 0) return t('toolbarNoAttachments');
  const total = attachments.reduce((sum, attachment) => sum + attachment.size, 0);
  const summary = tCount('toolbarCount', attachments.length, formatBytes(total));
  const batch = transfers.downloads;
  const [zip] = batch;
  if (batch.length === 1 && zip?.attachmentId?.startsWith('zip:')) {
    // The outcome follows what the task holds, as for single files, so a reload still shows the count.
    const path = zip.path ?? '';
    if (zip.phase === 'done') return `${summary}. ${t('toolbarZipDone', path.slice(path.lastIndexOf('/') + 1))}`;
    if (zip.phase === 'failed') return `${summary}. ${t('toolbarZipFailed', zip.error ? errorText(zip.error) : '')}`;
    if (zip.phase !== 'cancelled')
      return t('toolbarZipProgress', formatBytes(zip.bytesDone), formatBytes(zip.bytesTotal));
  }
  const done = batch.filter((transfer) => transfer.phase === 'done').length;
  const failed = batch.filter((transfer) => transfer.phase === 'failed').length;
  if (hasActiveDownloads(transfers)) {
    const bytes = batch.reduce(
      (sum, transfer) => sum + (transfer.phase === 'done' ? transfer.bytesTotal : transfer.bytesDone),
      0,
    );
    const total = batch.reduce((sum, transfer) => sum + transfer.bytesTotal, 0);
    return t('toolbarProgress', String(done), String(batch.length), formatBytes(bytes), formatBytes(total));
  }
  if (failed > 0) return `${summary}. ${tCount('toolbarFinishedWithFailures', done, String(failed))}`;
  if (done > 0) return `${summary}. ${tCount('toolbarFinished', done)}`;
  if (savedCount > 0) return `${summary}. ${t('toolbarSavedSummary', String(savedCount), String(attachments.length))}`;
  return summary;
}
