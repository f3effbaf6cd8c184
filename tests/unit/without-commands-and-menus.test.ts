import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { listenToToolbarCommands } from '../../lib/background/commands';
import { menuClickDeps, rebuildMenus, registerContextMenus } from '../../lib/context-menu/menus';

/**
 * Firefox for Android (the manifest's `gecko_android`) has neither `commands` nor `contextMenus` (MDN
 * browser-compat-data): the background must start all the same, or the queues it resumes after them never would.
 */

const apis = ['commands', 'contextMenus'] as const;
const saved = Object.fromEntries(apis.map((api) => [api, fakeBrowser[api]]));

function withoutApis(): void {
  for (const api of apis)
    Object.defineProperty(fakeBrowser, api, { value: undefined, configurable: true, writable: true });
}

afterEach(() => {
  for (const api of apis)
    Object.defineProperty(fakeBrowser, api, { value: saved[api], configurable: true, writable: true });
});

describe('a browser without keyboard shortcuts and context menus', () => {
  it('starts the background features that need them without throwing, and builds no menu', async () => {
    withoutApis();
    expect(() => listenToToolbarCommands()).not.toThrow();
    const deps = menuClickDeps({ limitFor: async () => 1, enqueue: async () => undefined });
    expect(() => registerContextMenus(deps)).not.toThrow();
    await expect(rebuildMenus()).resolves.toBeUndefined();
  });
});
