import { hostMatches, matchPatternsOf } from './host-match';
import { trackerPages } from './pages';
import type { TrackerId } from './types';

/**
 * Hosts of the trackers' public (cloud) APIs: where requests with the stored credentials may go. A custom host (an
 * on-premise Pyrus) is asked for at the moment the user saves it, and is used only once the browser granted it.
 */
export const trackerApiHosts: Record<TrackerId, readonly string[]> = {
  pyrus: ['accounts.pyrus.com', 'api.pyrus.com', 'files.pyrus.com'],
  // Attachment downloads redirect to Yandex's storage hosts (no credentials go there).
  'yandex-tracker': ['api.tracker.yandex.net', '*.mds.yandex.net'],
  // The admin API lives on the account's own host.
  worksection: ['*.worksection.com'],
  planfix: ['apiru.planfix.ru', 'api.planfix.ru', 'api.planfix.com', 'api-sg.planfix.com', 'api-us.planfix.com'],
};

/** Whether a host is one of a tracker's own API hosts (no runtime grant needed). */
export function isTrackerApiHost(tracker: TrackerId, host: string): boolean {
  return trackerApiHosts[tracker].some((pattern) => hostMatches(host, pattern));
}

/** Every page host of the four trackers: the toolbar's hosts, and where the bridge frame may be embedded. */
export const trackerPageMatches = trackerPages.flatMap((page) => matchPatternsOf(page.hosts));

/**
 * Where the content script runs: the trackers' apps (Pyrus lives under `/t`); the others are single-page apps over
 * their whole host, so a task opened by in-app navigation still gets the toolbar.
 */
export const contentScriptMatches = trackerPages.flatMap((page) =>
  page.hosts.map((host) => `https://${host}${page.appPath ?? '/*'}`),
);

export const hostPermissions = [
  ...new Set([...trackerPageMatches, ...Object.values(trackerApiHosts).flatMap(matchPatternsOf)]),
];
