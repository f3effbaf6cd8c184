import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../lib/format';
import { t } from '../lib/i18n/t';
import { toBackground } from '../lib/messages';
import type { SerializedTrackerError } from '../lib/trackers/errors';
import type { TaskAttachments, TaskRef } from '../lib/trackers/types';

type State =
  | { phase: 'loading' }
  | { phase: 'ready'; list: TaskAttachments }
  | { phase: 'failed'; error: SerializedTrackerError };

function summary(list: TaskAttachments): string {
  if (list.attachments.length === 0) return t('toolbarNoAttachments');
  const total = list.attachments.reduce((sum, attachment) => sum + attachment.size, 0);
  return t('toolbarCount', String(list.attachments.length), formatBytes(total));
}

/** The in-page toolbar of a task: what the task holds, and (later) what to do with it. */
export function Toolbar({ task }: { task: TaskRef }) {
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    toBackground.sendMessage('listAttachments', task).then(
      (result) => {
        if (!current) return;
        setState(result.ok ? { phase: 'ready', list: result.value } : { phase: 'failed', error: result.error });
      },
      () => {
        if (current) setState({ phase: 'failed', error: { kind: 'network', message: t('errorNetwork'), details: {} } });
      },
    );
    return () => {
      current = false;
    };
  }, [task.tracker, task.kind, task.id, task.host]);

  return (
    <section class="toolbar" aria-label={t('toolbarTitle')} data-phase={state.phase}>
      <strong class="toolbar__title">{t('toolbarTitle')}</strong>
      <span role="status" class={`toolbar__status toolbar__status--${state.phase}`}>
        {state.phase === 'loading' && t('toolbarLoading')}
        {state.phase === 'ready' && summary(state.list)}
        {state.phase === 'failed' && state.error.message}
      </span>
    </section>
  );
}
