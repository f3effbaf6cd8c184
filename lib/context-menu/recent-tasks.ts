import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { TaskRefSchema } from '../messages/task-ref';
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

/** The page is the task's own, over https: the popup links to it, so nothing else may come back out of storage. */
function isTaskPage(url: string, task: TaskRef): boolean {
  if (!URL.canParse(url)) return false;
  const page = new URL(url);
  return page.protocol === 'https:' && page.host === task.host;
}

const RecentTaskSchema = v.pipe(
  v.object({ task: TaskRefSchema, title: v.string(), url: v.string(), visitedAt: v.number() }),
  v.check(({ task, url }) => isTaskPage(url, task)),
);

function isRecentTask(value: unknown): value is RecentTask {
  return v.is(RecentTaskSchema, value);
}

export async function loadRecentTasks(): Promise<RecentTask[]> {
  const stored = (await browser.storage.local.get(storageKey))[storageKey];
  return Array.isArray(stored) ? stored.filter(isRecentTask) : [];
}

let saving: Promise<void> = Promise.resolve();

/** Serialised, so two task pages opening at once do not drop each other's visit. */
export function recordVisit(visit: RecentTask): Promise<void> {
  if (!isRecentTask(visit)) return saving;
  saving = saving.then(async () => {
    await browser.storage.local.set({ [storageKey]: withVisit(await loadRecentTasks(), visit) });
  });
  return saving;
}
