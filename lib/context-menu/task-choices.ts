import browser from 'webextension-polyfill';
import { trackerPageMatches } from '../trackers/hosts';
import { parseTaskUrl } from '../trackers/pages';
import type { TaskChoice } from './menu-model';
import { loadRecentTasks } from './recent-tasks';

/**
 * Task pages open in tabs right now (we may read their URLs: they are our host permissions); not those of private
 * windows, since the menu shows in every window.
 */
export async function openTasks(): Promise<TaskChoice[]> {
  const tabs = (await browser.tabs.query({ url: trackerPageMatches })).filter((tab) => !tab.incognito);
  return tabs.flatMap((tab) => {
    const task = tab.url ? parseTaskUrl(tab.url) : undefined;
    return task && tab.url ? [{ task, title: tab.title ?? '', url: tab.url }] : [];
  });
}

/** Tasks a file may go to without typing: those open in tabs, then the recently visited ones. */
export async function taskChoices(): Promise<TaskChoice[]> {
  return [...(await openTasks()), ...(await loadRecentTasks())];
}
