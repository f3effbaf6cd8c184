import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { rebuildMenus } from '../../lib/context-menu/menus';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the "Attach to task" menus', () => {
  it('are rebuilt again after one rebuild failed', async () => {
    fakeBrowser.reset();
    const created = vi.spyOn(fakeBrowser.contextMenus, 'create').mockImplementation(() => 0);
    vi.spyOn(fakeBrowser.contextMenus, 'removeAll').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.tabs, 'query').mockRejectedValueOnce(new Error('transient'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    await rebuildMenus();
    expect(created).not.toHaveBeenCalled();
    expect(logged).toHaveBeenCalledWith('TrackerDrop: context menu', new Error('transient'));

    await rebuildMenus();
    expect(created.mock.calls.map(([item]) => item.id)).toContain('page-root');
  });
});
