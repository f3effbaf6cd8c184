import { useState } from 'preact/hooks';
import { t } from '../../lib/i18n/t';
import { missingSecrets, sameAddresses, withoutSecrets, withSavedSecrets } from '../../lib/settings/check';
import { recordConnectionStatus } from '../../lib/settings/connection-status';
import { exportSettings, parseSettingsExport, type SettingsSnapshot } from '../../lib/settings/export';
import { releasingUnusedHosts } from '../../lib/settings/host-access';
import { loadPreferences, savePreferences } from '../../lib/settings/preferences';
import {
  loadManagedSettings,
  loadSavedSettings,
  saveTrackerSettings,
  ungrantedOrigins,
  withManaged,
} from '../../lib/settings/store';
import type { Settings, Tracker } from '../../lib/trackers/definition';
import { type TrackerId, trackers } from '../../lib/trackers/registry';

async function currentSnapshot(): Promise<SettingsSnapshot> {
  const saved: Partial<Record<TrackerId, Settings>> = {};
  for (const tracker of trackers) {
    const settings = await loadSavedSettings(tracker);
    if (settings) saved[tracker.id] = settings;
  }
  return { trackers: saved, preferences: await loadPreferences() };
}

function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

interface ImportOutcome {
  /** Secrets were dropped because the file's server is not the one in effect. */
  addressChanged: boolean;
  /** The browser does not let the extension reach the server the settings now use. */
  accessNeeded: boolean;
}

/**
 * Saves imported settings. Compared with the settings in effect: where a policy locks the server, the secrets go
 * there, whatever the file says.
 */
async function importTracker(tracker: Tracker, file: Settings, preset: Settings | undefined): Promise<ImportOutcome> {
  const saved = await loadSavedSettings(tracker);
  const before = withManaged(tracker, saved, preset);
  const after = withManaged(tracker, file, preset) ?? file;
  const own = sameAddresses(tracker, file, after) ? file : withoutSecrets(tracker, file);
  // The saved secrets are filled in from what the user saved, never from the policy (an export would carry them),
  // where the file has the addresses they were saved with: one's own export read back under a policy's server too.
  const complete = saved && sameAddresses(tracker, file, saved) ? withSavedSecrets(tracker, own, saved) : own;
  await saveTrackerSettings(tracker, complete);
  await recordConnectionStatus(tracker.id, undefined);
  const effective = withManaged(tracker, complete, preset) ?? complete;
  const missing = missingSecrets(tracker, effective);
  return {
    addressChanged: missing.length > 0 && before !== undefined && !sameAddresses(tracker, file, before),
    accessNeeded: (await ungrantedOrigins(tracker, effective)).length > 0,
  };
}

/** Settings to a JSON file and back; secrets only when the user ticks it. */
export function ExportSection({ onImported }: { onImported: () => void }) {
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [status, setStatus] = useState('');

  const exportNow = async (): Promise<void> => {
    const file = exportSettings(await currentSnapshot(), includeSecrets);
    saveFile('trackerdrop-settings.json', `${JSON.stringify(file, null, 2)}\n`);
  };

  const importFrom = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      json = undefined;
    }
    const snapshot = parseSettingsExport(json);
    if (!snapshot) {
      setStatus(t('importFailed'));
      return;
    }
    const managed = await loadManagedSettings();
    const imported: Tracker[] = [];
    const addressChanged: Tracker[] = [];
    const accessNeeded: Tracker[] = [];
    // Access to servers the file leaves unused is given back once, after all its trackers are in.
    await releasingUnusedHosts(async () => {
      for (const tracker of trackers) {
        const settings = snapshot.trackers[tracker.id];
        if (!settings) continue;
        imported.push(tracker);
        const outcome = await importTracker(tracker, settings, managed[tracker.id]);
        if (outcome.addressChanged) addressChanged.push(tracker);
        if (outcome.accessNeeded) accessNeeded.push(tracker);
      }
    });
    if (snapshot.preferences) await savePreferences(snapshot.preferences);
    const names = (list: readonly Tracker[]) => list.map((tracker) => tracker.label).join(', ');
    const sentences = [
      t('importDone', names(imported) || '—'),
      ...(addressChanged.length > 0 ? [t('importAddressChanged', names(addressChanged))] : []),
      ...(accessNeeded.length > 0 ? [t('importAccessNeeded', names(accessNeeded))] : []),
    ];
    setStatus(sentences.join(' '));
    onImported();
  };

  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">{t('exportTitle')}</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(event) => setIncludeSecrets(event.currentTarget.checked)}
        />
        {t('exportIncludeSecrets')}
      </label>
      {includeSecrets && <p class="hint">{t('exportSecretsWarning')}</p>}
      <div class="actions">
        <button type="button" onClick={() => void exportNow()}>
          {t('exportButton')}
        </button>
        <label class="button">
          {t('importButton')}
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(event) => {
              const input = event.currentTarget;
              // Emptied once read, so that picking the same file again (edited, or after a failure) imports it again.
              void importFrom(input.files?.[0]).finally(() => {
                input.value = '';
              });
            }}
          />
        </label>
      </div>
      <p role="status" class="status">
        {status}
      </p>
    </section>
  );
}
