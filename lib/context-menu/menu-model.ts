import { type TaskRef, trackerOf } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';
import type { RecentTask } from './recent-tasks';

export interface TaskChoice {
  task: TaskRef;
  title: string;
  url: string;
}

export type MenuItem =
  | { kind: 'task'; id: string; label: string; choice: TaskChoice }
  | { kind: 'separator'; id: string }
  | { kind: 'other'; id: string };

const maxLabel = 60;

function label(choice: TaskChoice): string {
  const title = choice.title.trim();
  const text = `${trackerOf(choice.task.tracker).label} ${choice.task.id}${title ? ` · ${title}` : ''}`;
  return text.length > maxLabel ? `${text.slice(0, maxLabel - 1)}…` : text;
}

/**
 * The "Attach to task" submenu: tasks open in tabs now, then recently visited ones (newest first, up to ten, none
 * twice), then "Other task…". Item ids are the task keys, so a click names its target without lookups.
 */
export function taskMenu(open: readonly TaskChoice[], recents: readonly RecentTask[]): MenuItem[] {
  const seen = new Set<string>();
  const items: MenuItem[] = [];
  const add = (choice: TaskChoice): void => {
    const key = taskKey(choice.task);
    if (seen.has(key)) return;
    seen.add(key);
    items.push({ kind: 'task', id: `task:${key}`, label: label(choice), choice });
  };
  for (const choice of open) add(choice);
  const openCount = items.length;
  for (const recent of [...recents].sort((a, b) => b.visitedAt - a.visitedAt)) {
    if (items.length - openCount >= 10) break;
    add(recent);
  }
  if (openCount > 0 && items.length > openCount) items.splice(openCount, 0, { kind: 'separator', id: 'sep:recent' });
  if (items.length > 0) items.push({ kind: 'separator', id: 'sep:other' });
  items.push({ kind: 'other', id: 'other' });
  return items;
}
