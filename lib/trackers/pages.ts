import { hostMatches } from '../http/host-match';
import type { TrackerPage } from './definition';
import type { TaskListRef, TaskRef, TrackerId } from './registry';
import type { TaskListTarget, TaskTarget } from './types';

/** On-premise page hosts the user configured, per tracker (an on-premise Pyrus). */
export type CustomPageHosts = (tracker: TrackerId) => readonly string[];

/** A tracker as far as reading page URLs goes: its id and its pages. */
export interface TrackerPages<Id extends string = string> {
  id: Id;
  page: TrackerPage;
}

/** What each tracker folder's `page.ts` exports. */
interface PageModule {
  page: TrackerPage;
}

// Found by folder, as the API clients are (clients.ts), not through the registry: reading a URL needs none of a
// tracker's settings fields, checks, strings or client, and the content script that runs in every tracker page
// carries only these parsers.
const modules = import.meta.glob<PageModule>('./*/page.ts', { eager: true });

/**
 * Every tracker's pages, under its folder's name. The folder is the tracker's id (clients.ts finds `api.ts` the
 * same way), which tests/unit/pages.test.ts holds against the registry.
 */
export const trackerPages: readonly TrackerPages<TrackerId>[] = Object.entries(modules).map(([path, module]) => ({
  id: path.split('/')[1] as TrackerId,
  page: module.page,
}));

/**
 * The task a page URL shows, read by the parser of the tracker whose page hosts (or configured on-premise hosts)
 * the URL is on: a look-alike host (`pyrus.com.evil.test`) or another tracker's host never yields a task.
 */
export function readTaskUrl<Id extends string>(
  href: string,
  registry: readonly TrackerPages<Id>[],
  customHosts: (tracker: Id) => readonly string[] = () => [],
): (TaskTarget & { tracker: Id }) | undefined {
  return readPageUrl(href, registry, customHosts, (tracker, url) => tracker.page.parse(url));
}

/** The list of tasks a page URL shows (a queue, a filter, a project), read as `readTaskUrl` reads a task. */
export function readTaskListUrl<Id extends string>(
  href: string,
  registry: readonly TrackerPages<Id>[],
  customHosts: (tracker: Id) => readonly string[] = () => [],
): (TaskListTarget & { tracker: Id }) | undefined {
  return readPageUrl(href, registry, customHosts, (tracker, url) => tracker.page.parseList?.(url));
}

/**
 * The tracker whose page hosts a URL is on, whatever the page shows (an inbox, a task, a list): enough to tell which
 * tracker a page belongs to while its address may lag behind single-page navigation.
 */
export function readTrackerHost<Id extends string>(
  href: string,
  registry: readonly TrackerPages<Id>[],
  customHosts: (tracker: Id) => readonly string[] = () => [],
): { tracker: Id; host: string } | undefined {
  return readPageUrl(href, registry, customHosts, (_tracker, url) => ({ host: url.host }));
}

function readPageUrl<Id extends string, Shown extends { host: string }>(
  href: string,
  registry: readonly TrackerPages<Id>[],
  customHosts: (tracker: Id) => readonly string[],
  read: (tracker: TrackerPages<Id>, url: URL) => Shown | undefined,
): (Shown & { tracker: Id }) | undefined {
  if (!URL.canParse(href)) return undefined;
  const url = new URL(href);
  if (url.protocol !== 'https:') return undefined;
  for (const tracker of registry) {
    const own = tracker.page.hosts.some((pattern) => hostMatches(url.hostname, pattern));
    if (!own && !customHosts(tracker.id).includes(url.host)) continue;
    const shown = read(tracker, url);
    if (shown) return { ...shown, tracker: tracker.id };
  }
  return undefined;
}

/** The task a page URL shows, among every tracker's pages. */
export function parseTaskUrl(href: string, customHosts?: CustomPageHosts): TaskRef | undefined {
  return readTaskUrl(href, trackerPages, customHosts);
}

/**
 * Whether two references name one task. One account's pages may be on several hosts (`tracker.yandex.ru` and `.com`,
 * `acme.planfix.ru` and `.com`): a task on either host of the account is the same task.
 */
export function sameTask(a: TaskRef, b: TaskRef, accountHosts: CustomPageHosts = () => []): boolean {
  if (a.tracker !== b.tracker || a.kind !== b.kind || a.id !== b.id) return false;
  const hosts = accountHosts(a.tracker);
  return a.host === b.host || (hosts.includes(a.host) && hosts.includes(b.host));
}

/** The list of tasks a page URL shows, among every tracker's pages. */
export function parseTaskListUrl(href: string, customHosts?: CustomPageHosts): TaskListRef | undefined {
  return readTaskListUrl(href, trackerPages, customHosts);
}

/** Which tracker's page host a URL is on, among every tracker's pages. */
export function parseTrackerHost(
  href: string,
  customHosts?: CustomPageHosts,
): { tracker: TrackerId; host: string } | undefined {
  return readTrackerHost(href, trackerPages, customHosts);
}
