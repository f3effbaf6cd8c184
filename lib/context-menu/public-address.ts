import ipaddr from 'ipaddr.js';
import { parse } from 'tldts';

/** Names that only mean something on the user's own machine or network (RFC 6761, RFC 8375, common intranets). */
const localSuffixes = ['localhost', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'corp'];

/**
 * Whether an address is on the public web. "Attach to task" fetches what a page points at; a page must not make the
 * extension reach the user's router, a service on loopback or an intranet host. IP literals are checked by their
 * range; names by their suffix: a single label or a suffix no registry serves is someone's private network. (A
 * public name that resolves to a private address cannot be told from here: extensions see no DNS.)
 */
export function isPublicAddress(url: URL): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (ipaddr.isValid(host)) return ipaddr.process(host).range() === 'unicast';
  if (!host.includes('.') || localSuffixes.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
    return false;
  }
  const parsed = parse(host);
  return parsed.isIcann === true || parsed.isPrivate === true;
}

/**
 * The site (scheme and registrable domain) of an address, as browsers decide which cookies go with it. Private
 * suffixes count: alice.github.io and bob.github.io are two sites, as they are to the browser.
 */
function siteOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  return `${url.protocol}//${parse(host, { allowPrivateDomains: true }).domain ?? host}`;
}

/** Whether a resource belongs to the same site as the page it was clicked on: only then do the user's cookies go. */
export function sameSite(resource: string, pageUrl: string | undefined): boolean {
  if (!pageUrl || !URL.canParse(resource) || !URL.canParse(pageUrl)) return false;
  const a = new URL(resource);
  const b = new URL(pageUrl);
  // Opaque origins (`data:`, `about:`, sandboxed frames) are the same as nothing, not as each other.
  if (a.origin === 'null' || b.origin === 'null') return false;
  return siteOf(a) === siteOf(b);
}
