import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { cachedUntilChanged } from '../../lib/settings/cache';

beforeEach(() => fakeBrowser.reset());

describe('cachedUntilChanged', () => {
  it('reads once, again after a change that makes it stale, and not after other changes', async () => {
    let reads = 0;
    const read = cachedUntilChanged(
      async () => {
        reads++;
        return (await fakeBrowser.storage.local.get('watched')).watched;
      },
      (keys, area) => area === 'local' && keys.includes('watched'),
    );
    await fakeBrowser.storage.local.set({ watched: 1 });
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    expect(reads).toBe(1);

    await fakeBrowser.storage.local.set({ other: 2 });
    expect(await read()).toBe(1);
    expect(reads).toBe(1);

    await fakeBrowser.storage.local.set({ watched: 3 });
    expect(await read()).toBe(3);
    expect(reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let reads = 0;
    const read = cachedUntilChanged(
      async () => {
        reads++;
        if (reads === 1) throw new Error('not yet');
        return 'ok';
      },
      () => false,
    );
    await expect(read()).rejects.toThrow('not yet');
    expect(await read()).toBe('ok');
    expect(reads).toBe(2);
  });
});
