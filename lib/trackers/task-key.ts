import type { TaskListRef, TaskRef } from './registry';

/** A stable string for a task: which tracker, which host, which container. */
export function taskKey(task: TaskRef | undefined): string {
  return task ? `${task.tracker}:${task.host}:${task.kind}:${task.id}` : '';
}

/** A stable string for a list page: which tracker, which host, which list. */
export function taskListKey(list: TaskListRef | undefined): string {
  return list ? `${list.tracker}:${list.host}:list:${list.list}:${list.id}` : '';
}
