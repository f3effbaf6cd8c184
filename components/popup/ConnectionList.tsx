import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { type ConnectionStatus, loadConnectionStatuses } from '../../lib/connection-status';
import { t } from '../../lib/i18n/t';
import { connectionFailureText } from '../../lib/options/connection-text';
import { trackerIds } from '../../lib/settings';
import { trackerLabels } from '../../lib/trackers/labels';
import type { TrackerId } from '../../lib/trackers/types';

function openSettings(tracker: TrackerId): void {
  void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${tracker}`) });
  window.close();
}

function StatusLine({ tracker, status }: { tracker: TrackerId; status?: ConnectionStatus }) {
  if (status?.ok) return <span class="status ok">{t('popupConnectedAs', status.name)}</span>;
  return (
    <span class={status ? 'status error' : 'status'}>
      {status ? connectionFailureText(tracker, status.error) : t('popupNotConnected')}{' '}
      <a
        href={browser.runtime.getURL(`/options.html#${tracker}`)}
        onClick={(event) => {
          event.preventDefault();
          openSettings(tracker);
        }}
      >
        {t('popupConnect', trackerLabels[tracker])}
      </a>
    </span>
  );
}

/** Each tracker's last known connection, from storage: the popup makes no network call to open. */
export function ConnectionList() {
  const [statuses, setStatuses] = useState<Partial<Record<TrackerId, ConnectionStatus>>>({});
  useEffect(() => {
    void loadConnectionStatuses().then(setStatuses);
  }, []);
  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">{t('popupConnections')}</h2>
      <ul class="connections">
        {trackerIds.map((tracker) => (
          <li key={tracker}>
            <strong>{trackerLabels[tracker]}</strong> <StatusLine tracker={tracker} status={statuses[tracker]} />
          </li>
        ))}
      </ul>
    </section>
  );
}
