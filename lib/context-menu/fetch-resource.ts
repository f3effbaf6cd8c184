import { AppError } from '../errors';
import { formatBytes } from '../format';
import { t } from '../i18n/t';
import type { TrackerId } from '../trackers/registry';
import type { fetchInPage } from './page-fetch';
import { isPublicAddress, sameSite } from './public-address';
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
  /** The frame the menu was used in, when not the top one, and its address. */
  frameId?: number;
  frameUrl?: string;
  /** A private window's tab: the extension's own requests would carry the cookies of the normal windows. */
  incognito?: boolean;
}

/**
 * How a script runs in the frame of the user's tab the menu was used in (chrome.scripting with the activeTab grant of
 * the menu click), only while the tab still shows `pageUrl` and the frame `frameUrl`. `refused`: the browser would not
 * run it there, in its words.
 */
export type PageFetcher = (
  source: { tabId: number; pageUrl: string | undefined; frameId?: number; frameUrl?: string },
  request: { url: string; maxBytes: number; credentials: RequestCredentials },
) => Promise<Awaited<ReturnType<typeof fetchInPage>> | { refused: string }>;

/**
 * What the page can hand back in one piece: a script result travels as a data: URL, a third larger than the file,
 * all in memory. Anything bigger is saved and dropped on the toolbar instead, which streams from disk.
 */
export const inPageMaxBytes = 64 * 1024 * 1024;

/**
 * The address of the document the resource was clicked in, which judges it: its frame's, else the page's. An
 * about:blank or about:srcdoc frame is of the origin of the document that made it, in practice the page.
 */
function documentUrl({ frameUrl, pageUrl }: ResourceSource): string | undefined {
  return frameUrl && !frameUrl.startsWith('about:') ? frameUrl : pageUrl;
}

function sameOrigin(url: string, pageUrl: string | undefined): boolean {
  if (!pageUrl || !URL.canParse(pageUrl)) return false;
  const origin = new URL(url).origin;
  return origin !== 'null' && origin === new URL(pageUrl).origin;
}

function sourceError(detail: string): AppError {
  return new AppError('source', { detail });
}

function tooLarge(tracker: TrackerId, limit: number, name: string): AppError {
  return new AppError('too-large', { tracker, limitBytes: limit, detail: name });
}

/**
 * In a frame of another origin than the page's the browser may keep the extension out: Chromium's activeTab grants the
 * top page's origin only, Firefox's the frames of that origin and those the page itself declared.
 */
function frameRefused(): AppError {
  return sourceError(t('menuFrameRefused'));
}

function hasDetail(error: unknown, detail: string): boolean {
  return error instanceof AppError && error.details.detail === detail;
}

/**
 * Where a redirect leads cannot be checked before it is followed (an extension cannot read the Location of one it
 * does not follow). So a request with the user's cookies may not redirect, which could take cookies to another site: a
 * link that redirects is asked again without them, and the address it ends at is checked before its body is read.
 */
async function request(url: string, credentials: RequestCredentials): Promise<Response> {
  if (credentials === 'include') {
    const response = await fetch(url, { credentials, redirect: 'error' }).catch(() => undefined);
    if (response) return response;
  }
  const response = await fetch(url, { credentials: 'omit' }).catch(() => {
    throw sourceError(new URL(url).host || 'data');
  });
  if (response.redirected && !isPublicAddress(new URL(response.url))) {
    await response.body?.cancel();
    throw sourceError(t('menuPrivateAddress'));
  }
  return response;
}

/** The body's pieces, or nothing once they pass `limit`: Content-Length may be missing, or the compressed size. */
async function readUpTo(
  body: ReadableStream<Uint8Array<ArrayBuffer>> | null,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>[] | undefined> {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  const reader = body?.getReader();
  let size = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader?.cancel();
      return undefined;
    }
    pieces.push(chunk.value);
  }
  return pieces;
}

