import { formatBytes } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import type { TaskTransfers } from '../../lib/messages';
import type { TaskAttachments } from '../../lib/trackers/types';
import { hasActiveDownloads } from './use-transfers';

/** What the live status region says: progress while saving, the outcome after, else what the task holds. */
export function statusText(list: TaskAttachments, transfers: TaskTransfers, savedCount: number): string {
  const { attachments } = list;
  if (attachments.length === 0) return t('toolbarNoAttachments');
  const total = attachments.reduce((sum, attachment) => sum + attachment.size, 0);
  const summary = t('toolbarCount', String(attachments.length), formatBytes(total));
  const batch = transfers.transfers;
  const [zip] = batch;
  if (batch.length === 1 && zip?.attachmentId.startsWith('zip:')) {
    // The outcome follows what the task holds, as for single files, so a reload still shows the count.
    if (zip.state === 'done')
      return `${summary}. ${t('toolbarZipDone', zip.path.slice(zip.path.lastIndexOf('/') + 1))}`;
    if (zip.state === 'failed') return `${summary}. ${t('toolbarZipFailed', zip.error ? errorText(zip.error) : '')}`;
    if (zip.state !== 'cancelled')
      return t('toolbarZipProgress', formatBytes(zip.bytesReceived), formatBytes(zip.totalBytes));
  }
  const done = batch.filter((transfer) => transfer.state === 'done').length;
  const failed = batch.filter((transfer) => transfer.state === 'failed').length;
  if (hasActiveDownloads(transfers)) {
    const bytes = batch.reduce(
      (sum, transfer) => sum + (transfer.state === 'done' ? transfer.totalBytes : transfer.bytesReceived),
      0,
    );
    const total = batch.reduce((sum, transfer) => sum + transfer.totalBytes, 0);
    return t('toolbarProgress', String(done), String(batch.length), formatBytes(bytes), formatBytes(total));
  }
  if (failed > 0) return `${summary}. ${t('toolbarFinishedWithFailures', String(done), String(failed))}`;
  if (done > 0) return `${summary}. ${t('toolbarFinished', String(done))}`;
  if (savedCount > 0) return `${summary}. ${t('toolbarSavedSummary', String(savedCount), String(attachments.length))}`;
  return summary;
}
