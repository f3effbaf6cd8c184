import { formatBytes } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import type { UploadView } from '../../lib/messages';
import { isActiveUpload } from '../../lib/uploads/job';
import { trusted } from './trusted';

function stateLabel(upload: UploadView): string {
  switch (upload.state) {
    case 'queued':
      return t('attachStateQueued');
    case 'uploading':
      return t(
        'attachStateUploading',
        String(upload.size > 0 ? Math.floor((upload.bytesSent / upload.size) * 100) : 0),
      );
    case 'uploaded':
      return t('attachStateUploaded');
    case 'attaching':
      return t('attachStateAttaching');
    case 'done':
      return t('attachStateDone');
    case 'cancelled':
      return t('toolbarStateCancelled');
    case 'failed':
      return upload.error ? errorText(upload.error) : '';
  }
}

interface Props {
  upload: UploadView;
  onRetry: (jobId: string) => void;
  onCancel: (jobId: string) => void;
}

/** One file on its way into the task: name, size, where it is, and what can be done about it. */
export function UploadRow({ upload, onRetry, onCancel }: Props) {
  const active = isActiveUpload(upload);
  return (
    <li class="file" data-state={upload.state}>
      <span class="file__name">{upload.name}</span>
      <span class="file__size">{formatBytes(upload.size)}</span>
      {upload.state === 'uploading' && (
        <progress class="file__progress" max={Math.max(upload.size, 1)} value={upload.bytesSent} />
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
