import { formatBytes } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { isUnderWay, type TransferView } from '../../lib/jobs/transfer-view';
import type { Attachment } from '../../lib/trackers/types';
import { trusted } from './trusted';

interface Props {
  attachment: Attachment;
  checked: boolean;
  onToggle: (id: string) => void;
  savedBefore: boolean;
  transfer?: TransferView;
  onRetry: (jobId: string) => void;
  onCancel: (jobId: string) => void;
}

function transferLabel(transfer: TransferView): string {
  switch (transfer.phase) {
    case 'waiting':
      return t('toolbarStateQueued');
    case 'moving':
      return t(
        'toolbarStateRunning',
        String(transfer.bytesTotal > 0 ? Math.floor((transfer.bytesDone / transfer.bytesTotal) * 100) : 0),
      );
    case 'done':
      return t('toolbarStateDone');
    case 'cancelled':
      return t('toolbarStateCancelled');
    case 'failed':
      return transfer.error ? errorText(transfer.error) : '';
  }
}

export function FileRow({ attachment, checked, onToggle, savedBefore, transfer, onRetry, onCancel }: Props) {
  const active = transfer && isUnderWay(transfer);
  return (
    <li class="file" data-state={transfer?.state ?? (savedBefore ? 'saved' : 'idle')}>
      <label class="file__name">
        <input
          type="checkbox"
          checked={checked}
          onChange={trusted(() => onToggle(attachment.id))}
          // Space ticks a checkbox by itself; Enter does too here, as on every other control of the toolbar.
          onKeyDown={trusted((event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            onToggle(attachment.id);
          })}
        />
        <span>{attachment.name}</span>
      </label>
      <span class="file__size">{(attachment.sizeExact ? '' : '≤ ') + formatBytes(attachment.size)}</span>
      <span class="file__state">{transfer ? transferLabel(transfer) : savedBefore ? t('toolbarSavedBefore') : ''}</span>
      {transfer?.state === 'failed' && (
        <button
          type="button"
          class="link"
          onClick={trusted(() => onRetry(transfer.id))}
          aria-label={`${t('toolbarRetry')}: ${attachment.name}`}
        >
          {t('toolbarRetry')}
        </button>
      )}
      {active && transfer && (
        <button
          type="button"
          class="link"
          onClick={trusted(() => onCancel(transfer.id))}
          aria-label={`${t('toolbarCancel')}: ${attachment.name}`}
        >
          {t('toolbarCancel')}
        </button>
      )}
    </li>
  );
}
