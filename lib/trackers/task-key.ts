import type { TaskRef } from './registry';

/** A stable string for a task: which tracker, which host, which container. */
export function taskKey(task: TaskRef | undefined): string {
  return task ? `${task.tracker}:${task.host}:${task.kind}:${task.id}` : '';
}
