import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../../lib/i18n/t';
import { type ConnectionStatus, loadConnectionStatuses } from '../../lib/settings/connection-status';
import type { Tracker } from '../../lib/trackers/definition';
import { trackers } from '../../lib/trackers/registry';
import { connectionFailureText } from '../connection-text';

function openSettings(tracker: Tracker): void {
  void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${tracker.id}`) });
  window.close();
}

function StatusLine({ tracker, status }: { tracker: Tracker; status?: ConnectionStatus }) {
  if (status?.ok) return <span class="status ok">{t('popupConnectedAs', status.name)}</span>;
  return (
    <span class={status ? 'status error' : 'status'}>
      {status ? connectionFailureText(tracker, status.error) : t('popupNotConnected')}{' '}
      <a
        href={browser.runtime.getURL(`/options.html#${tracker.id}`)}
        onClick={(event) => {
          event.preventDefault();
          openSettings(tracker);
        }}
      >
        {t('popupConnect', tracker.label)}
      </a>
    </span>
  );
}

/** Each tracker's last known connection, from storage: the popup makes no network call to open. */
export function ConnectionList() {
  const [statuses, setStatuses] = useState<Partial<Record<string, ConnectionStatus>>>({});
  useEffect(() => {
    void loadConnectionStatuses().then(setStatuses);
  }, []);
  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">{t('popupConnections')}</h2>
      <ul class="connections">
        {trackers.map((tracker) => (
          <li key={tracker.id}>
            <strong>{tracker.label}</strong> <StatusLine tracker={tracker} status={statuses[tracker.id]} />
          </li>
        ))}
      </ul>
    </section>
  );
}
