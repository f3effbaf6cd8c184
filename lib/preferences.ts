import browser from 'webextension-polyfill';
import { defaultPathPattern } from './downloads/path-pattern';

/** What the user prefers for transfers; stored in `storage.local` under one key, with defaults for anything unset. */
export interface Preferences {
  /** Folder and file pattern under the downloads folder (tokens: see lib/downloads/path-pattern.ts). */
  pathPattern: string;
  /** Downloads at once (Chromium runs at most 6 per host anyway). */
  parallelDownloads: number;
  zipByDefault: boolean;
  parallelUploads: number;
  defaultComment: string;
}

export const defaultPreferences: Preferences = {
  pathPattern: defaultPathPattern,
  parallelDownloads: 4,
  zipByDefault: false,
  parallelUploads: 2,
  defaultComment: '',
};

export const preferencesKey = 'preferences';

export async function loadPreferences(): Promise<Preferences> {
  const stored = (await browser.storage.local.get(preferencesKey))[preferencesKey];
  return { ...defaultPreferences, ...(typeof stored === 'object' && stored !== null ? stored : {}) };
}

export async function savePreferences(changes: Partial<Preferences>): Promise<void> {
  await browser.storage.local.set({ [preferencesKey]: { ...(await loadPreferences()), ...changes } });
}
