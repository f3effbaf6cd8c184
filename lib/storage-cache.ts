import browser from 'webextension-polyfill';

type Area = 'local' | 'managed';

/**
 * A storage read kept in memory until that key (or, without a key, anything in that area) changes. Each read of
 * extension storage is a trip to the browser process: Chrome takes about 20 ms for `storage.managed`, and a hot path
 * such as finishing a download would otherwise pay a `storage.local` read per file.
 */
export function cachedUntilChanged<T>(area: Area, key: string | undefined, read: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  let watching = false;
  return () => {
    if (!watching) {
      watching = true;
      browser.storage.onChanged.addListener((changes, changedArea) => {
        if (changedArea === area && (key === undefined || key in changes)) cached = undefined;
      });
    }
    if (!cached) {
      const reading = read();
      cached = reading;
      // A failed read is not kept.
      reading.catch(() => {
        if (cached === reading) cached = undefined;
      });
    }
    return cached;
  };
}
