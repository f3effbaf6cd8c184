import type { TrackerPage } from './definition';

/**
 * Where the content script runs: the trackers' apps (Pyrus lives under `/t`); the others are single-page apps over
 * their whole host, so a task opened by in-app navigation still gets the toolbar. It needs each tracker's pages
 * only: the content script passes the page parsers it carries anyway (`trackerPages`), not the registry.
 */
export function contentScriptMatchesOf(trackers: readonly { page: TrackerPage }[]): string[] {
  return trackers.flatMap(({ page }) => page.hosts.map((host) => `https://${host}${page.appPath ?? '/*'}`));
}
