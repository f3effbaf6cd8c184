import browser from 'webextension-polyfill';
import { AppError } from './errors';
import { checkSettings, emptySettings, sameHosts } from './settings-schema';
import type { TrackerSettingsMap } from './settings-types';
import { cachedUntilChanged } from './storage-cache';
import { isTrackerKey, memoKey, settingsKey } from './storage-keys';
import { accountPageHosts, customOrigins } from './trackers/account-hosts';
import { trackerIds } from './trackers/labels';
import type { CustomPageHosts } from './trackers/pages';
import type { KeyValueMemo, TrackerId } from './trackers/types';

export { settingsKey } from './storage-keys';

export { trackerIds } from './trackers/labels';

/** Bumped whenever the stored shape changes; `migrateSettings` brings older data up to it. */
export const settingsVersion = 1;
export const settingsVersionKey = 'settings.version';

type Stored = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The changes that bring stored settings from `fromVersion` to `settingsVersion` (pure, for tests).
 * Version 0 (no version key): settings written before every field existed get the defaults of the missing ones.
 */
export function migrateSettings(stored: Stored, fromVersion: number): Stored {
  const changes: Stored = {};
  if (fromVersion < 1) {
    for (const tracker of trackerIds) {
      const value = stored[settingsKey(tracker)];
      if (isRecord(value)) changes[settingsKey(tracker)] = { ...emptySettings[tracker], ...value };
    }
  }
  if (fromVersion < settingsVersion) changes[settingsVersionKey] = settingsVersion;
  return changes;
}

export async function runSettingsMigration(): Promise<void> {
  const stored = await browser.storage.local.get(null);
  const version = typeof stored[settingsVersionKey] === 'number' ? (stored[settingsVersionKey] as number) : 0;
  const changes = migrateSettings(stored, version);
  if (Object.keys(changes).length > 0) await browser.storage.local.set(changes);
}

type ManagedSettings = Partial<{ [K in TrackerId]: Partial<TrackerSettingsMap[K]> }>;
/**
 * What an administrator preset by policy (`storage.managed`); empty where there is no policy or no support. Kept
 * until the policy changes.
 */
export const loadManagedSettings: () => Promise<ManagedSettings> = cachedUntilChanged(
  readManagedSettings,
  (_keys, area) => area === 'managed',
);

async function readManagedSettings(): Promise<ManagedSettings> {
  try {
    const managed = await browser.storage.managed.get(null);
    const presets: Partial<Record<TrackerId, Stored>> = {};
    for (const tracker of trackerIds) {
      const value = managed[tracker];
      if (isRecord(value)) presets[tracker] = value;
    }
    return presets as ManagedSettings;
  } catch {
    // Firefox throws when no managed manifest is installed.
    return {};
  }
}

/** A policy's values win over what the user saved, field by field. */
export function withManaged<K extends TrackerId>(
  tracker: K,
  local: TrackerSettingsMap[K] | undefined,
  managed: Partial<TrackerSettingsMap[K]> | undefined,
): TrackerSettingsMap[K] | undefined {
  if (!managed || Object.keys(managed).length === 0) return local;
  return { ...emptySettings[tracker], ...local, ...managed };
}

/** What the user saved, without policy. */
export async function loadSavedSettings<K extends TrackerId>(tracker: K): Promise<TrackerSettingsMap[K] | undefined> {
  const key = settingsKey(tracker);
  const stored = await browser.storage.local.get(key);
  const value = stored[key];
  return isRecord(value) ? (value as unknown as TrackerSettingsMap[K]) : undefined;
}

/**
 * The settings the clients use: saved ones under an administrator's policy, checked as typed ones are (a policy
 * value the options page would refuse, such as an `http://` server, leaves the tracker unconnected).
 */
export async function loadTrackerSettings<K extends TrackerId>(tracker: K): Promise<TrackerSettingsMap[K] | undefined> {
  const [saved, managed] = await Promise.all([loadSavedSettings(tracker), loadManagedSettings()]);
  const preset = managed[tracker] as Partial<TrackerSettingsMap[K]> | undefined;
  const effective = withManaged(tracker, saved, preset);
  if (!effective) return undefined;
  const checked = checkSettings(tracker, effective);
  if (checked.ok) return checked.settings;
  console.warn(`TrackerDrop: the ${tracker} settings are not valid`, checked.problems);
  return undefined;
}

/**
 * The settings, only if the browser lets the extension reach where they send the secrets: a server address that is
 * not the tracker's own (an on-premise Pyrus) must have been granted by the user first.
 */
export async function loadGrantedSettings<K extends TrackerId>(tracker: K): Promise<TrackerSettingsMap[K] | undefined> {
  const settings = await loadTrackerSettings(tracker);
  if (!settings) return undefined;
  const origins = customOrigins(tracker, settings);
  if (origins.length > 0 && !(await browser.permissions.contains({ origins }))) {
    throw new AppError('not-configured', { tracker, detail: `no permission for ${origins.join(', ')}` });
  }
  return settings;
}

/** Saves a tracker's settings; a changed server address also forgets what the client cached for the old one. */
export async function saveTrackerSettings<K extends TrackerId>(
  tracker: K,
  settings: TrackerSettingsMap[K],
): Promise<void> {
  const previous = await loadSavedSettings(tracker);
  if (previous && !sameHosts(tracker, settings, previous)) await forgetCached(tracker);
  await browser.storage.local.set({ [settingsKey(tracker)]: settings, [settingsVersionKey]: settingsVersion });
}

async function forgetCached(tracker: TrackerId): Promise<void> {
  const stored = await browser.storage.local.get(null);
  const cached = Object.keys(stored).filter((key) => isTrackerKey(tracker, key) && key !== settingsKey(tracker));
  await browser.storage.local.remove(cached);
}

/** Forgets a tracker: its settings and everything its client cached (tokens, discovered schemes). */
export async function clearTrackerSettings(tracker: TrackerId): Promise<void> {
  const stored = await browser.storage.local.get(null);
  await browser.storage.local.remove(Object.keys(stored).filter((key) => isTrackerKey(tracker, key)));
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

/** The page hosts of every connected account, so a task address the user pastes may be on an on-premise host. */
export async function loadConnectedPageHosts(): Promise<CustomPageHosts> {
  const hosts = new Map<TrackerId, readonly string[]>();
  for (const tracker of trackerIds) {
    const settings = await loadTrackerSettings(tracker);
    if (settings) hosts.set(tracker, accountPageHosts(tracker, settings));
  }
  return (tracker) => hosts.get(tracker) ?? [];
}
