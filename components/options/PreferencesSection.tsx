import { useEffect, useState } from 'preact/hooks';
import { expandPathPattern, pathTokenNames } from '../../lib/downloads/path-pattern';
import { t } from '../../lib/i18n/t';
import { defaultPreferences, loadPreferences, type Preferences, savePreferences } from '../../lib/settings/preferences';
import { trackers } from '../../lib/trackers/registry';

const sample = {
  tracker: trackers[0].label,
  taskId: '1001',
  taskTitle: 'Квартальный отчёт: Q3',
  author: 'Anna',
  date: new Date().toISOString().slice(0, 10),
  fileName: 'report.pdf',
};

/** Download and upload preferences, saved as a whole; the folder pattern shows where a file would land. */
export function PreferencesSection() {
  const [preferences, setPreferences] = useState<Preferences>(defaultPreferences);
  const [status, setStatus] = useState('');

  useEffect(() => {
    void loadPreferences().then(setPreferences);
  }, []);

  const update = <K extends keyof Preferences>(key: K, value: Preferences[K]): void => {
    setPreferences({ ...preferences, [key]: value });
    setStatus('');
  };
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    await savePreferences(preferences);
    setStatus(t('prefsSaved'));
  };
  const preview = expandPathPattern(preferences.pathPattern || defaultPreferences.pathPattern, sample);

  return (
    <form id="preferences" onSubmit={save}>
      <fieldset>
        <legend>{t('prefsDownloads')}</legend>
        <div class="field">
          <label for="pref-path">{t('prefsPathPattern')}</label>
          <input
            id="pref-path"
            value={preferences.pathPattern}
            spellcheck={false}
            aria-describedby="pref-path-tokens pref-path-preview"
            onInput={(event) => update('pathPattern', event.currentTarget.value)}
          />
          <small id="pref-path-tokens" class="hint">
            {t('prefsPathTokens', pathTokenNames.map((name) => `{${name}}`).join(' '))}
          </small>
          <output id="pref-path-preview" for="pref-path" class="preview">
            {t('prefsPathPreview', preview)}
          </output>
        </div>
        <CountField
          id="pref-downloads"
          label={t('prefsParallelDownloads')}
          max={6}
          value={preferences.parallelDownloads}
          onChange={(value) => update('parallelDownloads', value)}
        />
        <div class="field">
          <label for="pref-existing">{t('prefsExistingFiles')}</label>
          <select
            id="pref-existing"
            value={preferences.existingFiles}
            onChange={(event) => update('existingFiles', existingChoice(event.currentTarget.value))}
          >
            <option value="skip-identical">{t('prefsExistingSkip')}</option>
            <option value="overwrite">{t('prefsExistingOverwrite')}</option>
            <option value="keep-both">{t('prefsExistingKeepBoth')}</option>
          </select>
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={preferences.zipByDefault}
            onChange={(event) => update('zipByDefault', event.currentTarget.checked)}
          />
          {t('prefsZipByDefault')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('prefsUploads')}</legend>
        <CountField
          id="pref-uploads"
          label={t('prefsParallelUploads')}
          max={4}
          value={preferences.parallelUploads}
          onChange={(value) => update('parallelUploads', value)}
        />
        <div class="field">
          <label for="pref-comment">{t('prefsDefaultComment')}</label>
          <textarea
            id="pref-comment"
            rows={2}
            maxLength={2000}
            value={preferences.defaultComment}
            onInput={(event) => update('defaultComment', event.currentTarget.value)}
          />
        </div>
        <div class="actions">
          <button type="submit">{t('optionsSave')}</button>
        </div>
        <p role="status" class="status ok">
          {status}
        </p>
      </fieldset>
    </form>
  );
}

interface CountFieldProps {
  id: string;
  label: string;
  max: number;
  value: number;
  onChange: (value: number) => void;
}

/** A small whole number from 1 to `max`. */
function CountField({ id, label, max, value, onChange }: CountFieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={1}
        max={max}
        value={value}
        onInput={(event) => onChange(clamp(event.currentTarget.valueAsNumber, 1, max))}
      />
    </div>
  );
}

function existingChoice(value: string): Preferences['existingFiles'] {
  return value === 'overwrite' || value === 'keep-both' ? value : 'skip-identical';
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min;
}
