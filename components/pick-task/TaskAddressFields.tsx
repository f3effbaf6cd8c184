import { t } from '../../lib/i18n/t';
import { trackers } from '../../lib/trackers/registry';

interface Props {
  input: string;
  onInput: (value: string) => void;
  tracker: string;
  onTracker: (tracker: string) => void;
}

/** A task typed or pasted in (its address or number), and the tracker a bare number belongs to. */
export function TaskAddressFields({ input, onInput, tracker, onTracker }: Props) {
  return (
    <>
      <label>
        {t('pickTaskLabel')}
        <input type="text" required value={input} onInput={(event) => onInput(event.currentTarget.value)} />
      </label>
      <label>
        {t('pickTrackerLabel')}
        <select value={tracker} onChange={(event) => onTracker(event.currentTarget.value)}>
          {trackers.map(({ id, label }) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
