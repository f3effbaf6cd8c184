import { useEffect, useState } from 'preact/hooks';
import { expandPathPattern, pathTokenNames } from '../../lib/downloads/path-pattern';
import { asAppError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
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
  const [status, setStatus] = useState<{ tone: '' | 'ok' | 'error'; text: string }>({ tone: '', text: '' });

  useEffect(() => {
    void loadPreferences().then(setPreferences);
  }, []);

  const update = <K extends keyof Preferences>(key: K, value: Preferences[K]): void => {
    setPreferences({ ...preferences, [key]: value });
    setStatus({ tone: '', text: '' });
  };
  // An empty pattern means the default one: the preview shows it, and Save stores it.
  const pathPattern = preferences.pathPattern.trim() || defaultPreferences.pathPattern;
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      setPreferences(await savePreferences({ ...preferences, pathPattern }));
      setStatus({ tone: 'ok', text: t('prefsSaved') });
    } catch (error) {
      setStatus({ tone: 'error', text: t('prefsSaveFailed', errorText(asAppError(error).toJSON())) });
    }
  };
  const preview = expandPathPattern(pathPattern, sample);

  return (
    <form id="preferences" onSubmit={save}>
      <fieldset>
        <legend>{t('prefsDownloads')}</legend>
        <div class="field">
          <label for="pref-path">{t('prefsPathPattern')}</label>
          <input
            id="pref-path"
            value={preferences.pathPattern}
            maxLength={300}
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
        <p role="status" class={`status ${status.tone}`}>
          {status.text}
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

/**
 * A small whole number from 1 to `max`. What is typed stays as typed (empty, or out of range) until the field is
 * left or Enter pressed, and only then shows the number in effect: writing the number back at every keystroke
 * would turn an emptied field into 1 before the next digit comes.
 */
function CountField({ id, label, max, value, onChange }: CountFieldProps) {
  const [typed, setTyped] = useState<string | undefined>(undefined);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={1}
        max={max}
        value={typed ?? value}
        onInput={(event) => {
          setTyped(event.currentTarget.value);
          const number = event.currentTarget.valueAsNumber;
          if (Number.isFinite(number)) onChange(clamp(number, 1, max));
        }}
        onChange={() => setTyped(undefined)}
      />
    </div>
  );
}

function existingChoice(value: string): Preferences['existingFiles'] {
  return value === 'overwrite' || value === 'keep-both' ? value : 'skip-identical';
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.round(value)));
}
