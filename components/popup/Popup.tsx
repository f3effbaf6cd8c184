import { useEffect } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { t } from '../../lib/i18n/t';
import { ConnectionList } from './ConnectionList';
import { QueueList } from './QueueList';
import { RecentTasks } from './RecentTasks';

/** The toolbar button's panel: connections, the live queue, recent tasks. */
export function Popup() {
  useEffect(() => {
    document.title = t('extName');
    document.documentElement.lang = t('htmlLang');
  }, []);
  return (
    <main>
      <header>
        <h1>{t('extName')}</h1>
        <button type="button" class="secondary" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('popupSettings')}
        </button>
      </header>
      <ConnectionList />
      <QueueList />
      <RecentTasks />
    </main>
  );
}
