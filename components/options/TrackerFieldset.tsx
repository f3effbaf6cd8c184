import { useState } from 'preact/hooks';
import type { MessageKey } from '../../lib/i18n/messages';
import { t } from '../../lib/i18n/t';
import type { FieldProblem } from '../../lib/settings/check';
import type { SettingsField } from '../../lib/trackers/definition';
import type { FieldValues, TrackerForm } from './use-tracker-form';

interface FieldProps {
  tracker: string;
  field: SettingsField;
  value: string;
  savedSecret: boolean;
  locked: boolean;
  problem?: MessageKey;
  onInput: (value: string) => void;
}

function Field({ tracker, field, value, savedSecret, locked, problem, onInput }: FieldProps) {
  const id = `${tracker}-${field.name}`;
  const describedBy = [field.hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name: field.name,
    disabled: locked,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div class="field">
      <label for={id}>{t(field.label)}</label>
      {field.kind === 'select' ? (
        <select {...common} value={value} onChange={(event) => onInput(event.currentTarget.value)}>
          {field.choices?.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {'label' in choice ? t(choice.label) : choice.text}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          // Preact types each input type apart; the kinds here are all plain text-like inputs.
          type={(field.kind === 'secret' ? 'password' : field.kind) as 'text'}
          value={value}
          autocomplete={field.kind === 'secret' ? 'new-password' : 'off'}
          spellcheck={false}
          placeholder={field.kind === 'secret' && savedSecret ? t('optionsSecretSaved') : field.placeholder}
          onInput={(event) => onInput(event.currentTarget.value)}
        />
      )}
      {field.hint && (
        <small id={`${id}-hint`} class="hint">
          {t(field.hint)}
        </small>
      )}
      {locked && <small class="hint">{t('optionsManaged')}</small>}
      {problem && (
        <small id={`${id}-problem`} class="problem">
          {t(problem)}
        </small>
      )}
    </div>
  );
}

function problemOf(problems: readonly FieldProblem[], name: string): MessageKey | undefined {
  return problems.find((problem) => problem.field === name)?.message;
}

/** One tracker's settings: its fields, Save, Test connection, Clear, and the outcome as text. */
export function TrackerFieldset({ form }: { form: TrackerForm }) {
  const [busy, setBusy] = useState(false);
  const { tracker, values, savedSecrets, locked, problems, status } = form;
  const act = (work: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id={tracker.id} class="tracker" onSubmit={act(form.save)} noValidate>
      <fieldset>
        <legend>{tracker.label}</legend>
        {tracker.fields
          .filter((field) => tracker.inUse(values, field.name))
          .map((field) => (
            <Field
              key={field.name}
              tracker={tracker.id}
              field={field}
              value={values[field.name as keyof FieldValues] ?? ''}
              savedSecret={savedSecrets.includes(field.name)}
              locked={locked.includes(field.name)}
              problem={problemOf(problems, field.name)}
              onInput={(value) => form.change(field.name, value)}
            />
          ))}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('optionsSave')}
          </button>
          <button type="button" disabled={busy} onClick={act(form.test)}>
            {t('optionsTest')}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={act(form.clear)}>
            {t('optionsClear')}
          </button>
        </div>
        <p role="status" class={`status ${status.tone}`}>
          {status.text}
        </p>
      </fieldset>
    </form>
  );
}
