import { hostMatches } from '../http/host-match';
import { type TaskRef, type TrackerId, trackers } from './registry';

/** On-premise page hosts the user configured, per tracker (an on-premise Pyrus). */
export type CustomPageHosts = (tracker: TrackerId) => readonly string[];

/**
 * The task a page URL shows, read by the parser of the tracker whose page hosts (or configured on-premise hosts)
 * the URL is on: a look-alike host (`pyrus.com.evil.test`) or another tracker's host never yields a task.
 */
export function parseTaskUrl(href: string, customHosts: CustomPageHosts = () => []): TaskRef | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  for (const tracker of trackers) {
    const own = tracker.page.hosts.some((pattern) => hostMatches(url.hostname, pattern));
    if (!own && !customHosts(tracker.id).includes(url.host)) continue;
    const target = tracker.page.parse(url);
    if (target) return { ...target, tracker: tracker.id };
  }
  return undefined;
}
