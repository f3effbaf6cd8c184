/**
 * Credentials and small cached state live in `storage.local` only: never synced, never sent to a page.
 * Keys: `settings.<tracker>` for what the user entered, `memo.<key>` for what a client caches (tokens, schemes),
 * `hosts.tested` for the servers the browser granted only for a connection test.
 * Kept free of extension APIs so Node-side tests can seed storage with the same keys.
 */
export const settingsKey = (tracker: string): string => `settings.${tracker}`;
export const memoKey = (key: string): string => `memo.${key}`;
export const testedHostsKey = 'hosts.tested';

/** A key that belongs to a tracker: its settings, or anything its client cached (clients name them `<tracker>.<what>`). */
export const isTrackerKey = (tracker: string, key: string): boolean =>
  key === settingsKey(tracker) || key.startsWith(memoKey(`${tracker}.`));
