import { useEffect, useState } from 'preact/hooks';
import { loadRecentTasks, type RecentTask } from '../../lib/context-menu/recent-tasks';
import { t } from '../../lib/i18n/t';
import { trackerOf } from '../../lib/trackers/registry';

/** The task pages opened lately, as links. */
export function RecentTasks() {
  const [recents, setRecents] = useState<RecentTask[]>([]);
  useEffect(() => {
    void loadRecentTasks().then(setRecents);
  }, []);
  return (
    <section aria-labelledby="recent-title">
      <h2 id="recent-title">{t('popupRecent')}</h2>
      {recents.length === 0 ? (
        <p class="hint">{t('popupRecentEmpty')}</p>
      ) : (
        <ul class="recent">
          {recents.map((recent) => (
            <li key={recent.url}>
              <a href={recent.url} target="_blank" rel="noreferrer">
                {recent.title || recent.task.id}
              </a>{' '}
              <span class="hint">{trackerOf(recent.task.tracker).label}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
