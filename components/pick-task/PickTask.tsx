import { useEffect, useState } from 'preact/hooks';
import { taskUrlFromInput } from '../../lib/context-menu/task-input';
import type { SerializedError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { send } from '../../lib/messages/send';
import { loadConnectedPageHosts } from '../../lib/settings/store';
import { trackerOf, trackers } from '../../lib/trackers/registry';
import { TaskAddressFields } from './TaskAddressFields';

function failureText(error: SerializedError): string {
  switch (error.details.detail) {
    case 'nothing pending':
      return t('pickNothingPending');
    case 'already attaching':
      return t('pickBusy');
    default:
      return errorText(error);
  }
}

/**
 * "Other task…" from the context menu (`attachId` names what was clicked): the user names the task by its address
 * (or number) and tracker. After a failure what was clicked is still there: the user may fix the cause and retry.
 */
export function PickTask({ attachId }: { attachId: string }) {
  const [input, setInput] = useState('');
  const [tracker, setTracker] = useState<string>(trackers[0].id);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    document.title = t('pickTitle');
    document.documentElement.lang = t('htmlLang');
  }, []);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    try {
      const taskUrl = taskUrlFromInput(input, trackerOf(tracker), await loadConnectedPageHosts());
      if (!taskUrl) {
        setMessage(t('pickInvalid'));
        return;
      }
      const result = await send('attachPendingTo', { attachId, taskUrl });
      setDone(result.ok);
      setMessage(result.ok ? t('pickDone') : failureText(result.error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <h1>{t('pickTitle')}</h1>
      <form onSubmit={(event) => void submit(event)}>
        <TaskAddressFields input={input} onInput={setInput} tracker={tracker} onTracker={setTracker} />
        <button type="submit" disabled={busy || done}>
          {t('pickSubmit')}
        </button>
      </form>
      <p role="status">{message}</p>
    </main>
  );
}
