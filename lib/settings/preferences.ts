import * as v from 'valibot';
import browser from 'webextension-polyfill';
import { cachedUntilChanged } from './cache';

/** Where a file goes under the downloads folder (tokens: see lib/downloads/path-pattern.ts). */
export const defaultPathPattern = '{tracker}/{taskId} {taskTitle}/{fileName}';

/** What the user prefers for transfers; stored in `storage.local` under one key, with defaults for anything unset. */
export const PreferencesSchema = v.strictObject({
  /** Folder and file pattern under the downloads folder (tokens: see lib/downloads/path-pattern.ts). */
  pathPattern: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(300)),
  /** Downloads at once (Chromium runs at most 6 per host anyway). */
  parallelDownloads: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6)),
  zipByDefault: v.boolean(),
  /**
   * When a file of the task is already in the folder: leave it if it is unchanged (a changed one is saved beside
   * it), replace it, or save another copy beside it.
   */
  existingFiles: v.picklist(['skip-identical', 'overwrite', 'keep-both']),
  parallelUploads: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4)),
  defaultComment: v.pipe(v.string(), v.maxLength(2000)),
});

export type Preferences = v.InferOutput<typeof PreferencesSchema>;

export const defaultPreferences: Preferences = {
  pathPattern: defaultPathPattern,
  parallelDownloads: 4,
  zipByDefault: false,
  existingFiles: 'skip-identical',
  parallelUploads: 2,
  defaultComment: '',
};

export const preferencesKey = 'preferences';

/** Stored preferences over the defaults; a value that no longer fits (older version, hand edit) falls back. */
export function readPreferences(stored: unknown): Preferences {
  const merged = { ...defaultPreferences, ...(typeof stored === 'object' && stored !== null ? stored : {}) };
  const result = v.safeParse(PreferencesSchema, merged);
  if (result.success) return result.output;
  const valid = Object.fromEntries(
    Object.entries(merged).filter(([key, value]) => {
      const field = PreferencesSchema.entries[key as keyof Preferences];
      return field !== undefined && v.safeParse(field, value).success;
    }),
  );
  return { ...defaultPreferences, ...valid };
}

export async function loadPreferences(): Promise<Preferences> {
  return readPreferences((await browser.storage.local.get(preferencesKey))[preferencesKey]);
}

/** The same, kept in memory until they change: for paths that read them per file. */
export const currentPreferences: () => Promise<Preferences> = cachedUntilChanged(
  loadPreferences,
  (keys, area) => area === 'local' && keys.includes(preferencesKey),
);

/** Stores the changes over the saved preferences; answers what is stored now. */
export async function savePreferences(changes: Partial<Preferences>): Promise<Preferences> {
  const next = v.parse(PreferencesSchema, { ...(await loadPreferences()), ...changes });
  await browser.storage.local.set({ [preferencesKey]: next });
  return next;
}
