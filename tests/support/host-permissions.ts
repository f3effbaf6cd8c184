import { vi } from 'vitest';
import type { Permissions } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing';

type PermissionsListener = (permissions: Permissions.Permissions) => void;

/**
 * The browser's host permissions in memory (WXT's fake has none): `request` grants what it is asked for, as a user
 * who clicks Allow; the set answers what is granted now. `onAdded` and `onRemoved` tell what `request` and `remove`
 * changed (not changes made to the set directly, as a grant made before the page opened).
 */
export function fakeHostPermissions(): Set<string> {
  const granted = new Set<string>();
  const added = new Set<PermissionsListener>();
  const removed = new Set<PermissionsListener>();
  const tell = (listeners: Set<PermissionsListener>, origins: string[]) => {
    if (origins.length > 0) for (const listener of listeners) listener({ origins });
  };
  vi.spyOn(fakeBrowser.permissions, 'getAll').mockImplementation(async () => ({ origins: [...granted] }));
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) =>
    origins.every((origin) => granted.has(origin)),
  );
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ origins = [] }) => {
    const fresh = origins.filter((origin) => !granted.has(origin));
    for (const origin of fresh) granted.add(origin);
    tell(added, fresh);
    return true;
  });
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
    const gone = origins.filter((origin) => granted.has(origin));
    for (const origin of gone) granted.delete(origin);
    tell(removed, gone);
    return true;
  });
  for (const [event, listeners] of [
    [fakeBrowser.permissions.onAdded, added],
    [fakeBrowser.permissions.onRemoved, removed],
  ] as const) {
    vi.spyOn(event, 'addListener').mockImplementation((listener) => void listeners.add(listener));
    vi.spyOn(event, 'removeListener').mockImplementation((listener) => void listeners.delete(listener));
  }
  return granted;
}
