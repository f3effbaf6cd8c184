import browser from 'webextension-polyfill';
import { AppError } from '../errors';
import type { Settings, Tracker } from '../trackers/definition';
import { isTrackerApiHost } from '../trackers/hosts';
import type { CustomPageHosts } from '../trackers/pages';
import { trackers } from '../trackers/registry';
import type { KeyValueMemo } from '../trackers/types';
import { cachedUntilChanged } from './cache';
import { checkSettings, sameAddresses } from './check';
import { isTrackerKey, memoKey, settingsKey } from './keys';
import { seal, unseal } from './sealed';

/** The settings with their secret fields sealed (to store) or opened (as read); a field that cannot be opened is empty. */
async function withSecrets(
  tracker: Tracker,
  settings: Settings,
  change: (value: string) => Promise<string | undefined>,
) {
  const changed = { ...settings };
  for (const field of tracker.secretFields) {
    const value = settings[field];
    if (value !== undefined) changed[field] = (await change(value)) ?? '';
  }
  return changed;
}

function isStrings(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((field) => typeof field === 'string')
  );
}

/**
 * What an administrator preset by policy (`storage.managed`), per tracker: the same fields as the options page.
 * Empty where there is no policy or no support. Kept until the policy changes.
 */
export const loadManagedSettings: () => Promise<Partial<Record<string, Settings>>> = cachedUntilChanged(
  async () => {
    try {
      const managed = await browser.storage.managed.get(null);
      return Object.fromEntries(trackers.flatMap(({ id }) => (isStrings(managed[id]) ? [[id, managed[id]]] : [])));
    } catch {
      // Firefox throws when no managed manifest is installed.
      return {};
    }
  },
  (_keys, area) => area === 'managed',
);

/** A policy's values win over what the user saved, field by field. */
export function withManaged(
  tracker: Tracker,
  saved: Settings | undefined,
  managed: Settings | undefined,
): Settings | undefined {
  if (!managed || Object.keys(managed).length === 0) return saved;
  return { ...tracker.initial, ...saved, ...managed };
}

/**
 * What the user saved, without policy. Fields added since it was saved take their initial value (what a migration
 * used to write).
 */
export async function loadSavedSettings(tracker: Tracker): Promise<Settings | undefined> {
  const key = settingsKey(tracker.id);
  const value = (await browser.storage.local.get(key))[key];
  return isStrings(value) ? withSecrets(tracker, { ...tracker.initial, ...value }, unseal) : undefined;
}

/**
 * The settings the clients use: saved ones under an administrator's policy, checked as typed ones are (a policy
 * value the options page would refuse, such as an `http://` server, leaves the tracker unconnected).
 */
export async function loadTrackerSettings(tracker: Tracker): Promise<Settings | undefined> {
  const [saved, managed] = await Promise.all([loadSavedSettings(tracker), loadManagedSettings()]);
  const effective = withManaged(tracker, saved, managed[tracker.id]);
  if (!effective) return undefined;
  const checked = checkSettings(tracker, effective);
  if (checked.ok) return checked.settings;
  console.warn(`TrackerDrop: the ${tracker.id} settings are not valid`, checked.problems);
  return undefined;
}

/**
 * The origins these settings send the secrets to that are not the tracker's own API hosts (an on-premise Pyrus).
 * They are asked for when the user saves or tests, never up front, and nothing with a secret goes there until they
 * are granted.
 */
export function customOrigins(tracker: Tracker, settings: Settings): string[] {
  return tracker.addressFields.flatMap((field) => {
    const address = settings[field] ?? '';
    const hostname = URL.canParse(address) ? new URL(address).hostname : undefined;
    return !hostname || isTrackerApiHost(tracker, hostname) ? [] : [`https://${hostname}/*`];
  });
}

/** The custom origins of these settings the browser does not let the extension reach (none granted, all listed). */
export async function ungrantedOrigins(tracker: Tracker, settings: Settings): Promise<string[]> {
  const origins = customOrigins(tracker, settings);
  return origins.length > 0 && !(await browser.permissions.contains({ origins })) ? origins : [];
}

/** Refuses settings that would send secrets where the browser does not let the extension go. */
export async function assertGranted(tracker: Tracker, settings: Settings): Promise<void> {
  const origins = await ungrantedOrigins(tracker, settings);
  if (origins.length > 0) {
    throw new AppError('not-configured', { tracker: tracker.id, detail: `no permission for ${origins.join(', ')}` });
  }
}

/** The host of such an origin, as people know it (`https://pyrus.corp.example/*` is pyrus.corp.example). */
export function hostsOf(origins: readonly string[]): string {
  return origins.map((origin) => new URL(origin.replace(/\*$/, '')).host).join(', ');
}

/** The settings, only if the browser lets the extension reach where they send the secrets. */
export async function loadGrantedSettings(tracker: Tracker): Promise<Settings | undefined> {
  const settings = await loadTrackerSettings(tracker);
  if (settings) await assertGranted(tracker, settings);
  return settings;
}

/** Saves a tracker's settings; a changed server address also forgets what the client cached for the old one. */
export async function saveTrackerSettings(tracker: Tracker, settings: Settings): Promise<void> {
  const previous = await loadSavedSettings(tracker);
  if (previous && !sameAddresses(tracker, settings, previous)) await forget(tracker, { keepSettings: true });
  await browser.storage.local.set({ [settingsKey(tracker.id)]: await withSecrets(tracker, settings, seal) });
}

async function forget(tracker: Tracker, { keepSettings }: { keepSettings: boolean }): Promise<void> {
  const stored = await browser.storage.local.get(null);
  const keys = Object.keys(stored).filter(
    (key) => isTrackerKey(tracker.id, key) && !(keepSettings && key === settingsKey(tracker.id)),
  );
  await browser.storage.local.remove(keys);
}

/** Forgets a tracker: its settings and everything its client cached (tokens, discovered schemes). */
export function clearTrackerSettings(tracker: Tracker): Promise<void> {
  return forget(tracker, { keepSettings: false });
}

/** What the clients of these trackers cached (their sessions), by memo key: handed to the upload runner's document. */
export async function loadMemoEntries(trackerIds: readonly string[]): Promise<Record<string, string>> {
  const prefix = memoKey('');
  const entries: Record<string, string> = {};
  for (const [key, value] of Object.entries(await browser.storage.local.get(null))) {
    if (typeof value !== 'string' || !key.startsWith(prefix) || !trackerIds.some((id) => isTrackerKey(id, key)))
      continue;
    const opened = await unseal(value);
    if (opened !== undefined) entries[key.slice(prefix.length)] = opened;
  }
  return entries;
}

export const storageMemo: KeyValueMemo = {
  async get(key) {
    const value = (await browser.storage.local.get(memoKey(key)))[memoKey(key)];
    return typeof value === 'string' ? unseal(value) : undefined;
  },
  async set(key, value) {
    if (value === undefined) await browser.storage.local.remove(memoKey(key));
    else await browser.storage.local.set({ [memoKey(key)]: await seal(value) });
  },
};

/** The page hosts of every connected account, so a task address the user pastes may be on an on-premise host. */
export async function loadConnectedPageHosts(): Promise<CustomPageHosts> {
  const hosts = new Map<string, readonly string[]>();
  for (const tracker of trackers) {
    const settings = await loadTrackerSettings(tracker);
    if (settings) hosts.set(tracker.id, tracker.accountPageHosts(settings));
  }
  return (id) => hosts.get(id) ?? [];
}
