import browser from 'webextension-polyfill';
import type { TaskRef } from '../trackers/registry';
import { taskKey } from '../trackers/task-key';

export interface RecentTask {
  task: TaskRef;
  title: string;
  url: string;
  visitedAt: number;
}

const storageKey = 'recentTasks';
const kept = 10;

/** The newest first, one entry per task, at most ten. */
export function withVisit(recents: readonly RecentTask[], visit: RecentTask): RecentTask[] {
  const key = taskKey(visit.task);
  return [visit, ...recents.filter((recent) => taskKey(recent.task) !== key)]
    .sort((a, b) => b.visitedAt - a.visitedAt)
    .slice(0, kept);
}

function isRecentTask(value: unknown): value is RecentTask {
  return typeof value === 'object' && value !== null && 'task' in value && 'url' in value && 'visitedAt' in value;
}

export async function loadRecentTasks(): Promise<RecentTask[]> {
  const stored = (await browser.storage.local.get(storageKey))[storageKey];
  return Array.isArray(stored) ? stored.filter(isRecentTask) : [];
}

let saving: Promise<void> = Promise.resolve();

/** Serialised, so two task pages opening at once do not drop each other's visit. */
export function recordVisit(visit: RecentTask): Promise<void> {
  saving = saving.then(async () => {
    await browser.storage.local.set({ [storageKey]: withVisit(await loadRecentTasks(), visit) });
  });
  return saving;
}
