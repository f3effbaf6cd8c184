import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { tCount } from '../../lib/i18n/plural';
import { t } from '../../lib/i18n/t';
import { send } from '../../lib/messages/send';

/** How much browser storage the queue takes, and forgetting finished transfers. */
export function StorageSection() {
  const [use, setUse] = useState('');
  const [status, setStatus] = useState('');

  const measure = async (): Promise<void> => {
    const { usage, quota } = await navigator.storage.estimate();
    setUse(
      usage === undefined || quota === undefined
        ? t('storageUnknown')
        : t('storageUse', formatBytes(usage), formatBytes(quota)),
    );
  };
  useEffect(() => {
    void measure();
  }, []);

  const clearFinished = async (): Promise<void> => {
    const result = await send('clearFinished', undefined);
    setStatus(result.ok ? tCount('storageCleared', result.value.removed) : errorText(result.error));
    await measure();
  };

  return (
    <section aria-labelledby="storage-title">
      <h2 id="storage-title">{t('storageTitle')}</h2>
      <p>{use}</p>
      <button type="button" onClick={() => void clearFinished()}>
        {t('storageClearFinished')}
      </button>
      <p role="status" class="status">
        {status}
      </p>
    </section>
  );
}
