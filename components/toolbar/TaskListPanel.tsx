import { useMemo } from 'preact/hooks';
import { errorText } from '../../lib/i18n/error-text';
import { tCount } from '../../lib/i18n/plural';
import { t } from '../../lib/i18n/t';
import type { TaskListRef } from '../../lib/trackers/registry';
import { taskKey } from '../../lib/trackers/task-key';
import { runTotalText, taskFinished, taskRowText } from './task-list-text';
import { trusted } from './trusted';
import { useTaskList } from './use-task-list';
import { useTasksProgress } from './use-tasks-progress';

/** The tasks a list page shows: saving all their files, each task into its own folder, with progress per task. */
export function TaskListPanel({ list }: { list: TaskListRef }) {
  const { listing, outcomes, running, run, stop } = useTaskList(list);
  const tasks = listing.phase === 'ready' ? listing.tasks : [];
  const refs = useMemo(() => tasks.map(({ task }) => task), [tasks]);
  const progress = useTasksProgress(refs, outcomes.size > 0);

  const status =
    listing.phase === 'loading'
      ? t('listTasksLoading')
      : listing.phase === 'failed'
        ? errorText(listing.error)
        : outcomes.size > 0
          ? runTotalText(outcomes, progress)
          : tasks.length === 0
            ? t('listTasksNone')
            : tCount('listTasksFound', tasks.length);
  const truncated = listing.phase === 'ready' && listing.truncated ? t('listTasksTruncated', String(tasks.length)) : '';

  return (
    <div class="task-list">
      <p class={`task-list__status task-list__status--${listing.phase}`} aria-live="polite">
        {[status, truncated].filter(Boolean).join(' ')}
      </p>
      {tasks.length > 0 && (
        <div class="toolbar__actions">
          <button type="button" class="primary" disabled={running} onClick={trusted(() => void run())}>
            {tCount('listDownloadTasks', tasks.length)}
          </button>
          {running && (
            <button type="button" onClick={trusted(stop)}>
              {t('listStop')}
            </button>
          )}
        </div>
      )}
      {outcomes.size > 0 && (
        <ul class="files task-list__tasks" aria-label={t('listTasksTitle')}>
          {tasks.map(({ task, title }) => {
            const key = taskKey(task);
            const outcome = outcomes.get(key);
            const current = progress.get(key);
            const finished = outcome?.phase !== 'failed' && taskFinished(outcome, current);
            return (
              <li class="file" key={key} data-state={finished ? 'done' : (outcome?.phase ?? 'idle')}>
                <span class="file__name">{title ? `${task.id} ${title}` : task.id}</span>
                <span class="file__state">{taskRowText(outcome, current)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
