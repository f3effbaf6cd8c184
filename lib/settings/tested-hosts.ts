import browser from 'webextension-polyfill';
import { testedHostsKey } from './keys';

/**
 * The custom servers' origins the browser granted for a connection test and no saved settings took up yet: given
 * back once the settings in effect do not use them (lib/settings/host-access.ts). Only origins that were not granted
 * before the test are recorded, so access the user gave otherwise is never taken.
 */
export async function loadTestedOrigins(): Promise<string[]> {
  const value: unknown = (await browser.storage.local.get(testedHostsKey))[testedHostsKey];
  return Array.isArray(value) ? value.filter((origin): origin is string => typeof origin === 'string') : [];
}

export async function rememberTestedOrigins(origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const known = await loadTestedOrigins();
  await browser.storage.local.set({ [testedHostsKey]: [...new Set([...known, ...origins])] });
}

export async function forgetTestedOrigins(origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const left = (await loadTestedOrigins()).filter((origin) => !origins.includes(origin));
  if (left.length > 0) await browser.storage.local.set({ [testedHostsKey]: left });
  else await browser.storage.local.remove(testedHostsKey);
}
