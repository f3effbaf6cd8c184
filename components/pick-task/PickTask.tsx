import { useEffect, useState } from 'preact/hooks';
import { taskUrlFromInput } from '../../lib/context-menu/task-input';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { send } from '../../lib/messages/send';
import { loadConnectedPageHosts } from '../../lib/settings/store';
import { trackerOf, trackers } from '../../lib/trackers/registry';
import { TaskAddressFields } from './TaskAddressFields';

/** "Other task…" from the context menu: the user names the task by its address (or number) and tracker. */
export function PickTask() {
  const [input, setInput] = useState('');
  const [tracker, setTracker] = useState<string>(trackers[0].id);
  const [message, setMessage] = useState('');
  const [done, setDone] = useState(false);

  useEffect(() => {
    document.title = t('pickTitle');
    document.documentElement.lang = navigator.language;
  }, []);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const taskUrl = taskUrlFromInput(input, trackerOf(tracker), await loadConnectedPageHosts());
    if (!taskUrl) {
      setMessage(t('pickInvalid'));
      return;
    }
    const result = await send('attachPendingTo', taskUrl);
    setDone(result.ok);
    setMessage(
      result.ok
        ? t('pickDone')
        : result.error.details.detail === 'nothing pending'
          ? t('pickNothingPending')
          : errorText(result.error),
    );
  };

  return (
    <main>
      <h1>{t('pickTitle')}</h1>
      <form onSubmit={(event) => void submit(event)}>
        <TaskAddressFields input={input} onInput={setInput} tracker={tracker} onTracker={setTracker} />
        <button type="submit" disabled={done}>
          {t('pickSubmit')}
        </button>
      </form>
      <p role="status">{message}</p>
    </main>
  );
}