async function directly(
  url: string,
  tracker: TrackerId,
  limit: number,
  credentials: RequestCredentials,
): Promise<FetchedResource> {
  const response = await request(url, credentials);
  if (!response.ok) throw sourceError(`HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  const name = resourceName(url, response.headers.get('content-disposition'), type);
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > limit) {
    await response.body?.cancel();
    throw tooLarge(tracker, limit, name);
  }
  const pieces = await readUpTo(response.body, limit);
  if (!pieces) throw tooLarge(tracker, limit, name);
  const blob = new Blob(pieces, { type });
  return { name, type: blob.type || type, blob };
}

async function inPage(
  source: ResourceSource,
  fetcher: PageFetcher,
  tracker: TrackerId,
  limit: number,
  credentials: RequestCredentials,
): Promise<FetchedResource> {
  const { url, tabId, pageUrl, frameId, frameUrl } = source;
  if (tabId === undefined) throw sourceError('no tab');
  const maxBytes = Math.min(limit, inPageMaxBytes);
  const result = await fetcher({ tabId, pageUrl, frameId, frameUrl }, { url, maxBytes, credentials });
  if ('refused' in result) throw frameId ? frameRefused() : sourceError(result.refused);
  if ('error' in result) {
    const name = resourceName(source.url, null, '');
    if (result.error === 'page-changed') throw sourceError(t('menuPageChanged'));
    if (result.error === 'too-large' && maxBytes < limit) {
      throw sourceError(t('menuTooLargeForPage', formatBytes(inPageMaxBytes)));
    }
    if (result.error === 'too-large') throw tooLarge(tracker, limit, name);
    throw sourceError(result.error);
  }
  const blob = await (await fetch(result.dataUrl)).blob();
  return { name: resourceName(source.url, result.disposition, result.type), type: result.type, blob };
}

/**
 * Gets the bytes behind a link, image or media element. `data:` URLs are decoded here; `blob:` URLs are fetched
 * inside the page (in the frame the menu was used in), and so are the page's own resources (with its session);
 * anything else directly, with the user's cookies only when it is of the page's own site, or inside the page when the
 * extension may not read it. "The page" is the clicked frame's document where the click was in a frame. Addresses on
 * the user's own machine or network are refused, also where a redirect ends. The tracker's size limit is kept while
 * reading.
 */
export async function fetchResource(
  source: ResourceSource,
  tracker: TrackerId,
  limit: number,
  fetcher: PageFetcher,
): Promise<FetchedResource> {
  const url = new URL(source.url);
  if (url.protocol === 'data:') return directly(source.url, tracker, limit, 'omit');
  const clickedIn = documentUrl(source);
  // Inside the frame, the browser gives the fetch the cookies that frame has (in a private window, that window's
  // own). The extension's own request would carry the normal windows' first-party cookies: never for a private
  // window, and only to a resource of the page's site as well as the frame's (a frame of another site inside the
  // page does not have them: third-party cookies are partitioned or blocked).
  const inPageCredentials: RequestCredentials = sameSite(source.url, clickedIn) ? 'include' : 'omit';
  const ownCredentials: RequestCredentials =
    !source.incognito && inPageCredentials === 'include' && sameSite(source.url, source.pageUrl) ? 'include' : 'omit';
  if (url.protocol === 'blob:') return inPage(source, fetcher, tracker, limit, inPageCredentials);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw sourceError(url.protocol);
  if (!isPublicAddress(url)) throw sourceError(t('menuPrivateAddress'));
  // The page's own resources come with its session, which only the page itself has. The page follows no redirect
  // (see fetchInPage): where one leads, the extension follows it, without the session. A frame the browser keeps
  // the extension out of leaves the extension's own request.
  let keptOut = false;
  if (sameOrigin(source.url, clickedIn)) {
    try {
      return await inPage(source, fetcher, tracker, limit, inPageCredentials);
    } catch (error) {
      if (hasDetail(error, 'redirected')) return directly(source.url, tracker, limit, 'omit');
      if (!hasDetail(error, t('menuFrameRefused'))) throw error;
      keptOut = true;
    }
  }
  try {
    return await directly(source.url, tracker, limit, ownCredentials);
  } catch (error) {
    const tooLargeError = error instanceof AppError && error.kind === 'too-large';
    if (tooLargeError || hasDetail(error, t('menuPrivateAddress'))) throw error;
    if (keptOut) throw frameRefused();
    return inPage(source, fetcher, tracker, limit, inPageCredentials);
  }
}
