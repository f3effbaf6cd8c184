import { useEffect, useState } from 'preact/hooks';
import { taskMenu } from '../../lib/context-menu/menu-model';
import { loadRecentTasks } from '../../lib/context-menu/recent-tasks';
import { openTasks } from '../../lib/context-menu/task-choices';
import { taskUrlFromInput } from '../../lib/context-menu/task-input';
import type { SerializedError } from '../../lib/errors';
import { errorText } from '../../lib/i18n/error-text';
import { t } from '../../lib/i18n/t';
import { send } from '../../lib/messages/send';
import { loadConnectedPageHosts } from '../../lib/settings/store';
import { sameTask } from '../../lib/trackers/pages';
import { trackerOf, trackers } from '../../lib/trackers/registry';
import { loadPendingCopy, type PendingCopy } from '../../lib/uploads/copy-pending';
import { refusalText } from './refusal-text';
import { TaskAddressFields } from './TaskAddressFields';

interface Choice {
  key: string;
  label: string;
  url: string;
}

/** Tasks open in tabs and recently visited ones, as the context menu lists them, but the source itself. */
async function choicesBesides(source: PendingCopy['source']): Promise<Choice[]> {
  const items = taskMenu(await openTasks(), await loadRecentTasks());
  const accountHosts = await loadConnectedPageHosts();
  return items.flatMap((item) =>
    item.kind === 'task' && !sameTask(item.choice.task, source, accountHosts)
      ? [{ key: item.id, label: item.label, url: item.choice.url }]
      : [],
  );
}

function failureText(error: SerializedError): string {
  switch (error.details.detail) {
    case 'nothing pending':
      return t('copyNothingPending');
    case 'same task':
      return t('copySameTask');
    case 'no files':
      return t('copyNoFiles');
    case 'not a task page address':
      return t('pickInvalid');
    case 'already copying':
      return t('pickBusy');
    default:
      return errorText(error);
  }
}

/** "Copy to task…" from a toolbar: the user picks where the files go; each is checked before any is queued. */
export function CopyToTask({ copyId }: { copyId: string }) {
  const [pending, setPending] = useState<PendingCopy | null | undefined>(undefined);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [input, setInput] = useState('');
  const [tracker, setTracker] = useState<string>(trackers[0].id);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [message, setMessage] = useState('');
  const [refusals, setRefusals] = useState<string[]>([]);

  useEffect(() => {
    document.title = t('copyTitle');
    document.documentElement.lang = t('htmlLang');
    void (async () => {
      const copy = await loadPendingCopy(copyId);
      setPending(copy ?? null);
      if (!copy) setMessage(t('copyNothingPending'));
      else setChoices(await choicesBesides(copy.source));
    })();
  }, [copyId]);

  const copyTo = async (taskUrl: string): Promise<void> => {
    setBusy(true);
    setMessage('');
    setRefusals([]);
    try {
      const result = await send('copyPendingTo', { copyId, taskUrl });
      if (!result.ok) {
        setMessage(failureText(result.error));
        return;
      }
      const { queued, missing, refused, target } = result.value;
      if (refused.length > 0) {
        setMessage(t('copyRefused', target));
        setRefusals(refused.map(refusalText));
        return;
      }
      setDone(true);
      const gone = missing > 0 ? t('copyMissing', String(missing)) : '';
      setMessage([t('copyQueued', String(queued), target), gone].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const taskUrl = taskUrlFromInput(input, trackerOf(tracker), await loadConnectedPageHosts());
    if (taskUrl) await copyTo(taskUrl);
    else setMessage(t('pickInvalid'));
  };

  const source = pending ? `${trackerOf(pending.source.tracker).label} ${pending.source.id}` : '';
  const locked = busy || done;
  return (
    <main>
      <h1>{t('copyTitle')}</h1>
      {pending && (
        <>
          <p>
            {pending.which === 'all'
              ? t('copyWhatAll', source)
              : t('copyWhatPicked', String(pending.which.length), source)}
          </p>
          {choices.length > 0 && (
            <section class="choices" aria-labelledby="copy-choices">
              <h2 id="copy-choices">{t('copyChoices')}</h2>
              <ul>
                {choices.map((choice) => (
                  <li key={choice.key}>
                    <button type="button" disabled={locked} onClick={() => void copyTo(choice.url)}>
                      {choice.label}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <form onSubmit={(event) => void submit(event)} aria-labelledby="copy-other">
            <h2 id="copy-other">{t('copyOther')}</h2>
            <TaskAddressFields input={input} onInput={setInput} tracker={tracker} onTracker={setTracker} />
            <button type="submit" disabled={locked}>
              {t('copySubmit')}
            </button>
          </form>
        </>
      )}
      <p role="status">{message}</p>
      {refusals.length > 0 && (
        <ul class="refusals">
          {refusals.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </main>
  );
}
