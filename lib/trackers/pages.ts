import { hostMatches } from '../http/host-match';
import type { Tracker } from './definition';
import { type TaskRef, type TrackerId, trackers } from './registry';
import type { TaskTarget } from './types';

/** On-premise page hosts the user configured, per tracker (an on-premise Pyrus). */
export type CustomPageHosts = (tracker: TrackerId) => readonly string[];

/**
 * The task a page URL shows, read by the parser of the tracker whose page hosts (or configured on-premise hosts)
 * the URL is on: a look-alike host (`pyrus.com.evil.test`) or another tracker's host never yields a task.
 */
export function readTaskUrl<Id extends string>(
  href: string,
  registry: readonly Tracker<Id>[],
  customHosts: (tracker: Id) => readonly string[] = () => [],
): (TaskTarget & { tracker: Id }) | undefined {
  if (!URL.canParse(href)) return undefined;
  const url = new URL(href);
  if (url.protocol !== 'https:') return undefined;
  for (const tracker of registry) {
    const own = tracker.page.hosts.some((pattern) => hostMatches(url.hostname, pattern));
    if (!own && !customHosts(tracker.id).includes(url.host)) continue;
    const target = tracker.page.parse(url);
    if (target) return { ...target, tracker: tracker.id };
  }
  return undefined;
}

/** The task a page URL shows, among the registered trackers. */
export function parseTaskUrl(href: string, customHosts?: CustomPageHosts): TaskRef | undefined {
  return readTaskUrl(href, trackers, customHosts);
}
