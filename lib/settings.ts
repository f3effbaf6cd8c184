import browser from 'webextension-polyfill';
import type { TrackerSettingsMap } from './settings-types';
import type { KeyValueMemo, TrackerId } from './trackers/types';

/**
 * Credentials and small cached state live in `storage.local` only: never synced, never sent to a page.
 * Keys: `settings.<tracker>` for what the user entered, `memo.<key>` for what a client caches (tokens, schemes).
 */
export const settingsKey = (tracker: TrackerId): string => `settings.${tracker}`;

export async function loadTrackerSettings<K extends TrackerId>(tracker: K): Promise<TrackerSettingsMap[K] | undefined> {
  const key = settingsKey(tracker);
  const stored = await browser.storage.local.get(key);
  return stored[key] as TrackerSettingsMap[K] | undefined;
}

export async function saveTrackerSettings<K extends TrackerId>(
  tracker: K,
  settings: TrackerSettingsMap[K],
): Promise<void> {
  await browser.storage.local.set({ [settingsKey(tracker)]: settings });
}

export const storageMemo: KeyValueMemo = {
  async get(key) {
    const stored = await browser.storage.local.get(`memo.${key}`);
    const value = stored[`memo.${key}`];
    return typeof value === 'string' ? value : undefined;
  },
  async set(key, value) {
    if (value === undefined) await browser.storage.local.remove(`memo.${key}`);
    else await browser.storage.local.set({ [`memo.${key}`]: value });
  },
};
