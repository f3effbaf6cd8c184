import { hostMatches } from './host-match';
import type { TrackerPage } from './page-types';
import { planfixPage } from './planfix/page';
import { pyrusPage } from './pyrus/page';
import type { TaskRef, TrackerId } from './types';
import { worksectionPage } from './worksection/page';
import { yandexTrackerPage } from './yandex-tracker/page';

/** The URL parsers of the four trackers: all a content script needs to know about them. */
export const trackerPages: readonly TrackerPage[] = [pyrusPage, yandexTrackerPage, worksectionPage, planfixPage];

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
  for (const page of trackerPages) {
    const own = page.hosts.some((pattern) => hostMatches(url.hostname, pattern));
    if (!own && !customHosts(page.tracker).includes(url.host)) continue;
    const ref = page.parse(url);
    if (ref) return ref;
  }
  return undefined;
}
