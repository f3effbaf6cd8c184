import { Component } from 'preact';
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

/** What a row shows of its transfer: two snapshots that agree on it draw the same row. */
function transferShown(transfer: TransferView | undefined): string {
  return transfer ? `${transfer.id} ${transfer.state} ${transferLabel(transfer)}` : '';
}

function sameRow(before: Props, after: Props): boolean {
  return (
    before.attachment === after.attachment &&
    before.checked === after.checked &&
    before.savedBefore === after.savedBefore &&
    before.onToggle === after.onToggle &&
    before.onRetry === after.onRetry &&
    before.onCancel === after.onCancel &&
    transferShown(before.transfer) === transferShown(after.transfer)
  );
}

/**
 * One file of the task. The background sends a fresh snapshot of every transfer several times a second while files
 * move, and a filter keystroke draws the list again: a row whose file, tick and shown state did not change is left
 * as it is (with 2,000 files, drawing every row each time cost the page's thread tens of ms).
 */
export class FileRow extends Component<Props> {
  override shouldComponentUpdate(next: Props): boolean {
    return !sameRow(this.props, next);
  }

  override render() {
    return <FileRowView {...this.props} />;
  }
}

function FileRowView({ attachment, checked, onToggle, savedBefore, transfer, onRetry, onCancel }: Props) {
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
