import browser from 'webextension-polyfill';
import { loadConnectedPageHosts } from '../settings/store';
import { parseTaskUrl } from '../trackers/pages';
import type { TaskChoice } from './menu-model';
import { loadRecentTasks } from './recent-tasks';

/**
 * Task pages open in tabs right now, of the trackers' own hosts and of connected servers of their own (a tab's URL
 * is readable where the extension has its host's permission); not those of private windows, since the menu shows
 * in every window.
 */
export async function openTasks(): Promise<TaskChoice[]> {
  const hosts = await loadConnectedPageHosts();
  const tabs = (await browser.tabs.query({})).filter((tab) => !tab.incognito);
  return tabs.flatMap((tab) => {
    const task = tab.url ? parseTaskUrl(tab.url, hosts) : undefined;
    return task && tab.url ? [{ task, title: tab.title ?? '', url: tab.url }] : [];
  });
}

/** Tasks a file may go to without typing: those open in tabs, then the recently visited ones. */
export async function taskChoices(): Promise<TaskChoice[]> {
  return [...(await openTasks()), ...(await loadRecentTasks())];
}
