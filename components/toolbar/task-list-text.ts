import { formatBytes } from '../../lib/format';
import { errorText } from '../../lib/i18n/error-text';
import { tCount } from '../../lib/i18n/plural';
import { t } from '../../lib/i18n/t';
import type { TaskProgress } from '../../lib/messages/watch';
import type { TaskOutcome } from './use-task-list';

/** The task's downloads as far as this run queued them: an earlier batch of the same task does not count. */
function ofThisRun(outcome: TaskOutcome, progress: TaskProgress | undefined): TaskProgress | undefined {
  return outcome.phase === 'queued' && progress && progress.queuedAt >= outcome.since ? progress : undefined;
}

/** Whether nothing more will happen to the task in this run. */
export function taskFinished(outcome: TaskOutcome | undefined, progress: TaskProgress | undefined): boolean {
  if (!outcome || outcome.phase === 'waiting' || outcome.phase === 'queuing') return false;
  if (outcome.phase !== 'queued' || outcome.count === 0) return true;
  const mine = ofThisRun(outcome, progress);
  return mine !== undefined && mine.files > 0 && mine.underWay === 0;
}

/** What one task's row says. */
export function taskRowText(outcome: TaskOutcome | undefined, progress: TaskProgress | undefined): string {
  switch (outcome?.phase) {
    case undefined:
    case 'waiting':
      return t('listTaskWaiting');
    case 'queuing':
      return t('listTaskQueuing');
    case 'stopped':
      return t('listTaskStopped');
    case 'failed':
      return errorText(outcome.error);
    case 'queued': {
      if (outcome.count === 0) {
        return outcome.skipped > 0 ? t('listTaskAllSaved', String(outcome.skipped)) : t('listTaskNoFiles');
      }
      const mine = ofThisRun(outcome, progress);
      const done = mine?.done ?? 0;
      if (!taskFinished(outcome, progress)) return t('listTaskSaving', String(done), String(outcome.count));
      if (mine && mine.failed > 0) return tCount('listTaskSavedWithFailures', done, String(mine.failed));
      return outcome.skipped > 0
        ? tCount('listTaskSavedSkipped', done, String(outcome.skipped))
        : tCount('listTaskSaved', done);
    }
  }
}

/** The run in total: tasks finished, files saved of those queued, and bytes. */
export function runTotalText(
  outcomes: ReadonlyMap<string, TaskOutcome>,
  progress: ReadonlyMap<string, TaskProgress>,
): string {
  let finished = 0;
  let files = 0;
  let saved = 0;
  let bytesDone = 0;
  let bytesTotal = 0;
  for (const [key, outcome] of outcomes) {
    const current = progress.get(key);
    if (taskFinished(outcome, current)) finished++;
    if (outcome.phase !== 'queued') continue;
    files += outcome.count;
    const mine = ofThisRun(outcome, current);
    saved += mine?.done ?? 0;
    bytesDone += mine?.bytesDone ?? 0;
    bytesTotal += mine?.bytesTotal ?? 0;
  }
  return t(
    'listRunTotal',
    String(finished),
    String(outcomes.size),
    String(saved),
    String(files),
    formatBytes(bytesDone),
    formatBytes(bytesTotal),
  );
}
