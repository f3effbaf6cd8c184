import { formatBytes } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { isUnderWay, type TransferView } from '../../lib/jobs/transfer-view';
import { trusted } from './trusted';

function percent(upload: TransferView): string {
  return String(upload.bytesTotal > 0 ? Math.floor((upload.bytesDone / upload.bytesTotal) * 100) : 0);
}

function stateLabel(upload: TransferView): string {
  if (upload.cancelling) return t('attachStateCancelling');
  if (upload.state === 'fetching') return t('copyStateFetching', percent(upload));
  if (upload.state === 'uploaded') return t('attachStateUploaded');
  if (upload.state === 'attaching') return t('attachStateAttaching');
  switch (upload.phase) {
    case 'waiting':
      return t('attachStateQueued');
    case 'moving':
      return t('attachStateUploading', percent(upload));
    case 'done':
      return t('attachStateDone');
    case 'cancelled':
      return t('toolbarStateCancelled');
    case 'failed':
      return upload.error ? errorText(upload.error) : '';
  }
}

interface Props {
  upload: TransferView;
  onRetry: (jobId: string) => void;
  onCancel: (jobId: string) => void;
}

/** One file on its way into the task: name, size, where it is, and what can be done about it. */
export function UploadRow({ upload, onRetry, onCancel }: Props) {
  // A cancel being settled is not cancelled again: only its outcome is still to come.
  const active = isUnderWay(upload) && !upload.cancelling;
  return (
    <li class="file" data-state={upload.state}>
      <span class="file__name">{upload.name}</span>
      <span class="file__size">{formatBytes(upload.bytesTotal)}</span>
      {(upload.state === 'uploading' || upload.state === 'fetching') && (
        <progress class="file__progress" max={Math.max(upload.bytesTotal, 1)} value={upload.bytesDone} />
      )}
      <span class="file__state">{stateLabel(upload)}</span>
      {upload.state === 'failed' && (
        <button
          type="button"
          class="link"
          onClick={trusted(() => onRetry(upload.id))}
          aria-label={`${t('toolbarRetry')}: ${upload.name}`}
        >
          {t('toolbarRetry')}
        </button>
      )}
      {(active || upload.state === 'failed') && (
        <button
          type="button"
          class="link"
          onClick={trusted(() => onCancel(upload.id))}
          aria-label={`${active ? t('toolbarCancel') : t('attachRemove')}: ${upload.name}`}
        >
          {active ? t('toolbarCancel') : t('attachRemove')}
        </button>
      )}
    </li>
  );
}
