import { parseTaskListUrl, parseTaskUrl } from '../trackers/pages';
import type { TaskListRef, TaskRef } from '../trackers/registry';
import { taskKey, taskListKey } from '../trackers/task-key';

/** What a tracker page shows: a task (or project), a list of tasks, or both (a project page lists its tasks). */
export interface ShownPage {
  task?: TaskRef;
  list?: TaskListRef;
}

/** What the page at `href` shows, or undefined where it shows neither a task nor a list of tasks. */
export function readShownPage(href: string): ShownPage | undefined {
  const task = parseTaskUrl(href);
  const list = parseTaskListUrl(href);
  return task || list ? { task, list } : undefined;
}

/**
 * Calls `onTask` with what the page shows now (a task, a list of tasks) and again whenever single-page navigation
 * (History API or hash) shows something else, or nothing. Listeners end with `signal`.
 */
export function watchTask(
  signal: AbortSignal,
  onTask: (page: ShownPage | undefined) => void,
  subscribe: (listener: () => void) => void,
): void {
  let shown = '';
  const check = (): void => {
    if (signal.aborted) return;
    const page = readShownPage(location.href);
    const key = page ? `${taskKey(page.task)}|${taskListKey(page.list)}` : '';
    if (key === shown) return;
    shown = key;
    onTask(page);
  };
  // The Navigation API announces a History API change before `location` shows it: look once it has.
  subscribe(() => setTimeout(check, 0));
  check();
}
