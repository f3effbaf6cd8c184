import browser from 'webextension-polyfill';
import type { TrackerSettingsMap } from './settings-types';
import { memoKey, settingsKey } from './storage-keys';
import type { KeyValueMemo, TrackerId } from './trackers/types';

export { settingsKey } from './storage-keys';

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
    const stored = await browser.storage.local.get(memoKey(key));
    const value = stored[memoKey(key)];
    return typeof value === 'string' ? value : undefined;
  },
  async set(key, value) {
    if (value === undefined) await browser.storage.local.remove(memoKey(key));
    else await browser.storage.local.set({ [memoKey(key)]: value });
  },
};
