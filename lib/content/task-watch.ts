import { parseTaskUrl } from '../trackers/pages';
import type { TaskRef } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';

/**
 * Calls `onTask` with the task the page shows now and again whenever single-page navigation (History API or hash)
 * shows another one, or none. Listeners end with `signal`.
 */
export function watchTask(
  signal: AbortSignal,
  onTask: (task: TaskRef | undefined) => void,
  subscribe: (listener: () => void) => void,
): void {
  let shown = '';
  const check = (): void => {
    if (signal.aborted) return;
    const task = parseTaskUrl(location.href);
    const key = taskKey(task);
    if (key === shown) return;
    shown = key;
    onTask(task);
  };
  // The Navigation API announces a History API change before `location` shows it: look once it has.
  subscribe(() => setTimeout(check, 0));
  check();
}
