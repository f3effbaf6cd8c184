import browser from 'webextension-polyfill';

/** Whether a storage change (the changed keys, in `area`) makes a cached value stale. */
export type StaleAfter = (changedKeys: readonly string[], area: string) => boolean;

/**
 * A value read from extension storage (or built from it), kept in memory until a change makes it stale; a failed
 * read is not kept. Each storage read is a trip to the browser process: Chrome takes about 20 ms for
 * `storage.managed`, and a hot path such as finishing a download would otherwise pay a `storage.local` read per file.
 */
export function cachedUntilChanged<T>(read: () => Promise<T>, staleAfter: StaleAfter): () => Promise<T> {
  let cached: Promise<T> | undefined;
  let watching = false;
  return () => {
    if (!watching) {
      watching = true;
      browser.storage.onChanged.addListener((changes, area) => {
        if (staleAfter(Object.keys(changes), area)) cached = undefined;
      });
    }
    if (!cached) {
      const reading = read();
      cached = reading;
      reading.catch(() => {
        if (cached === reading) cached = undefined;
      });
    }
    return cached;
  };
}
