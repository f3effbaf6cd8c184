import { hostMatches, matchPatternsOf } from '../http/host-match';
import { contentScriptMatchesOf } from './content-script-matches';
import type { Tracker } from './definition';
import { trackers } from './registry';

/** Whether a host is one of a tracker's own API hosts: the credentials may go there without a runtime grant. */
export function isTrackerApiHost(tracker: Tracker, host: string): boolean {
  return tracker.apiHosts.some((pattern) => hostMatches(host, pattern));
}

/** The manifest's host lists, derived from a registry of trackers. */
export function hostListsOf(registry: readonly Tracker[]) {
  /** Every page host of the trackers: the toolbar's hosts, and where the bridge frame may be embedded. */
  const pageMatches = registry.flatMap((tracker) => matchPatternsOf(tracker.page.hosts));
  return {
    pageMatches,
    contentScriptMatches: contentScriptMatchesOf(registry),
    /** The page hosts and the trackers' API hosts; a custom server is asked for when the user saves it. */
    hostPermissions: [
      ...new Set([...pageMatches, ...registry.flatMap((tracker) => matchPatternsOf(tracker.apiHosts))]),
    ],
  };
}

export const { pageMatches: trackerPageMatches, hostPermissions } = hostListsOf(trackers);
