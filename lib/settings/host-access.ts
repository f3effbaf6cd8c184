import browser from 'webextension-polyfill';
import { trackers } from '../trackers/registry';
import { customOrigins, loadManagedSettings, loadSavedSettings, withManaged } from './store';

/** The custom servers' origins the settings in effect use, over all trackers (a policy's server counts). */
async function originsInUse(): Promise<Set<string>> {
  const managed = await loadManagedSettings();
  const inUse = new Set<string>();
  for (const tracker of trackers) {
    const effective = withManaged(tracker, await loadSavedSettings(tracker), managed[tracker.id]);
    for (const origin of effective ? customOrigins(tracker, effective) : []) inUse.add(origin);
  }
  return inUse;
}

/**
 * Makes a change to the saved settings and gives back the access to the custom servers it left unused (a server
 * changed, a tracker cleared): only origins the settings used before, so nothing the user granted otherwise.
 */
export async function releasingUnusedHosts(change: () => Promise<void>): Promise<void> {
  const before = await originsInUse();
  await change();
  const after = await originsInUse();
  const unused = [...before].filter((origin) => !after.has(origin));
  if (unused.length === 0) return;
  try {
    await browser.permissions.remove({ origins: unused });
  } catch (error) {
    // The change is saved; an access kept longer than needed is no reason to report it failed.
    console.warn('TrackerDrop: could not give back access to', unused, error);
  }
}
