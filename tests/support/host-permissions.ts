import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

/**
 * The browser's host permissions in memory (WXT's fake has none): `request` grants what it is asked for, as a user
 * who clicks Allow; the set answers what is granted now.
 */
export function fakeHostPermissions(): Set<string> {
  const granted = new Set<string>();
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins = [] }) =>
    origins.every((origin) => granted.has(origin)),
  );
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ origins = [] }) => {
    for (const origin of origins) granted.add(origin);
    return true;
  });
  vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(async ({ origins = [] }) => {
    for (const origin of origins) granted.delete(origin);
    return true;
  });
  return granted;
}
