import { afterEach, expect, it, vi } from 'vitest';
import { claimZipFile, discardZipFile } from '../../lib/offscreen/zip-files';

/** The origin-private file system's ZIP folder, in memory: the names of the files in it. */
function zipFolderHolding(names: readonly string[]): Set<string> {
  const files = new Set(names);
  const folder = {
    async *keys() {
      yield* [...files];
    },
    async removeEntry(name: string) {
      files.delete(name);
    },
  };
  vi.stubGlobal('navigator', { storage: { getDirectory: async () => ({ getDirectoryHandle: async () => folder }) } });
  return files;
}

afterEach(() => vi.unstubAllGlobals());

it('a ZIP an earlier document built is deleted when its job is discarded, and a build under way here is kept', async () => {
  // The browser closed after the ZIP of `old` was built, before the worker had it discarded.
  const files = zipFolderHolding(['old.1.zip']);
  const building = claimZipFile('current');
  files.add(building);
  await discardZipFile('old');
  expect([...files]).toEqual([building]);
  await discardZipFile('current');
  expect([...files]).toEqual([]);
});
