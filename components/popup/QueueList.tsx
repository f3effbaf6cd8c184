import { formatBytes, formatDuration } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import type { TransferView } from '../../lib/jobs/transfer-view';
import { trackerOf } from '../../lib/trackers/registry';
import type { RateSample } from './rates';
import { useQueue } from './use-queue';

function phaseText(item: TransferView): string {
  if (item.cancelling) return t('popupPhaseCancelling');
  switch (item.phase) {
    case 'waiting':
      return t('popupPhaseWaiting');
    case 'moving':
      return t('popupPhaseMoving', formatBytes(item.bytesDone), formatBytes(item.bytesTotal));
    case 'done':
      return t('popupPhaseDone');
    case 'failed':
      return t('popupPhaseFailed');
    case 'cancelled':
      return t('popupPhaseCancelled');
  }
}

function speedText(item: TransferView, rate: RateSample | undefined): string {
  const speed = rate?.bytesPerSecond;
  if (item.phase !== 'moving' || !speed || speed <= 0) return '';
  const left = Math.max(0, item.bytesTotal - item.bytesDone) / speed;
  return t('popupSpeed', formatBytes(speed), formatDuration(left));
}

function QueueRow({
  item,
  rate,
  steer,
}: {
  item: TransferView;
  rate?: RateSample;
  steer: ReturnType<typeof useQueue>['steer'];
}) {
  const active = item.phase === 'waiting' || item.phase === 'moving';
  const cancellable = active && !item.cancelling;
  const direction =
    item.direction === 'download' ? t('popupDownloading') : t('popupUploading', trackerOf(item.tracker).label);
  return (
    <li class={`transfer ${item.phase}`}>
      <div class="transfer-name" title={item.name}>
        {item.name}
      </div>
      <div class="transfer-task">
        {item.pageUrl ? (
          <a href={item.pageUrl} target="_blank" rel="noreferrer">
            {t('popupTaskLine', direction, item.taskTitle)}
          </a>
        ) : (
          t('popupTaskLine', direction, item.taskTitle)
        )}
      </div>
      <progress
        max={Math.max(item.bytesTotal, 1)}
        value={item.phase === 'done' ? Math.max(item.bytesTotal, 1) : item.bytesDone}
        aria-label={item.name}
      />
      <div class="transfer-state">
        <span>{phaseText(item)}</span> <span class="speed">{speedText(item, rate)}</span>
        {item.error && item.phase === 'failed' && <span class="status error"> {errorText(item.error)}</span>}
      </div>
      <div class="transfer-actions">
        {cancellable && (
          <button
            type="button"
            class="secondary"
            onClick={() => void steer('cancel', item.id)}
            aria-label={`${t('popupCancel')}: ${item.name}`}
          >
            {t('popupCancel')}
          </button>
        )}
        {/* A cancelled upload's bytes are gone with it: only a cancelled download can be fetched again. */}
        {(item.phase === 'failed' || (item.phase === 'cancelled' && item.direction === 'download')) && (
          <button
            type="button"
            class="secondary"
            onClick={() => void steer('retry', item.id)}
            aria-label={`${t('popupRetry')}: ${item.name}`}
          >
            {t('popupRetry')}
          </button>
        )}
        {!active && (
          <button
            type="button"
            class="secondary"
            onClick={() => void steer('remove', item.id)}
            aria-label={`${t('popupRemove')}: ${item.name}`}
          >
            {t('popupRemove')}
          </button>
        )}
      </div>
    </li>
  );
}

/** Uploads and downloads of every task, with progress, speed and time left. */
export function QueueList() {
  const { items, rates, steer } = useQueue();
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{t('popupQueue')}</h2>
      {items.length === 0 ? (
        <p class="hint">{t('popupQueueEmpty')}</p>
      ) : (
        <ul class="queue" aria-labelledby="queue-title">
          {items.map((item) => (
            <QueueRow key={item.id} item={item} rate={rates.get(item.id)} steer={steer} />
          ))}
        </ul>
      )}
    </section>
  );
}
