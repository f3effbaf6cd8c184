import browser from 'webextension-polyfill';

/**
 * Whether a granted host pattern reaches an origin such as `https://pyrus.corp.example/*`: itself, or a wider one
 * (every https site, once a user turned on the access to all sites; `*.corp.example`). The path is not compared: a
 * host's access is not split by path, and counting more as granted only ever keeps more.
 */
export function patternCovers(pattern: string, origin: string): boolean {
  if (pattern === '<all_urls>') return true;
  const wanted = /^https:\/\/([^/]+)\//.exec(origin)?.[1]?.toLowerCase();
  const match = /^(\*|https):\/\/([^/]+)\//.exec(pattern);
  if (!wanted || !match?.[2]) return false;
  const host = match[2].toLowerCase().replace(/:\d+$/, '');
  if (host === '*') return true;
  if (host.startsWith('*.')) return wanted === host.slice(2) || wanted.endsWith(host.slice(1));
  return wanted === host;
}

export interface GrantedOrigins {
  /** Whether the browser lets the extension reach this origin now; undefined until the first answer came. */
  covers(origin: string): boolean | undefined;
  stop(): void;
}

/**
 * What the browser grants, known at any moment without waiting: a click that asks for a host
 * (`permissions.request`) may await nothing before it, yet must know what was granted already.
 */
export function watchGrantedOrigins(): GrantedOrigins {
  let granted: Set<string> | undefined;
  /** Changes heard before the first answer: applied over it in order (each leaves an origin as its last one did). */
  const early: { origins: readonly string[]; added: boolean }[] = [];
  const apply = (origins: readonly string[], added: boolean): void => {
    if (!granted) early.push({ origins, added });
    else for (const origin of origins) added ? granted.add(origin) : granted.delete(origin);
  };
  const onAdded = ({ origins = [] }: { origins?: string[] }): void => apply(origins, true);
  const onRemoved = ({ origins = [] }: { origins?: string[] }): void => apply(origins, false);
  browser.permissions.onAdded.addListener(onAdded);
  browser.permissions.onRemoved.addListener(onRemoved);
  void browser.permissions
    .getAll()
    .then(({ origins = [] }) => {
      granted = new Set(origins);
      for (const change of early.splice(0)) apply(change.origins, change.added);
    })
    .catch((error: unknown) => console.warn('TrackerDrop: could not read the granted hosts', error));
  return {
    covers: (origin) => (granted ? [...granted].some((pattern) => patternCovers(pattern, origin)) : undefined),
    stop() {
      browser.permissions.onAdded.removeListener(onAdded);
      browser.permissions.onRemoved.removeListener(onRemoved);
    },
  };
}
