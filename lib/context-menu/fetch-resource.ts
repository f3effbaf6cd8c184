import { TrackerError } from '../trackers/errors';
import type { TrackerId } from '../trackers/types';
import type { fetchInPage } from './page-fetch';
import { resourceName } from './resource-name';

export interface FetchedResource {
  name: string;
  type: string;
  blob: Blob;
}

export interface ResourceSource {
  url: string;
  /** The tab the menu was used in: its page's session fetches what needs it. */
  tabId?: number;
  pageUrl?: string;
}

/** How a script runs in the user's tab (chrome.scripting with the activeTab grant of the menu click). */
export type PageFetcher = (tabId: number, url: string, maxBytes: number) => ReturnType<typeof fetchInPage>;

function sourceError(detail: string): TrackerError {
  return new TrackerError('source', { detail });
}

function tooLarge(tracker: TrackerId, limit: number, name: string): TrackerError {
  return new TrackerError('too-large', { tracker, limitBytes: limit, detail: name });
}

function sameOrigin(url: string, pageUrl: string | undefined): boolean {
  try {
    return pageUrl !== undefined && new URL(url).origin === new URL(pageUrl).origin;
  } catch {
    return false;
  }
}

async function directly(url: string, tracker: TrackerId, limit: number): Promise<FetchedResource> {
  const response = await fetch(url, { credentials: 'include' }).catch(() => {
    throw sourceError(new URL(url).host || 'data');
  });
  if (!response.ok) throw sourceError(`HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  const name = resourceName(url, response.headers.get('content-disposition'), type);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) {
    await response.body?.cancel();
    throw tooLarge(tracker, limit, name);
  }
  const blob = await response.blob();
  if (blob.size > limit) throw tooLarge(tracker, limit, name);
  return { name, type: blob.type || type, blob };
}

async function inPage(source: ResourceSource, fetcher: PageFetcher, tracker: TrackerId, limit: number) {
  if (source.tabId === undefined) throw sourceError('no tab');
  const result = await fetcher(source.tabId, source.url, limit);
  if ('error' in result) {
    if (result.error === 'too-large') throw tooLarge(tracker, limit, resourceName(source.url, null, ''));
    throw sourceError(result.error);
  }
  const blob = await (await fetch(result.dataUrl)).blob();
  return { name: resourceName(source.url, result.disposition, result.type), type: result.type, blob };
}

/**
 * Gets the bytes behind a link, image or media element. `data:` URLs are decoded here; `blob:` URLs and the page's
 * own resources are fetched inside the page, with its session; anything else directly (falling back to the page
 * when the direct fetch is refused). The tracker's size limit is checked before the bytes are queued.
 */
export async function fetchResource(
  source: ResourceSource,
  tracker: TrackerId,
  limit: number,
  fetcher: PageFetcher,
): Promise<FetchedResource> {
  const { protocol } = new URL(source.url);
  if (protocol === 'data:') return directly(source.url, tracker, limit);
  if (protocol === 'blob:' || sameOrigin(source.url, source.pageUrl)) return inPage(source, fetcher, tracker, limit);
  if (protocol !== 'https:' && protocol !== 'http:') throw sourceError(protocol);
  try {
    return await directly(source.url, tracker, limit);
  } catch (error) {
    if (error instanceof TrackerError && error.kind === 'too-large') throw error;
    return inPage(source, fetcher, tracker, limit);
  }
}
