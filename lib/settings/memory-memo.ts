import type { KeyValueMemo } from '../trackers/types';

/**
 * Small client state (a Pyrus token) kept in memory, for a document's life or a test's. `seed` takes what another
 * context cached without telling `onChange`, which hears of what the clients here write.
 */
export function memoryMemo(onChange?: (key: string, value: string | undefined) => void) {
  const values = new Map<string, string>();
  const memo: KeyValueMemo = {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
      onChange?.(key, value);
      return Promise.resolve();
    },
  };
  const seed = (entries: Record<string, string>): void => {
    for (const [key, value] of Object.entries(entries)) values.set(key, value);
  };
  return { ...memo, seed };
}
