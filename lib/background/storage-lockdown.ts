/**
 * Content scripts run inside tracker pages we do not control; only the extension's own pages and worker may read
 * `storage.local`, where the tokens are. Chromium has access levels for `local` (the same switch as `session`);
 * Firefox has none, and there the default stays.
 */
export async function keepStorageFromContentScripts(): Promise<void> {
  const local: Partial<Pick<chrome.storage.StorageArea, 'setAccessLevel'>> = globalThis.chrome?.storage?.local ?? {};
  try {
    await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  } catch (error) {
    console.warn('TrackerDrop: storage stays readable by content scripts', error);
  }
}
