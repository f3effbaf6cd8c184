import type { KeyValueMemo } from '../trackers/types';

/** Small client state (a Pyrus token) kept in memory, for a document's life or a test's. */
export function memoryMemo(): KeyValueMemo {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => {
      if (value === undefined) values.delete(key);
      else values.set(key, value);
      return Promise.resolve();
    },
  };
}
