import { useEffect, useState } from 'preact/hooks';
import { t } from '../../lib/i18n/t';
import type { Tracker } from '../../lib/trackers/definition';
import { trackers } from '../../lib/trackers/registry';
import { ExportSection } from './ExportSection';
import { PreferencesSection } from './PreferencesSection';
import { StorageSection } from './StorageSection';
import { TrackerFieldset } from './TrackerFieldset';
import { useTrackerForm } from './use-tracker-form';

function TrackerSettings({ tracker }: { tracker: Tracker }) {
  return <TrackerFieldset form={useTrackerForm(tracker)} />;
}

/** Everything the extension can be told: trackers, transfer preferences, storage, export and import. */
export function OptionsPage() {
  // An import rewrites saved settings: the forms read them again.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    document.title = t('optionsTitle');
    document.documentElement.lang = t('htmlLang');
    const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    target?.scrollIntoView();
    target?.querySelector<HTMLElement>('input, select')?.focus();
  }, []);

  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <section aria-labelledby="trackers-title" key={generation}>
        <h2 id="trackers-title">{t('optionsTrackers')}</h2>
        <div class="trackers">
          {trackers.map((tracker) => (
            <TrackerSettings key={tracker.id} tracker={tracker} />
          ))}
        </div>
      </section>
      <PreferencesSection key={`preferences-${generation}`} />
      <StorageSection />
      <ExportSection onImported={() => setGeneration(generation + 1)} />
    </main>
  );
}
